import { createClient } from 'redis';
import type { SessionState } from '../domain/state.js';
import { StoreUnavailableError, type Mutation, type SessionStore, type UpdateOutcome } from '../ports/session-store.js';

export type RedisStoreOptions = {
  url: string;
  /** Namespaces every key, so several deployments or test runs can share one Redis. */
  keyPrefix?: string;
  /** Told when the connection is lost and when it is back; never given session data. */
  log?: (msg: string) => void;
  /** How long a command may wait for Redis before the store reports itself unavailable. */
  commandTimeoutMs?: number;
};

const MAX_ATTEMPTS = 50;

// Creates only if absent, with the expiry set in the same step so no key lives without one.
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'json', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1`;

// Writes only if the version is still the one read: 1 written, 0 someone wrote first, -1 gone.
const CHECK_AND_SET = `
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return -1 end
if v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'json', ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return 1`;

function makeClient(options: RedisStoreOptions) {
  return createClient({
    url: options.url,
    // While disconnected, commands fail at once instead of queueing until Redis returns:
    // a member waiting on a frozen button is worse than "temporarily unavailable".
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs ?? 3000 },
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100),
    },
  });
}

/** Sessions in Redis, one hash per session: `v` (the version) and `json` (the state). */
export class RedisStore implements SessionStore {
  readonly kind = 'redis' as const;
  readonly #client: ReturnType<typeof makeClient>;
  readonly #prefix: string;
  readonly #connected: Promise<unknown>;
  #conflicts = 0;

  /** Starts connecting in the background; until connected, operations throw StoreUnavailableError. */
  constructor(options: RedisStoreOptions) {
    this.#prefix = options.keyPrefix ?? 'circle:';
    this.#client = makeClient(options);
    const log = options.log ?? (() => {});
    let lost = false;
    // Without an 'error' listener an outage would crash the process.
    this.#client.on('error', (err: unknown) => {
      if (lost) return;
      lost = true;
      log(`Redis is unreachable (${failureKind(err)}); sessions are temporarily unavailable`);
    });
    this.#client.on('ready', () => {
      if (lost) log('Redis is reachable again');
      lost = false;
    });
    // connect() keeps retrying until ready or closed; failures already reach the listener above.
    this.#connected = this.#client.connect().catch(() => {});
  }

  /** A store whose first connection succeeded within `timeoutMs`, so a wrong REDIS_URL fails at start. */
  static async connect(options: RedisStoreOptions & { timeoutMs?: number }): Promise<RedisStore> {
    const store = new RedisStore(options);
    const ready = await within(store.#connected.then(() => store.#client.isReady), options.timeoutMs ?? 10_000);
    if (ready) return store;
    store.#client.destroy();
    throw new StoreUnavailableError(new Error(`Could not connect to Redis within ${options.timeoutMs ?? 10_000} ms`));
  }

  /** How many writes lost a check-and-set race and were re-run: contention, for tests and metrics. */
  get conflicts(): number {
    return this.#conflicts;
  }

  async create(state: SessionState): Promise<void> {
    const created = await this.#redis(() =>
      this.#client.eval(CREATE, {
        keys: [this.#key(state.id)],
        arguments: [String(state.version), JSON.stringify(state), String(Math.ceil(state.retainUntil))],
      }),
    );
    if (created !== 1) throw new Error(`Session ${state.id} already exists`);
  }

  async load(id: string): Promise<SessionState | null> {
    return (await this.#read(id))?.state ?? null;
  }

  // Updates of one session from this process queue up here, so the check-and-set only ever
  // races other processes; otherwise N local callers would burn up to N retries each.
  update<R>(id: string, fn: (state: SessionState) => Mutation<R>): Promise<UpdateOutcome<R>> {
    return this.#serially(id, () => this.#update(id, fn));
  }

  async close(): Promise<void> {
    if (!this.#client.isOpen) return;
    // close() waits for replies to pending commands, which never come if Redis is gone.
    if (this.#client.isReady && (await within(this.#client.close().then(() => true), 2000))) return;
    if (this.#client.isOpen) this.#client.destroy();
  }

  async #update<R>(id: string, fn: (state: SessionState) => Mutation<R>): Promise<UpdateOutcome<R>> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const read = await this.#read(id);
      if (!read) return { found: false };
      const { state, result } = fn(read.state);
      if (state === read.state) return { found: true, state, result, changed: false };
      if (!(state.version > read.state.version)) throw new Error(`Session ${id}: an update must raise the version`);
      const written = await this.#redis(() =>
        this.#client.eval(CHECK_AND_SET, {
          keys: [this.#key(id)],
          arguments: [read.v, String(state.version), JSON.stringify(state), String(Math.ceil(state.retainUntil))],
        }),
      );
      if (written === 1) return { found: true, state, result, changed: true };
      if (written === -1) return { found: false };
      this.#conflicts++;
      // Jitter keeps competing processes from colliding again in lockstep.
      await sleep(Math.random() * Math.min(2 ** attempt, 25));
    }
    throw new StoreUnavailableError(new Error(`Session ${id}: gave up after ${MAX_ATTEMPTS} conflicting writes`));
  }

  async #read(id: string): Promise<{ v: string; state: SessionState } | null> {
    const [v, json] = await this.#redis(() => this.#client.hmGet(this.#key(id), ['v', 'json']));
    if (v == null || json == null) return null;
    return { v, state: JSON.parse(json) as SessionState };
  }

  /** Any failure of Redis itself means the store cannot answer, never that the session is absent. */
  async #redis<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  readonly #tails = new Map<string, Promise<unknown>>();

  #serially<T>(id: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#tails.get(id) ?? Promise.resolve()).then(task);
    const tail = run.catch(() => {});
    this.#tails.set(id, tail);
    void tail.then(() => {
      if (this.#tails.get(id) === tail) this.#tails.delete(id);
    });
    return run;
  }

  #key(id: string): string {
    return `${this.#prefix}session:${id}`;
  }
}

/** The promise's value, or undefined if it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The kind of failure only (e.g. ECONNREFUSED), never a message that could carry data. */
function failureKind(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.name : 'unknown error';
}

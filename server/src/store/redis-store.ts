import { exhaustiveSwitchError } from '@circle/shared';
import { createClient, ErrorReply } from 'redis';
import type { SessionState } from '../domain/state.js';
import { StoreUnavailableError, type Mutation, type SessionStore, type StoredChange, type UpdateOutcome } from '../ports/session-store.js';
import { withDeadline, type Deadline } from './deadline.js';
import { durabilityWarnings } from './redis-durability.js';
import { HeadroomWatch } from './redis-headroom.js';
import { scripts, type Verdict } from './redis-scripts.js';
import { SessionCache, type Known } from './session-cache.js';
import { allFields, hashOf, readChanges, readHash, withParts, writeFrom, type StoredSession } from './session-hash.js';

export type RedisStoreOptions = {
  url: string;
  /** Namespaces every key, so several deployments or test runs can share one Redis. */
  keyPrefix?: string;
  /**
   * Told when the connection is lost and when it is back, and what Redis's settings put at risk
   * (when first connected and whenever it is back); never given session data.
   */
  log?: (msg: string) => void;
  /** How long an operation may wait for Redis before the store reports itself unavailable. */
  commandTimeoutMs?: number;
  /** How many sessions' last known state to keep in this process (least recently used go first). */
  cacheSize?: number;
  /** How often to check how full Redis is, when there is a `log` to tell (redis-headroom.ts). */
  headroomEveryMs?: number;
};

const MAX_ATTEMPTS = 50;

function makeClient(options: RedisStoreOptions) {
  return createClient({
    url: options.url,
    // While disconnected, commands fail at once instead of queueing until Redis returns:
    // a member waiting on a frozen button is worse than "temporarily unavailable".
    disableOfflineQueue: true,
    scripts,
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100),
    },
  });
}

type Client = ReturnType<typeof makeClient>;

/**
 * Sessions in Redis, one hash per session: `v` (the version) and one JSON field per top-level
 * key of the state (see session-hash.ts).
 *
 * Each process keeps the last state it read or wrote of recently used sessions, so an update
 * usually costs one round trip and no parse: `fn` runs on that state, and the check-and-set
 * against its version either writes the fields that changed or answers with what changed since
 * (or, for a hash not stamped throughout, all Redis holds now). `load` always reads Redis, since
 * it must see other processes' writes.
 */
export class RedisStore implements SessionStore {
  readonly kind = 'redis' as const;
  readonly #client: Client;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #cache: SessionCache;
  readonly #connected: Promise<unknown>;
  readonly #log: (msg: string) => void;
  #conflicts = 0;
  /** Redis refused a write for want of memory, and none has landed since. */
  #full = false;
  #headroom: HeadroomWatch | null = null;

  /** Starts connecting in the background; until connected, operations throw StoreUnavailableError. */
  constructor(options: RedisStoreOptions) {
    this.#prefix = options.keyPrefix ?? 'circle:';
    this.#timeoutMs = options.commandTimeoutMs ?? 3000;
    this.#cache = new SessionCache(options.cacheSize ?? 2000);
    this.#client = makeClient(options);
    const log = options.log ?? (() => {});
    this.#log = log;
    let lost = false;
    // Without an 'error' listener an outage would crash the process.
    this.#client.on('error', (err: unknown) => {
      if (lost) return;
      lost = true;
      log(`Redis is unreachable (${failureKind(err)}); sessions are temporarily unavailable`);
    });
    this.#client.on('ready', () => {
      // A Redis that comes back may have lost recent writes (a restart without fsync, a failover
      // to a lagging replica). Other processes could then reach a version this one knows again,
      // with other content, and the check-and-set cannot tell: nothing known before is trusted.
      this.#cache.clear();
      if (lost) {
        log('Redis is reachable again');
        // Perhaps as another Redis (a failover) or restarted with other settings.
        if (options.log) void this.#warnOfRisks();
      }
      lost = false;
    });
    // connect() keeps retrying until ready or closed; failures already reach the listener above.
    this.#connected = this.#client.connect().catch(() => {});
  }

  /**
   * A store whose first connection succeeded within `timeoutMs`, so a wrong REDIS_URL fails at
   * start; `log` hears what Redis's own settings put at risk of acknowledged changes.
   */
  static async connect(options: RedisStoreOptions & { timeoutMs?: number }): Promise<RedisStore> {
    const store = new RedisStore(options);
    const ready = await within(store.#connected.then(() => store.#client.isReady), options.timeoutMs ?? 10_000);
    if (ready) {
      if (options.log) {
        await store.#warnOfRisks();
        store.#headroom = new HeadroomWatch((args) => store.command(args), options.log).start(options.headroomEveryMs);
        await store.#headroom.check();
      }
      return store;
    }
    store.#client.destroy();
    throw new StoreUnavailableError(new Error(`Could not connect to Redis within ${options.timeoutMs ?? 10_000} ms`));
  }

  /** Tells the log what this Redis's settings put at risk of acknowledged changes, if anything. */
  async #warnOfRisks(): Promise<void> {
    for (const warning of await durabilityWarnings((args) => this.command(args))) this.#log(warning);
  }

  /** How many writes lost a check-and-set race and were re-run: contention, for tests and metrics. */
  get conflicts(): number {
    return this.#conflicts;
  }

  async create(state: SessionState): Promise<void> {
    const v = String(state.version);
    const created = await withDeadline(this.#timeoutMs, (d) =>
      this.#redis(d, (c) => c.createSession(this.#key(state.id), v, expireAt(state), allFields(state))),
    );
    if (created !== 1) throw new Error(`Session ${state.id} already exists`);
    this.#wrote();
    this.#cache.remember(state.id, v, state);
  }

  async load(id: string): Promise<SessionState | null> {
    const read = await withDeadline(this.#timeoutMs, (d) => this.#read(id, d));
    if (!read) {
      this.#cache.forget(id);
      return null;
    }
    // The caller gets this parse to keep; the cache takes a frozen copy, and only if it learns something.
    this.#cache.rememberIfNewer(id, read);
    return read.state;
  }

  // Updates of one session from this process queue up here, so the check-and-set only ever
  // races other processes (otherwise N local callers would burn up to N retries each), and the
  // cached state of a session only ever has one user.
  update<R>(id: string, fn: (state: SessionState) => Mutation<R>): Promise<UpdateOutcome<R>> {
    return this.#serially(id, async () => {
      try {
        return await withDeadline(this.#timeoutMs, (d) => this.#update(id, fn, d));
      } catch (err) {
        // A write that timed out may still land: what this process knows of the session is moot.
        if (err instanceof StoreUnavailableError) this.#cache.forget(id);
        throw err;
      }
    });
  }

  /**
   * Another process wrote `from` → `to`: what this one knows at `from` moves on to `to`, so its
   * next update wins the check-and-set at once. Anything else known is left to the check-and-set.
   * Within an update already under way the state it holds is its own; its write is refused and
   * answered with the same change.
   */
  heard({ sessionId, from, to, replaced, dropped }: StoredChange): void {
    const known = this.#cache.get(sessionId);
    if (!known || known.legacy || known.v !== String(from)) return;
    this.#cache.adopt(sessionId, withParts(known, String(to), replaced, dropped));
  }

  async sessionIds(): Promise<string[]> {
    const prefix = this.#key('');
    const ids: string[] = [];
    await withDeadline(this.#timeoutMs, (d) =>
      this.#redis(d, async (c) => {
        // SCAN, not KEYS: Redis goes on answering everyone else between the batches.
        for await (const keys of c.scanIterator({ MATCH: `${globEscaped(prefix)}*`, COUNT: 500 })) {
          for (const key of keys) ids.push(key.slice(prefix.length));
        }
      }),
    );
    // SCAN may return a key twice (when Redis resizes its table during the scan).
    return [...new Set(ids)];
  }

  /**
   * One command of another part that keeps its own keys in this Redis (the HTTP limits' counts),
   * under this store's key prefix, with the same deadline and the same "unavailable" error when
   * Redis cannot answer or is full. Another error Redis answers with (NOSCRIPT, say) is the
   * caller's to handle.
   */
  async command(args: string[]): Promise<unknown> {
    return withDeadline(this.#timeoutMs, async (d) => {
      try {
        return await d.race(this.#client.sendCommand(args));
      } catch (err) {
        if (this.#refusedAsFull(err)) throw new StoreUnavailableError(err);
        throw err instanceof ErrorReply || err instanceof StoreUnavailableError ? err : new StoreUnavailableError(err);
      }
    });
  }

  /** What every key of this store starts with; others' keys go under it too. */
  get keyPrefix(): string {
    return this.#prefix;
  }

  async close(): Promise<void> {
    this.#headroom?.stop();
    this.#cache.clear();
    if (!this.#client.isOpen) return;
    // close() waits for replies to pending commands, which never come if Redis is gone.
    if (this.#client.isReady && (await within(this.#client.close().then(() => true), 2000))) return;
    if (this.#client.isOpen) this.#client.destroy();
  }

  async #update<R>(id: string, fn: (state: SessionState) => Mutation<R>, d: Deadline): Promise<UpdateOutcome<R>> {
    let known = this.#cache.get(id) ?? (await this.#readInto(id, d));
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (!known) return { found: false };
      const { state, result } = fn(known.state);
      const changed = state !== known.state;
      if (changed && !(state.version > known.state.version)) throw new Error(`Session ${id}: an update must raise the version`);
      const base = known.v;
      const write = changed ? writeFrom(known, state) : null;
      // Even an update that writes nothing asks Redis, so its result is never decided on a stale state.
      const verdict: Verdict = await this.#redis(d, (c) =>
        write
          ? c.checkAndSet(this.#key(id), base, String(state.version), expireAt(state), write)
          : c.checkVersion(this.#key(id), base),
      );
      switch (verdict.kind) {
        case 'current':
          if (changed) {
            this.#wrote();
            this.#cache.remember(id, String(state.version), state);
          }
          return { found: true, state, result, changed };
        case 'gone':
          this.#cache.forget(id);
          return { found: false };
        case 'newer':
        case 'changed':
          known =
            verdict.kind === 'newer'
              ? this.#adopt(id, readHash(hashOf(verdict.hash)))
              : this.#cache.adopt(id, readChanges(known, hashOf(verdict.hash), verdict.removed));
          // Only a write lost a race; a check merely found this process behind.
          if (!changed) continue;
          this.#conflicts++;
          // Jitter keeps competing processes from colliding again in lockstep.
          await sleep(Math.random() * Math.min(2 ** attempt, 25));
          break;
        default:
          return exhaustiveSwitchError(verdict);
      }
    }
    throw new StoreUnavailableError(new Error(`Session ${id}: gave up after ${MAX_ATTEMPTS} conflicting writes`));
  }

  /** The session as Redis holds it, or null if there is none. */
  async #read(id: string, d: Deadline): Promise<StoredSession | null> {
    return readHash(await this.#redis(d, (c) => c.hGetAll(this.#key(id))));
  }

  async #readInto(id: string, d: Deadline): Promise<Known | null> {
    return this.#adopt(id, await this.#read(id, d));
  }

  #adopt(id: string, read: StoredSession | null): Known | null {
    if (read) return this.#cache.adopt(id, read);
    this.#cache.forget(id);
    return null;
  }

  /** Any failure of Redis itself means the store cannot answer, never that the session is absent. */
  async #redis<T>(d: Deadline, command: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await d.race(command(this.#client));
    } catch (err) {
      this.#refusedAsFull(err);
      throw err instanceof StoreUnavailableError ? err : new StoreUnavailableError(err);
    }
  }

  /**
   * Whether Redis refused for want of memory: with maxmemory-policy noeviction (see
   * redis-durability.ts) a full Redis refuses writes. The people affected are told "temporarily
   * unavailable", whoever runs Redis why, once (until a session's write lands again).
   */
  #refusedAsFull(err: unknown): boolean {
    if (!(err instanceof ErrorReply && err.message.startsWith('OOM'))) return false;
    if (!this.#full) this.#log('Redis is out of memory (maxmemory reached): changes are refused, and answered "temporarily unavailable", until it has room');
    this.#full = true;
    return true;
  }

  #wrote(): void {
    if (!this.#full) return;
    this.#full = false;
    this.#log('Redis has room again: changes are taken');
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

/** `text` as a SCAN pattern that matches only itself. */
function globEscaped(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

function expireAt(state: SessionState): string {
  return String(Math.ceil(state.retainUntil));
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

import pLimit, { type LimitFunction } from 'p-limit';
import type { SessionService } from '../app/session-service.js';
import type { SystemCommand } from '../domain/commands.js';
import type { Timers } from '../gateway/deadline-timer.js';
import { personRoom } from '../gateway/rooms.js';
import type { CircleServer, Logger } from '../gateway/types.js';

export type PresenceSweepDeps = {
  io: CircleServer;
  sessions: Pick<SessionService, 'load'>;
  /** The ids of every session in the store. */
  sessionIds: () => Promise<string[]>;
  /** Runs a system command and publishes its change; resolves with whether there was one. */
  system: (sessionId: string, command: SystemCommand) => Promise<boolean>;
  timers: Timers;
  now: () => number;
  log: Logger;
  /** How long after a session is first served here, or a process is lost, it is checked. */
  graceMs?: number;
  /** At most this many sessions are remembered (the oldest are forgotten first). */
  maxSessions?: number;
  /** At most this many sessions are checked at once; the others wait their turn. */
  concurrency?: number;
  /**
   * Whether the set of server processes has been steady for at least `ms`. A process whose
   * link to Redis blinks drops out of the count for a moment, and would not answer for its
   * sockets: a check waits until no process has come or gone for a grace period.
   */
  steadyFor?: (ms: number) => boolean;
};

type Suspect = { personId: string; deviceId: string; connectionId: string };

const DEFAULT_GRACE_MS = 30_000;
const DEFAULT_MAX_SESSIONS = 5000;
/**
 * A process that starts, or hears of a loss, has every stored session (a day's worth) fall due
 * at the same moment; checking a few at a time leaves Redis and the other processes (each check
 * asks them for their sockets) free to serve the groups running meanwhile.
 */
const DEFAULT_CONCURRENCY = 4;

/**
 * A process that dies (SIGKILL, a crash, a lost machine) runs no disconnects: its devices stay
 * "connected" in the state, and a member who does not come back would count as present until
 * the session ends. So each process checks the sessions it serves — once, a grace period
 * after it first serves one (after a restart, when the first people come back), and all of
 * them again a grace period after another process goes away — and marks disconnected every
 * device the state calls connected, last seen before the grace period, whose connection no
 * live process holds. It runs the system command a disconnect runs, which leaves alone a
 * device that has come back on a new connection.
 */
export class PresenceSweep {
  readonly #scheduled = new Map<string, unknown>();
  readonly #known = new Set<string>();
  readonly #graceMs: number;
  readonly #maxSessions: number;
  readonly #limit: LimitFunction;
  #stopped = false;

  constructor(private readonly deps: PresenceSweepDeps) {
    this.#graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
    this.#maxSessions = deps.maxSessions ?? DEFAULT_MAX_SESSIONS;
    this.#limit = pLimit(deps.concurrency ?? DEFAULT_CONCURRENCY);
  }

  /** Someone joined a session on this process: it is checked once, a grace period from now. */
  served(sessionId: string): void {
    if (this.#known.has(sessionId)) return;
    this.#known.add(sessionId);
    if (this.#known.size > this.#maxSessions) this.#forget(this.#known.values().next().value!);
    this.#schedule(sessionId);
  }

  /**
   * Another server process went away: every session known here is checked a grace period from
   * now, and every other one in the store (all of whose people may have been on that process).
   */
  processLost(): void {
    for (const sessionId of this.#known) this.#schedule(sessionId);
    void this.checkStored();
  }

  /**
   * Every session in the store is checked a grace period from now: a process that starts after
   * a crash may be the only one left to find the devices nobody holds any more, even in a
   * session nobody comes back to (whose attendance would otherwise run on).
   */
  async checkStored(): Promise<void> {
    try {
      for (const sessionId of await this.deps.sessionIds()) this.served(sessionId);
    } catch (error) {
      this.deps.log.warn({ err: String(error) }, 'sessions could not be listed for the presence sweep');
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#limit.clearQueue();
    for (const handle of this.#scheduled.values()) this.deps.timers.clearTimeout(handle);
    this.#scheduled.clear();
  }

  /** Checks one session now; resolves with how many devices it marked disconnected. */
  async sweep(sessionId: string): Promise<number> {
    const state = await this.deps.sessions.load(sessionId);
    if (!state || state.status === 'ended') {
      this.#forget(sessionId);
      return 0;
    }
    const before = this.deps.now() - this.#graceMs;
    const suspects: Suspect[] = Object.values(state.people).flatMap((person) =>
      Object.values(person.devices)
        .filter((d) => d.connected && d.connectionId !== null && d.lastSeenAt <= before)
        .map((d) => ({ personId: person.id, deviceId: d.id, connectionId: d.connectionId! })),
    );
    if (suspects.length === 0) return 0;
    // Every live process answers for its own sockets; a dead one is no longer asked.
    const rooms = [...new Set(suspects.map((s) => personRoom(sessionId, s.personId)))];
    const live = new Set((await this.deps.io.in(rooms).fetchSockets()).map((socket) => socket.id));
    let marked = 0;
    for (const { personId, deviceId, connectionId } of suspects) {
      if (live.has(connectionId)) continue;
      if (await this.deps.system(sessionId, { type: 'device:disconnected', personId, deviceId, connectionId })) marked++;
    }
    if (marked > 0) this.deps.log.info({ sessionId, devices: marked }, 'devices of a lost connection marked disconnected');
    return marked;
  }

  #schedule(sessionId: string): void {
    if (this.#stopped || this.#scheduled.has(sessionId)) return;
    const handle = this.deps.timers.setTimeout(() => {
      this.#scheduled.delete(sessionId);
      if (this.deps.steadyFor && !this.deps.steadyFor(this.#graceMs)) return this.#schedule(sessionId);
      this.#limit(() => this.sweep(sessionId)).catch((error: unknown) => this.deps.log.warn({ sessionId, err: String(error) }, 'presence sweep failed'));
    }, this.#graceMs);
    this.#scheduled.set(sessionId, handle);
  }

  #forget(sessionId: string): void {
    this.#known.delete(sessionId);
    const handle = this.#scheduled.get(sessionId);
    if (handle !== undefined) this.deps.timers.clearTimeout(handle);
    this.#scheduled.delete(sessionId);
  }
}

/**
 * Polls how many server processes share the adapter: tells `onDrop` when the number falls, and
 * knows how long it has been steady.
 */
export class ServerCountWatch {
  #last: number | null = null;
  #changedAt: number;
  readonly #timer: NodeJS.Timeout;

  constructor(
    countServers: () => Promise<number>,
    onDrop: () => void,
    everyMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#changedAt = now();
    this.#timer = setInterval(() => {
      countServers()
        .then((count) => this.observe(count, onDrop))
        .catch(() => {});
    }, everyMs);
    this.#timer.unref();
  }

  /** One reading of the count. */
  observe(count: number, onDrop: () => void): void {
    if (this.#last !== null && count !== this.#last) this.#changedAt = this.now();
    if (this.#last !== null && count < this.#last) onDrop();
    this.#last = count;
  }

  steadyFor(ms: number): boolean {
    return this.now() - this.#changedAt >= ms;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

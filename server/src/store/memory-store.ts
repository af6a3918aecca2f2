import type { SessionState } from '../domain/state.js';
import type { Mutation, SessionStore, UpdateOutcome } from '../ports/session-store.js';

const SWEEP_EVERY_MS = 60_000;

/** Sessions in this process only: for development and tests; lost on restart. */
export class MemoryStore implements SessionStore {
  readonly kind = 'memory' as const;
  readonly #sessions = new Map<string, SessionState>();
  readonly #now: () => number;
  #nextSweepAt = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async create(state: SessionState): Promise<void> {
    if (this.#live(state.id)) throw new Error(`Session ${state.id} already exists`);
    this.#sessions.set(state.id, structuredClone(state));
  }

  async load(id: string): Promise<SessionState | null> {
    const state = this.#live(id);
    return state ? structuredClone(state) : null;
  }

  // No await between the read and the write: with `fn` synchronous, JavaScript's single thread
  // already makes this atomic, so no per-session queue is needed.
  async update<R>(id: string, fn: (state: SessionState) => Mutation<R>): Promise<UpdateOutcome<R>> {
    const stored = this.#live(id);
    if (!stored) return { found: false };
    const current = structuredClone(stored);
    const { state, result } = fn(current);
    if (state === current) return { found: true, state, result, changed: false };
    // Redis's check-and-set and the clients' catch-up depend on it; both stores refuse alike.
    if (!(state.version > current.version)) throw new Error(`Session ${id}: an update must raise the version`);
    this.#sessions.set(id, structuredClone(state));
    return { found: true, state, result, changed: true };
  }

  /** Every process has its own sessions here: there is nothing another could tell it. */
  heard(): void {}

  async sessionIds(): Promise<string[]> {
    return [...this.#sessions.keys()].filter((id) => this.#live(id));
  }

  async close(): Promise<void> {
    this.#sessions.clear();
  }

  /** The stored session if it is still within its retention, purging expired ones on the way. */
  #live(id: string): SessionState | undefined {
    const now = this.#now();
    // Sessions nobody asks for again must not outlive their retention either.
    if (now >= this.#nextSweepAt) {
      for (const [key, state] of this.#sessions) if (now > state.retainUntil) this.#sessions.delete(key);
      this.#nextSweepAt = now + SWEEP_EVERY_MS;
    }
    const state = this.#sessions.get(id);
    if (state && now > state.retainUntil) {
      this.#sessions.delete(id);
      return undefined;
    }
    return state;
  }
}

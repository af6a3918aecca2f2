import type { SessionState } from '../domain/state.js';

/** What an update function returns: a next state to write (or the same object to write nothing), and a value to hand back. */
export type Mutation<R> = { state: SessionState; result: R };

export type UpdateOutcome<R> =
  | { found: false }
  | { found: true; state: SessionState; result: R; changed: boolean };

/** The store could not be reached: commands must answer "temporarily unavailable", never a false success. */
export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('The session store is temporarily unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Where sessions live. Every implementation passes `test/store/session-store.contract.ts`.
 *
 * `update` is atomic per session, also across server processes: it reads the state, applies
 * `fn`, and writes only if no one else wrote since the read (check-and-set on `version`),
 * re-running `fn` on the fresh state otherwise. `fn` must therefore be pure. A state returned
 * unchanged (the same object) is not written. The written state must have a higher
 * `version` than the one read. Data is kept until the state's `retainUntil`, then gone.
 */
export interface SessionStore {
  readonly kind: 'redis' | 'memory';
  /** Stores a new session; throws if one with that id exists. */
  create(state: SessionState): Promise<void>;
  load(id: string): Promise<SessionState | null>;
  update<R>(id: string, fn: (state: SessionState) => Mutation<R>): Promise<UpdateOutcome<R>>;
  close(): Promise<void>;
}

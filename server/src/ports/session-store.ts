import { z } from 'zod';
import { partsReplaced, type SessionState } from '../domain/state.js';

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
 * A change one server process stored, as it tells the others (with the views it sent): the
 * version it wrote over and the one it wrote, each top-level part it replaced (as JSON) and
 * those it dropped. Checked when it arrives: the sender may run another version of Circle.
 */
export const StoredChangeSchema = z.object({
  sessionId: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  replaced: z.array(z.tuple([z.string(), z.string()])),
  dropped: z.array(z.string()),
});
export type StoredChange = z.infer<typeof StoredChangeSchema>;

/** The change from `before` to `after` (a state updated from it) as a StoredChange. */
export function storedChange(before: SessionState, after: SessionState): StoredChange {
  const { replaced, dropped } = partsReplaced(before, after);
  const parts = after as Record<string, unknown>;
  return { sessionId: after.id, from: before.version, to: after.version, replaced: replaced.map((key) => [key, JSON.stringify(parts[key])]), dropped };
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
  /**
   * Told of a change another process stored, so that the next update here starts from it instead
   * of losing a check-and-set to learn it. Only a hint: the check-and-set still decides. Throws,
   * having kept nothing of it, if a part it would take is not JSON.
   */
  heard(change: StoredChange): void;
  /**
   * The ids of every session the store holds, ended ones included, for the rare pass over all
   * of them (a process that starts, or finds another gone, looks for devices nobody holds).
   */
  sessionIds(): Promise<string[]>;
  close(): Promise<void>;
}

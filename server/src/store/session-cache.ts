import type { SessionState } from '../domain/state.js';
import { freezeDeeply, frozenCopy } from './frozen.js';
import type { StoredSession } from './session-hash.js';

/**
 * A session as this process last read or wrote it: `v` is the version string Redis holds with
 * it, and `legacy` whether Redis holds it in an older layout, which the next write replaces whole (see session-hash.ts).
 */
export type Known = Readonly<StoredSession>;

/**
 * The last known state of recently used sessions, so an update can run on it without reading
 * Redis first. It is only ever a guess: every write and check still goes through Redis's
 * check-and-set, which answers with the newer state when the guess was stale. States in it are
 * deeply frozen, since update functions get them by reference.
 *
 * Least recently used sessions are dropped beyond `capacity` (a Map iterates in insertion order,
 * and `get` re-inserts).
 */
export class SessionCache {
  readonly #entries = new Map<string, Known>();

  constructor(readonly capacity: number) {}

  get(id: string): Known | undefined {
    const known = this.#entries.get(id);
    if (known) this.#put(id, known);
    return known;
  }

  /** Keeps a session read from Redis whose state no one else holds (a fresh parse), freezing it in place. */
  adopt(id: string, read: StoredSession): Known {
    return this.#put(id, { ...read, state: freezeDeeply(read.state) });
  }

  /** Keeps a frozen copy of a state this process just wrote, which the caller goes on holding. */
  remember(id: string, v: string, state: SessionState): Known {
    return this.#put(id, { v, state: frozenCopy(state), legacy: false });
  }

  /**
   * Keeps a frozen copy of a session read from Redis whose state the caller goes on holding,
   * unless what is known already is as new (another update may have got further meanwhile).
   */
  rememberIfNewer(id: string, read: StoredSession): void {
    const known = this.#entries.get(id);
    if (!known || Number(read.v) > Number(known.v)) this.#put(id, { ...read, state: frozenCopy(read.state) });
  }

  forget(id: string): void {
    this.#entries.delete(id);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #put(id: string, known: Known): Known {
    this.#entries.delete(id);
    this.#entries.set(id, known);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return known;
  }
}

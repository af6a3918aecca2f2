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
 * Beyond `capacity` the session taken in longest ago is dropped (a Map iterates in insertion
 * order), whether or not it is still in use: a dropped session costs one read from Redis at its
 * next command, and is taken in again. Not least recently used, which re-inserted a session on
 * every use: with each session's state held as the Map's own value and set in place, a
 * scavenge copied 0.55 MB less at 1,000 commands/s (1.40 + 0.97 against 1.57 + 1.35 MB survived
 * and promoted, in four runs against eight; an LRU stamp on a per-session entry instead saved
 * nothing), and the p99 was about 1 ms lower (twenty-third session in server/bench/RESULTS.md).
 */
export class SessionCache {
  readonly #entries = new Map<string, Known>();

  constructor(readonly capacity: number) {}

  get(id: string): Known | undefined {
    return this.#entries.get(id);
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
    this.#entries.set(id, known);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return known;
  }
}

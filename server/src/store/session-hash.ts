import { partsReplaced, type SessionState, type ShareCounts } from '../domain/state.js';

// How a session lies in its Redis hash: `v`, the version as a string (what the check-and-set
// compares), and one field per top-level key of the state, `s:<key>`, holding that key's value
// as JSON. The prefix keeps state keys apart from `v` and `json` whatever they are called.
//
// Sessions stored before this layout hold the whole state in one field, `json`. They are still
// read (`json` wins over any `s:` fields, which a process of the old layout would have left
// stale), and the next write replaces such a hash whole. So does the next write of a session
// stored while the share counts were kept inside `turns` (see `withShareCounts`).

export const VERSION_FIELD = 'v';
const WHOLE_JSON_FIELD = 'json';
const STATE_FIELD = 's:';

/** A session as Redis holds it: its version string, its state, and whether it is in an older layout, which the next write replaces whole. */
export type StoredSession = { v: string; state: SessionState; legacy: boolean };

/** What a write sends: field/value pairs to set (besides `v`), fields to delete, and whether it replaces the hash whole. */
export type HashWrite = { replace: boolean; set: string[]; removed: string[] };

/** Every field of `state` as [field, value, field, value, …], `v` aside. */
export function allFields(state: SessionState): string[] {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(state)) {
    // JSON.stringify of the whole state dropped undefined values; so does this.
    if (value !== undefined) pairs.push(STATE_FIELD + key, JSON.stringify(value));
  }
  return pairs;
}

/**
 * What turns the stored `base` into `next`. States are immutable and cached ones deep-frozen,
 * so a top-level value that is the very object `base` holds is unchanged and not sent: a
 * typical command writes `version`, a timestamp or two and the one part it changed.
 */
export function writeFrom(base: StoredSession, next: SessionState): HashWrite {
  if (base.legacy) return { replace: true, set: allFields(next), removed: [] };
  const { replaced, dropped } = partsReplaced(base.state, next);
  const set: string[] = [];
  for (const key of replaced) set.push(STATE_FIELD + key, JSON.stringify(next[key as keyof SessionState]));
  return { replace: false, set, removed: dropped.map((key) => STATE_FIELD + key) };
}

/** The session in a hash as HGETALL gives it, or null if there is none. */
export function readHash(hash: Readonly<Record<string, string>>): StoredSession | null {
  const v = hash[VERSION_FIELD];
  if (v === undefined) return null;
  const whole = hash[WHOLE_JSON_FIELD];
  if (whole !== undefined) return withShareCounts({ v, state: JSON.parse(whole) as SessionState, legacy: true });
  const state: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(hash)) {
    if (field.startsWith(STATE_FIELD)) state[field.slice(STATE_FIELD.length)] = JSON.parse(value);
  }
  return withShareCounts({ v, state: state as SessionState, legacy: false });
}

/**
 * Sessions stored before the share counts had a part of their own kept them in `turns.counts`
 * (a process of that version may still write them there). Read as today's state: the counts
 * moved out of `turns`, and the session marked for a whole write, since writing only what
 * changed would store a `turns` without the counts and leave none anywhere else.
 */
function withShareCounts(stored: StoredSession): StoredSession {
  const turns = stored.state.turns as SessionState['turns'] & { counts?: ShareCounts };
  if (turns === undefined || !Object.hasOwn(turns, 'counts')) return stored;
  const { counts, ...rest } = turns;
  return { v: stored.v, state: { ...stored.state, turns: rest, shareCounts: counts ?? stored.state.shareCounts ?? {} }, legacy: true };
}

/**
 * The session `base` was, with the fields set and deleted since (`changed` holds `v` and the set
 * state fields, as a script answers a process that is behind). Untouched values are the very
 * objects `base` holds. Only meaningful when `base` is exactly what Redis held at its version.
 */
export function readChanges(base: StoredSession, changed: Readonly<Record<string, string>>, removed: readonly string[]): StoredSession {
  const parts: [string, string][] = [];
  for (const [field, value] of Object.entries(changed)) if (field.startsWith(STATE_FIELD)) parts.push([field.slice(STATE_FIELD.length), value]);
  return withParts(base, changed[VERSION_FIELD] ?? base.v, parts, removed.map((field) => field.slice(STATE_FIELD.length)));
}

/** `base` with these top-level parts replaced (each given as JSON) and dropped, at version `v`. */
export function withParts(base: StoredSession, v: string, replaced: readonly (readonly [string, string])[], dropped: readonly string[]): StoredSession {
  const state: Record<string, unknown> = { ...base.state };
  for (const [key, json] of replaced) state[key] = JSON.parse(json);
  for (const key of dropped) delete state[key];
  return withShareCounts({ v, state: state as SessionState, legacy: false });
}

/** A hash from a flat [field, value, …] reply, as a script's HGETALL gives it. */
export function hashOf(flat: readonly string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
  return hash;
}

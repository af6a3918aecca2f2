import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../src/domain/state.js';
import { allFields, hashOf, readChanges, readHash, writeFrom } from '../../src/store/session-hash.js';
import { newSession, next } from './session-store.contract.js';

const stored = (state: SessionState) => ({ v: String(state.version), state, legacy: false });

describe('session-hash', () => {
  it('reads back what it laid out, whatever the state keys are called', () => {
    // Keys named like the hash's own fields stay apart from them.
    const state = { ...newSession(), v: 'a state key', json: { also: 'one' } } as SessionState;
    const hash = { v: String(state.version), ...hashOf(allFields(state)) };
    expect(readHash(hash)).toEqual({ v: String(state.version), state, legacy: false });
  });

  it('writes the top-level values that are not the very objects it read, and deletes the keys gone', () => {
    const before = newSession();
    const { notes: _, ...rest } = next(before, { order: [...before.order, 'alice'], people: { ...before.people } });
    // `people` is a new object equal to the old one: it is sent all the same, since only identity is checked.
    expect(writeFrom(stored(before), rest as SessionState)).toEqual({
      replace: false,
      set: ['s:version', String(before.version + 1), 's:people', JSON.stringify(before.people), 's:order', '["alice"]'],
      removed: ['s:notes'],
    });
  });

  it('writes a session read from the old `json` layout whole, replacing the hash', () => {
    const before = newSession();
    const after = next(before, { title: 'Renamed' });
    expect(writeFrom({ ...stored(before), legacy: true }, after)).toEqual({ replace: true, set: allFields(after), removed: [] });
    expect(readHash({ v: '7', json: JSON.stringify(before), 's:title': '"stale"' })).toEqual({ v: '7', state: before, legacy: true });
  });

  it('reads share counts kept inside `turns` (the layout before they had a part of their own) as their own part, to be written whole', () => {
    const today = next(newSession(), { shareCounts: { p1: { turns: 2, passes: 1 } } });
    const { shareCounts, ...rest } = today;
    const before = { ...rest, turns: { ...today.turns, counts: shareCounts } };
    const hash = { v: String(today.version), ...hashOf(allFields(before as unknown as SessionState)) };
    expect(readHash(hash)).toEqual({ v: String(today.version), state: today, legacy: true });
    expect(readHash({ v: '7', json: JSON.stringify(before) })).toEqual({ v: '7', state: today, legacy: true });
    // Written by a process of that version over one of today's: its counts are the newer.
    const changed = readChanges(stored(next(today, { shareCounts: {} })), { v: '9', 's:turns': JSON.stringify(before.turns) }, []);
    expect(changed).toEqual({ v: '9', state: { ...today, version: today.version + 1 }, legacy: true });
    // Today's layout is read as it is.
    expect(readHash({ v: String(today.version), ...hashOf(allFields(today)) })).toEqual(stored(today));
  });

  it('finds no session in a hash without `v`', () => {
    expect(readHash({})).toBeNull();
  });
});

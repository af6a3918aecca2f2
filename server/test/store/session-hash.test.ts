import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../src/domain/state.js';
import { allFields, hashOf, readHash, writeFrom } from '../../src/store/session-hash.js';
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

  it('finds no session in a hash without `v`', () => {
    expect(readHash({})).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { SessionCache } from '../../src/store/session-cache.js';
import { newSession, next } from './session-store.contract.js';

describe('SessionCache', () => {
  it('keeps at most `capacity` sessions, dropping the one taken in longest ago, even if used since', () => {
    const cache = new SessionCache(2);
    const [a, b, c] = [newSession(), newSession(), newSession()];
    cache.adopt(a.id, { v: '1', state: a, legacy: false });
    cache.adopt(b.id, { v: '1', state: b, legacy: false });
    cache.get(a.id);
    cache.remember(a.id, '2', next(a, { title: 'Written' }));
    cache.adopt(c.id, { v: '1', state: c, legacy: false });
    expect(cache.size).toBe(2);
    expect(cache.get(a.id)).toBeUndefined();
    expect(cache.get(b.id)?.state).toBe(b);
    expect(cache.get(c.id)?.state).toBe(c);
  });

  it('takes a dropped session in again as new, and drops the next oldest for it', () => {
    const cache = new SessionCache(2);
    const [a, b, c] = [newSession(), newSession(), newSession()];
    cache.adopt(a.id, { v: '1', state: a, legacy: false });
    cache.adopt(b.id, { v: '1', state: b, legacy: false });
    cache.adopt(c.id, { v: '1', state: c, legacy: false });
    cache.adopt(a.id, { v: '3', state: a, legacy: false });
    expect(cache.size).toBe(2);
    expect(cache.get(b.id)).toBeUndefined();
    expect(cache.get(a.id)?.v).toBe('3');
    expect(cache.get(c.id)?.v).toBe('1');
  });

  it('forgets a session and takes it again as new', () => {
    const cache = new SessionCache(2);
    const [a, b] = [newSession(), newSession()];
    cache.adopt(a.id, { v: '1', state: a, legacy: false });
    cache.adopt(b.id, { v: '1', state: b, legacy: false });
    cache.forget(a.id);
    expect(cache.get(a.id)).toBeUndefined();
    cache.adopt(a.id, { v: '3', state: a, legacy: false });
    expect(cache.size).toBe(2);
    expect(cache.get(a.id)?.v).toBe('3');
    expect(cache.get(b.id)?.v).toBe('1');
  });

  it('freezes what it adopts all the way down', () => {
    const cache = new SessionCache(10);
    const state = newSession();
    cache.adopt(state.id, { v: '1', state, legacy: false });
    expect(Object.isFrozen(state.turns.queue)).toBe(true);
    expect(() => state.order.push('x')).toThrow(TypeError);
  });

  it('remembers a frozen copy, leaving the caller its state and sharing what was frozen already', () => {
    const cache = new SessionCache(10);
    const created = newSession();
    const known = cache.adopt(created.id, { v: '1', state: created, legacy: false }).state;
    const written = next(known, { order: [...known.order, 'alice'] });

    const kept = cache.remember(created.id, '2', written).state;
    expect(kept).toEqual(written);
    expect(kept).not.toBe(written);
    expect(Object.isFrozen(kept.order)).toBe(true);
    written.order.push('the caller may');
    expect(kept.order).toEqual(['alice']);
    // Untouched parts are the very objects the cache froze before: a write copies only what it changed.
    expect(kept.people).toBe(known.people);
  });

  it('takes a loaded state only when it is newer than what it knows', () => {
    const cache = new SessionCache(10);
    const state = newSession();
    cache.adopt(state.id, { v: '5', state, legacy: false });
    cache.rememberIfNewer(state.id, { v: '4', state: { ...state, title: 'older' }, legacy: false });
    expect(cache.get(state.id)?.state.title).toBe('Tuesday group');
    cache.rememberIfNewer(state.id, { v: '6', state: { ...state, title: 'newer' }, legacy: false });
    expect(cache.get(state.id)).toMatchObject({ v: '6', state: { title: 'newer' } });
  });
});

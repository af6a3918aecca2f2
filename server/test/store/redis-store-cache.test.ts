// The Redis store keeps the last state it read or wrote of each session, so an update costs one
// round trip and no parse. These tests hold it to that, and to never trusting what it keeps
// more than Redis: writes of other processes, deletions and expiries behind its back.
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../src/domain/state.js';
import { storedChange, type StoredChange } from '../../src/ports/session-store.js';
import type { RedisStore } from '../../src/store/redis-store.js';

import { append, storeRig } from './redis-support.js';
import { newSession, next } from './session-store.contract.js';

const rig = storeRig();
const { admin, connectStore, freshPrefix } = rig;
const keep = (s: SessionState) => ({ state: s, result: null });

/** Two stores on one new session, which A has written once: A knows it as it is. */
async function oneWriteEach() {
  const keyPrefix = freshPrefix();
  const [a, b] = [await connectStore(keyPrefix), await connectStore(keyPrefix)];
  const state = newSession();
  await a.create(state);
  await a.update(state.id, append('a1'));
  return { keyPrefix, a, b, state };
}

/** Appends `name` through `store`, with the versions fn ran on and the commands sent. */
async function appendWatched(store: RedisStore, keyPrefix: string, id: string, name: string) {
  const seen: number[] = [];
  const sent = await rig.commands.during(keyPrefix, () => store.update(id, (s) => (seen.push(s.version), append(name)(s))));
  return { seen, sent };
}

/** Appends `name` through `store`, and the change as its process would tell the others. */
async function appendTold(store: RedisStore, id: string, name: string): Promise<StoredChange> {
  let before: SessionState | undefined;
  const written = await store.update(id, (s) => ((before = s), append(name)(s)));
  if (!written.found || !before) throw new Error('The session is gone');
  return storedChange(before, written.state);
}

describe('RedisStore keeping the last known state', () => {
  it('costs one command per update of a session it knows, writing or not', async () => {
    const keyPrefix = freshPrefix();
    const store = await connectStore(keyPrefix);
    const state = newSession();
    await store.create(state);
    // The first use of a script may cost a NOSCRIPT and its EVAL; from then on, EVALSHA alone.
    await store.update(state.id, append('alice'));

    expect(await rig.commands.during(keyPrefix, () => store.update(state.id, append('bob')))).toEqual(['EVALSHA']);
    expect(await rig.commands.during(keyPrefix, () => store.update(state.id, keep))).toEqual(['EVALSHA']);
    expect((await store.load(state.id))?.order).toEqual(['alice', 'bob']);
  });

  it('re-runs fn on the state another process wrote, getting it with the refused write', async () => {
    const { keyPrefix, a, b, state } = await oneWriteEach();
    // B writes behind A's back: what A knows of the session is now one version old.
    await b.update(state.id, append('b1'));

    const conflictsBefore = a.conflicts;
    const { seen, sent } = await appendWatched(a, keyPrefix, state.id, 'a2');
    expect(seen).toEqual([state.version + 1, state.version + 2]);
    expect(a.conflicts - conflictsBefore).toBe(1);
    // The refused check-and-set answered with B's state: no read in between.
    expect(sent).toEqual(['EVALSHA', 'EVALSHA']);
    expect(await b.load(state.id)).toMatchObject({ version: state.version + 3, order: ['a1', 'b1', 'a2'] });
  });

  it('starts from a change another process told it of, with no write refused', async () => {
    const { keyPrefix, a, b, state } = await oneWriteEach();
    // B writes and tells A, as B's Publisher does through the Socket.IO adapter.
    a.heard(await appendTold(b, state.id, 'b1'));

    const conflictsBefore = a.conflicts;
    const { seen, sent } = await appendWatched(a, keyPrefix, state.id, 'a2');
    expect(seen).toEqual([state.version + 2]);
    expect(a.conflicts - conflictsBefore).toBe(0);
    expect(sent).toEqual(['EVALSHA']);
    expect(await b.load(state.id)).toMatchObject({ version: state.version + 3, order: ['a1', 'b1', 'a2'] });
  });

  it('leaves to the check-and-set a change that does not follow what it knows', async () => {
    const { a, b, state } = await oneWriteEach();
    const first = await appendTold(b, state.id, 'b1');
    const second = await appendTold(b, state.id, 'b2');
    // A hears of B's second write, from a version A never knew, and of one that would take A to
    // the version Redis holds with other content: taken, it would be written over unchecked.
    a.heard(second);
    a.heard({ ...first, from: state.version + 7, to: second.to, replaced: [['order', '["forged"]']] });

    const conflictsBefore = a.conflicts;
    await a.update(state.id, append('a2'));
    expect(a.conflicts - conflictsBefore).toBe(1);
    expect(await a.load(state.id)).toMatchObject({ version: state.version + 4, order: ['a1', 'b1', 'b2', 'a2'] });
  });

  it('decides even an update that writes nothing on the state another process wrote', async () => {
    const keyPrefix = freshPrefix();
    const [a, b] = [await connectStore(keyPrefix), await connectStore(keyPrefix)];
    const state = newSession();
    await a.create(state);
    await b.update(state.id, (s) => ({ state: next(s, { title: 'Renamed by B' }), result: null }));

    const titles: string[] = [];
    const outcome = await a.update(state.id, (s) => (titles.push(s.title), { state: s, result: s.title }));
    expect(titles).toEqual(['Tuesday group', 'Renamed by B']);
    expect(outcome).toMatchObject({ found: true, changed: false, result: 'Renamed by B' });
  });

  describe('a session gone from Redis behind its back', () => {
    it('is not found once deleted, and not written again', async () => {
      const keyPrefix = freshPrefix();
      const store = await connectStore(keyPrefix);
      const state = newSession();
      await store.create(state);
      await store.update(state.id, append('alice'));
      const key = `${keyPrefix}session:${state.id}`;
      await admin.del(key);

      expect(await store.update(state.id, append('bob'))).toEqual({ found: false });
      expect(await admin.exists(key)).toBe(0);
      // Nothing of it is kept either: the next update reads, finds nothing and never calls fn.
      let called = false;
      expect(await store.update(state.id, (s) => ((called = true), keep(s)))).toEqual({ found: false });
      expect(called).toBe(false);
      expect(await store.load(state.id)).toBeNull();
    });

    it('is not found once expired, even by an update that writes nothing', async () => {
      const keyPrefix = freshPrefix();
      const store = await connectStore(keyPrefix);
      const state = newSession();
      await store.create(state);
      const key = `${keyPrefix}session:${state.id}`;
      await admin.pExpire(key, 1);
      // EXISTS also makes Redis drop a key whose time has come.
      while ((await admin.exists(key)) === 1) await new Promise((resolve) => setTimeout(resolve, 2));

      expect(await store.update(state.id, keep)).toEqual({ found: false });
      expect(await store.update(state.id, append('alice'))).toEqual({ found: false });
      expect(await admin.exists(key)).toBe(0);
    });
  });

  describe('the state it hands to fn', () => {
    const mutations: Array<[string, (s: SessionState) => void]> = [
      ['a top-level field', (s) => void (s.title = 'Mutated')],
      ['an array', (s) => void s.order.push('mallory')],
      ['a nested object', (s) => void (s.turns.queueVersion = 99)],
    ];

    it.each(mutations)('throws on mutating %s, whether the state was created, written or read', async (_, mutate) => {
      const keyPrefix = freshPrefix();
      const [a, b] = [await connectStore(keyPrefix), await connectStore(keyPrefix)];
      const state = newSession();
      await a.create(state);
      const mutating = (s: SessionState) => (mutate(s), keep(s));

      await expect(a.update(state.id, mutating), 'as created').rejects.toThrow(TypeError);
      await a.update(state.id, append('alice'));
      await expect(a.update(state.id, mutating), 'as written').rejects.toThrow(TypeError);
      await expect(b.update(state.id, mutating), 'as read').rejects.toThrow(TypeError);

      expect(await a.load(state.id)).toEqual({ ...state, version: state.version + 1, order: ['alice'] });
      // The caller's own objects stay its own.
      expect(() => state.order.push('still mine')).not.toThrow();
    });
  });
});

// The Redis store keeps a session as one hash field per top-level key of its state, and an
// update sends only the fields that changed. These tests hold it to that through what reaches
// Redis (MONITOR) and what Redis then holds, and to reading sessions stored whole in one `json`
// field before this layout.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/decide.js';
import type { SessionState } from '../../src/domain/state.js';
import type { Mutation } from '../../src/ports/session-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { Group } from '../support/session-fixture.js';
import type { SentCommand } from './command-log.js';
import { append, storeRig } from './redis-support.js';
import { newSession, next } from './session-store.contract.js';

const rig = storeRig();
const { admin, connectStore, freshPrefix } = rig;
const sessionKey = (keyPrefix: string, id: string) => `${keyPrefix}session:${id}`;
const rename = (title: string) => (s: SessionState): Mutation<null> => ({ state: next(s, { title }), result: null });

/**
 * The fields a hash must have to hold exactly `state`: `v`, `mv`, and each key's value and
 * stamp, with the stamps of keys deleted since it was whole (`gone`).
 */
const fieldsOf = (state: SessionState, gone: string[] = []) =>
  ['v', 'mv', ...Object.keys(state).flatMap((key) => [`s:${key}`, `m:${key}`]), ...gone.map((key) => `m:${key}`)].sort();

/** What a check-and-set sent, from its EVALSHA: the fields it set (with their JSON) and the fields it deleted. */
function writeIn(command: SentCommand): { mode: string; set: Record<string, string>; removed: string[] } {
  // EVAL when Redis did not know the script yet: the same arguments, the script in place of its SHA.
  expect(['EVALSHA', 'EVAL']).toContain(command.name);
  // sha, numkeys, key, expected v, next v, expiry, mode, number of pairs, pairs…, removed…
  const [, , , , , , mode, count, ...rest] = command.args;
  const pairs = rest.slice(0, 2 * Number(count));
  const set: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) set[pairs[i]!] = pairs[i + 1]!;
  return { mode: mode!, set, removed: rest.slice(2 * Number(count)) };
}

/** Dr Rivera and these members, admitted, on today's clock so that the session is within its retention. */
function groupToday(...members: string[]): Group {
  const group = new Group();
  group.ctx.advance(Date.now() - group.ctx.now);
  group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
  for (const name of members) group.join(name, 'member', { as: name.toLowerCase() });
  group.as('dr_rivera').admitAll();
  return group;
}

/** The store's update for `who` raising their hand now. */
const raiseHandOf = (group: Group, who: string) => (s: SessionState): Mutation<null> => {
  const decision = decide(s, { type: 'hand:raise' }, group.actor(who), { ...group.ctx, now: Date.now() });
  if (!decision.ok) throw new Error(decision.error.message);
  return { state: decision.state, result: null };
};

/** What a fresh process reads: no cache of its own. */
async function readFresh(keyPrefix: string, id: string): Promise<SessionState | null> {
  const store = await connectStore(keyPrefix);
  return store.load(id);
}

describe('RedisStore writing only what changed', () => {
  it('sends a hand raise as the fields it changed and `v`, never the rest of the state', async () => {
    const group = groupToday('Alice');
    const keyPrefix = freshPrefix();
    const store = await connectStore(keyPrefix);
    await store.create(group.state);
    // The first use of a script may cost a NOSCRIPT and its EVAL; from then on, EVALSHA alone.
    await store.update(group.state.id, rename('Tuesday DBT skills, week 2'));

    const raiseHand = raiseHandOf(group, 'alice');
    let before: SessionState | undefined;
    let raised: SessionState | undefined;
    const sent = await rig.commands.sentDuring(keyPrefix, () =>
      store.update(group.state.id, (s) => {
        const mutation = raiseHand(s);
        [before, raised] = [s, mutation.state];
        return mutation;
      }),
    );

    expect(sent).toHaveLength(1);
    const write = writeIn(sent[0]!);
    expect(write).toEqual({
      mode: 'patch',
      set: {
        's:version': String(before!.version + 1),
        's:lastActivityAt': JSON.stringify(raised!.lastActivityAt),
        's:retainUntil': JSON.stringify(raised!.retainUntil),
        's:turns': JSON.stringify(raised!.turns),
      },
      removed: [],
    });
    expect(sent[0]!.args.slice(3, 6)).toEqual([String(before!.version), String(before!.version + 1), String(raised!.retainUntil)]);
    // The people, the biggest part of the state, went nowhere near Redis.
    expect(sent[0]!.args.join(' ')).not.toContain(JSON.stringify(before!.people));
    expect(raised!.turns.queue).toMatchObject([{ personId: group.id('alice') }]);

    const stored = await readFresh(keyPrefix, group.state.id);
    expect(stored).toEqual(raised);
    expect(Object.keys(await admin.hGetAll(sessionKey(keyPrefix, group.state.id))).sort()).toEqual(fieldsOf(raised!));
  });

  const removals: Array<[string, (s: SessionState) => SessionState]> = [
    ['deleted', ({ notes: _, ...rest }) => ({ ...rest, version: rest.version + 1 }) as SessionState],
    ['set to undefined', (s) => ({ ...s, notes: undefined, version: s.version + 1 }) as unknown as SessionState],
  ];

  it.each(removals)('stores a state whose top-level key was %s without it', async (_, remove) => {
    const keyPrefix = freshPrefix();
    const store = await connectStore(keyPrefix);
    const state = newSession({ notes: [{ id: 'n1', authorId: 'dr_rivera', text: 'Alice seemed tired', at: Date.now() }] });
    await store.create(state);
    let written: SessionState | undefined;
    const sent = await rig.commands.sentDuring(keyPrefix, () =>
      store.update(state.id, (s) => ({ state: (written = remove(s)), result: null })),
    );

    expect(writeIn(sent.at(-1)!)).toMatchObject({ mode: 'patch', set: { 's:version': String(state.version + 1) }, removed: ['s:notes'] });
    const { notes: _notes, ...withoutNotes } = state;
    const expected = { ...withoutNotes, version: state.version + 1 };
    expect(Object.keys(await admin.hGetAll(sessionKey(keyPrefix, state.id))).sort()).toEqual(fieldsOf(expected as SessionState, ['notes']));
    for (const read of [await store.load(state.id), await readFresh(keyPrefix, state.id)]) {
      expect(read).toEqual(written);
      expect(read).toEqual(expected);
      expect(Object.hasOwn(read!, 'notes')).toBe(false);
    }
    // The cache knows it is gone too: the next write of this process keeps it gone.
    await store.update(state.id, append('alice'));
    const after = await readFresh(keyPrefix, state.id);
    expect(after).toEqual({ ...expected, version: state.version + 2, order: ['alice'] });
    expect(Object.hasOwn(after!, 'notes')).toBe(false);
  });
});

describe('RedisStore with a session stored whole in `json` (the layout before fields)', () => {
  /** Writes the session as the previous version of the store did. */
  async function storeWhole(key: string, state: SessionState, extra: Record<string, string> = {}): Promise<void> {
    await admin.hSet(key, { ...extra, v: String(state.version), json: JSON.stringify(state) });
    await admin.pExpireAt(key, state.retainUntil);
  }

  async function expectConverted(keyPrefix: string, state: SessionState): Promise<void> {
    const key = sessionKey(keyPrefix, state.id);
    expect(Object.keys(await admin.hGetAll(key)).sort()).toEqual(fieldsOf(state));
    expect(await admin.pExpireTime(key)).toBe(state.retainUntil);
    expect(await readFresh(keyPrefix, state.id)).toEqual(state);
  }

  it('loads it, and the next write stores it as fields', async () => {
    const keyPrefix = freshPrefix();
    const store = await connectStore(keyPrefix);
    const state = newSession();
    await storeWhole(sessionKey(keyPrefix, state.id), state);

    expect(await store.load(state.id)).toEqual(state);
    const sent = await rig.commands.sentDuring(keyPrefix, () => store.update(state.id, append('alice')));
    // Written whole, once: the hash had no fields to patch.
    expect(writeIn(sent.at(-1)!).mode).toBe('replace');
    await expectConverted(keyPrefix, { ...state, version: state.version + 1, order: ['alice'] });

    // From then on, patches.
    const patched = await rig.commands.sentDuring(keyPrefix, () => store.update(state.id, append('bob')));
    expect(writeIn(patched.at(-1)!)).toMatchObject({ mode: 'patch', set: { 's:order': '["alice","bob"]' } });
    expect(await readFresh(keyPrefix, state.id)).toEqual({ ...state, version: state.version + 2, order: ['alice', 'bob'] });
  });

  it('updates it when it is the first this process hears of the session', async () => {
    const keyPrefix = freshPrefix();
    const store = await connectStore(keyPrefix);
    const state = newSession();
    await storeWhole(sessionKey(keyPrefix, state.id), state);

    const seen: string[] = [];
    await store.update(state.id, (s) => (seen.push(s.title), append('alice')(s)));
    expect(seen).toEqual(['Tuesday group']);
    await expectConverted(keyPrefix, { ...state, version: state.version + 1, order: ['alice'] });
  });

  it('believes `json` over fields an old process left stale, and drops them on conversion', async () => {
    const keyPrefix = freshPrefix();
    const store = await connectStore(keyPrefix);
    const state = newSession();
    await store.create(state);
    await store.update(state.id, append('alice'));
    // A process of the previous version writes over the fields layout: `v` and `json`, with the
    // other fields left as they were, one of them a key its state no longer has.
    const key = sessionKey(keyPrefix, state.id);
    await admin.hSet(key, { 's:gone': '"stale"', 's:title': '"Stale title"' });
    const { notes: _, ...old } = next({ ...state, order: ['alice'], version: state.version + 1 }, { title: 'Renamed by an old process' });
    await storeWhole(key, old as SessionState);

    // This process is one version behind: its write is refused with the whole hash, `json` and all.
    const seen: string[] = [];
    await store.update(state.id, (s) => (seen.push(s.title), append('bob')(s)));
    expect(seen).toEqual(['Tuesday group', 'Renamed by an old process']);
    expect(store.conflicts).toBe(1);
    await expectConverted(keyPrefix, { ...(old as SessionState), version: old.version + 1, order: ['alice', 'bob'] });
  });
});

describe('RedisStore with share counts kept inside `turns` (the layout before they had a part of their own)', () => {
  it('reads them as their own part, and the next write stores the session whole, counts and all', async () => {
    const group = groupToday('Alice', 'Bea');
    group.raise('alice');
    group.next();
    const today = group.state;
    expect(today.shareCounts).toEqual({ [group.id('alice')]: { turns: 1, passes: 0 } });
    // As the previous version stored it: no `shareCounts`, the counts in `turns`.
    const { shareCounts, ...rest } = today;
    const old = { ...rest, turns: { ...today.turns, counts: shareCounts } } as unknown as SessionState;
    const keyPrefix = freshPrefix();
    await (await connectStore(keyPrefix)).create(old);
    const key = sessionKey(keyPrefix, today.id);
    expect(await admin.hGet(key, 's:shareCounts')).toBeNull();

    const store = await connectStore(keyPrefix);
    expect(await store.load(today.id)).toEqual(today);
    const sent = await rig.commands.sentDuring(keyPrefix, () => store.update(today.id, raiseHandOf(group, 'bea')));
    // A patch would store a `turns` without the counts, and the counts nowhere.
    expect(writeIn(sent.at(-1)!).mode).toBe('replace');

    const after = await readFresh(keyPrefix, today.id);
    expect(after!.shareCounts).toEqual(today.shareCounts);
    expect(after!.turns.queue).toMatchObject([{ personId: group.id('bea') }]);
    expect(JSON.parse((await admin.hGet(key, 's:turns'))!)).not.toHaveProperty('counts');
    expect(Object.keys(await admin.hGetAll(key)).sort()).toEqual(fieldsOf(after!, []));
  });
});

describe('RedisStore with two processes writing the same session', () => {
  it('re-runs fn on the winner when they change different fields, and sends only its own change', async () => {
    const keyPrefix = freshPrefix();
    const [a, b] = [await connectStore(keyPrefix), await connectStore(keyPrefix)];
    const state = newSession();
    await a.create(state);
    await b.load(state.id);
    // B writes behind A's back: A still knows version 1.
    await b.update(state.id, rename('Renamed by B'));

    const seen: Array<{ version: number; title: string }> = [];
    const sent = await rig.commands.sentDuring(keyPrefix, () =>
      a.update(state.id, (s) => (seen.push({ version: s.version, title: s.title }), append('alice')(s))),
    );
    expect(seen).toEqual([
      { version: state.version, title: 'Tuesday group' },
      { version: state.version + 1, title: 'Renamed by B' },
    ]);
    expect(a.conflicts).toBe(1);
    // The re-run is a patch of B's state: A's own change only, not B's title again.
    expect(sent.map((c) => c.name)).toEqual(['EVALSHA', 'EVALSHA']);
    expect(Object.keys(writeIn(sent[1]!).set).sort()).toEqual(['s:order', 's:version']);

    // And B, now behind, adds its own field on top of both.
    await b.update(state.id, (s) => ({ state: next(s, { capacity: 8 }), result: null }));
    expect(b.conflicts).toBe(1);
    const expected = { ...state, version: state.version + 3, title: 'Renamed by B', order: ['alice'], capacity: 8 };
    expect(await readFresh(keyPrefix, state.id)).toEqual(expected);
    expect(await a.load(state.id)).toEqual(expected);
  });

  it('re-runs fn on the winner when they change the same field, losing neither change', async () => {
    const keyPrefix = freshPrefix();
    const [a, b] = [await connectStore(keyPrefix), await connectStore(keyPrefix)];
    const state = newSession();
    await a.create(state);
    await a.update(state.id, append('a1'));
    await b.update(state.id, append('b1'));

    const sent = await rig.commands.sentDuring(keyPrefix, () => a.update(state.id, append('a2')));
    expect(a.conflicts).toBe(1);
    expect(writeIn(sent.at(-1)!).set['s:order']).toBe('["a1","b1","a2"]');
    await b.update(state.id, append('b2'));
    expect(b.conflicts).toBe(1);
    expect(await readFresh(keyPrefix, state.id)).toEqual({ ...state, version: state.version + 4, order: ['a1', 'b1', 'a2', 'b2'] });
  });
});

describe('RedisStore behind another process', () => {
  /** Two processes on one session, A knowing it at the version B starts from. */
  async function twoProcesses(overrides: Partial<SessionState> = {}) {
    const keyPrefix = freshPrefix();
    const [a, b] = [await connectStore(keyPrefix), await connectStore(keyPrefix)];
    const state = newSession(overrides);
    await a.create(state);
    await b.load(state.id);
    return { keyPrefix, a, b, state, key: sessionKey(keyPrefix, state.id) };
  }

  /** A's next update, recording the states fn was given. */
  async function aUpdates(a: RedisStore, id: string, mutation = append('alice')): Promise<SessionState[]> {
    const seen: SessionState[] = [];
    await a.update(id, (s) => (seen.push(s), mutation(s)));
    return seen;
  }

  it('stamps every field a write sets or deletes with the version it writes', async () => {
    const { b, state, key } = await twoProcesses({ notes: [] });
    await b.update(state.id, rename('Renamed by B'));
    await b.update(state.id, (s) => {
      const { notes: _, ...rest } = next(s);
      return { state: rest as SessionState, result: null };
    });
    const hash = await admin.hGetAll(key);
    expect(hash).toMatchObject({ v: String(state.version + 2), mv: String(state.version + 2), 'm:title': String(state.version + 1), 'm:notes': String(state.version + 2) });
    expect(hash['m:people']).toBe(String(state.version));
    expect(hash['s:notes']).toBeUndefined();
  });

  it('is told only what changed since the version it knows: the rest stays the very objects it had', async () => {
    const { a, b, state, keyPrefix } = await twoProcesses({ notes: [{ id: 'n1', authorId: 'dr_rivera', text: 'A note', at: Date.now() }] });
    await a.update(state.id, append('a1'));
    await b.update(state.id, rename('Renamed by B'));
    await b.update(state.id, (s) => {
      const { notes: _, ...rest } = next(s);
      return { state: rest as SessionState, result: null };
    });

    const [stale, caughtUp] = await aUpdates(a, state.id);
    expect(caughtUp).toMatchObject({ version: state.version + 3, title: 'Renamed by B', order: ['a1'] });
    expect(Object.hasOwn(caughtUp!, 'notes')).toBe(false);
    // Nothing but what B changed was sent, or parsed again.
    expect(caughtUp!.people).toBe(stale!.people);
    expect(caughtUp!.turns).toBe(stale!.turns);
    expect(Object.isFrozen(caughtUp)).toBe(true);
    const { notes: _, ...expected } = { ...state, version: state.version + 4, title: 'Renamed by B', order: ['a1', 'alice'] };
    expect(await readFresh(keyPrefix, state.id)).toEqual(expected);
  });

  it('is told everything when a write since did not stamp its fields (a process of the version before)', async () => {
    const { a, state, key, keyPrefix } = await twoProcesses();
    // What the store before stamps wrote: `v` and the fields, nothing else.
    await admin.hSet(key, { v: String(state.version + 1), 's:version': String(state.version + 1), 's:title': '"Renamed by an old process"' });

    const [stale, caughtUp] = await aUpdates(a, state.id);
    expect(caughtUp).toMatchObject({ version: state.version + 1, title: 'Renamed by an old process' });
    expect(caughtUp!.people).not.toBe(stale!.people);
    expect(caughtUp!.people).toEqual(stale!.people);
    expect(await readFresh(keyPrefix, state.id)).toMatchObject({ version: state.version + 2, title: 'Renamed by an old process', order: ['alice'] });
  });

  it('is told everything when Redis holds an older version than it knows (writes lost in a restart)', async () => {
    const { a, state, key, keyPrefix } = await twoProcesses();
    await a.update(state.id, append('a1'));
    await a.update(state.id, append('a2'));
    // Redis comes back from before A's second write, which never happened for anyone else.
    await admin.hSet(key, { v: String(state.version + 1), mv: String(state.version + 1), 's:version': String(state.version + 1), 's:order': '["a1"]' });

    const [, caughtUp] = await aUpdates(a, state.id);
    expect(caughtUp).toMatchObject({ version: state.version + 1, order: ['a1'] });
    expect(await readFresh(keyPrefix, state.id)).toMatchObject({ version: state.version + 2, order: ['a1', 'alice'] });
  });
});

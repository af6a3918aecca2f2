import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedSession, SessionView } from '@circle/shared';
import { audienceRoom } from '../../src/gateway/rooms.js';
import { RedisStore } from '../../src/store/redis-store.js';
import type { StoredChange } from '../../src/ports/session-store.js';
import { send, waitFor, waitForDisconnect, type ClientSocket } from '../support/harness.js';
import { createSession, deleteKeys, REDIS_URL, queueOf, riveraAndBob, Sockets, startInstance, uniquePrefix, until, type Instance } from './support/instances.js';

// Two Circle servers in this process, as two processes would be: each with its own Socket.IO
// server, Redis adapter and store connection, sharing the sessions on the real Redis (so the
// store's check-and-set, not this process's single thread, keeps their writes apart).

const keyPrefix = uniquePrefix('scale-out');
let store: RedisStore;
let storeB: RedisStore;
let a: Instance;
let b: Instance;
let session: CreatedSession;
const sockets = new Sockets();

beforeAll(async () => {
  const connect = () => RedisStore.connect({ url: REDIS_URL, keyPrefix, timeoutMs: 5000 });
  [store, storeB] = await Promise.all([connect(), connect()]);
  const channelPrefix = uniquePrefix('scale-out-channels');
  [a, b] = await Promise.all([startInstance(store, channelPrefix), startInstance(storeB, channelPrefix)]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all([store?.close(), storeB?.close()]);
  await deleteKeys(keyPrefix);
});
beforeEach(async () => {
  session = await createSession(a.url);
});
afterEach(() => sockets.closeAll());

/** The next view (of any audience) on this socket that passes `match`. */
const view = (socket: ClientSocket, match: (view: SessionView) => boolean) =>
  waitFor(socket, 'session:changed', ({ view }) => match(view)).then(({ view }) => view);

describe('two Circle servers behind one Redis', () => {
  it('carries a command handled on A to a client connected to B: waiting room, admission, hands', async () => {
    const rivera = await sockets.join(a.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');

    // alice is on B; the facilitator on A sees her arrive in the waiting room.
    const [alice, waiting] = await Promise.all([
      sockets.join(b.url, session.links.member, 'alice-phone', 'Alice'),
      view(rivera.socket, (v) => v.waiting.some((p) => p.name === 'Alice')),
    ]);
    expect(waiting.waiting.map((p) => p.id)).toEqual([alice.personId]);

    // Admitted on A: B moves alice's socket into the participants' room and hands her the token.
    const [ack, self, granted, seen] = await Promise.all([
      send(rivera.socket, 'person:admit', { personId: alice.personId }),
      waitFor(alice.socket, 'self:changed'),
      waitFor(alice.socket, 'media:granted'),
      view(alice.socket, (v) => v.people.some((p) => p.id === alice.personId)),
    ]);
    expect(ack).toEqual({ ok: true });
    expect(self.self.status).toBe('admitted');
    expect(granted.grant.identity).toBe(`${alice.personId}.alice-phone`);
    expect(seen.people.map((p) => p.name)).toEqual(['Dr Rivera', 'Alice']);

    // And back: alice's hand, raised on B, reaches the facilitator on A.
    const [raised, queue] = await Promise.all([
      send(alice.socket, 'hand:raise', {}),
      view(rivera.socket, (v) => v.turns.queue.length === 1),
    ]);
    expect(raised).toEqual({ ok: true });
    expect(queue.turns.queue.map((e) => e.personId)).toEqual([alice.personId]);
    // Each server's own broadcasts came back from Redis and were dropped unread; the other's were not.
    expect(a.cluster.selfEchoesDropped).toBeGreaterThan(0);
    expect(b.cluster.selfEchoesDropped).toBeGreaterThan(0);
  });

  it('tells the other server of a session’s changes only while it holds some of the session’s connections', async () => {
    const { rivera, bob } = await riveraAndBob(sockets, a.url, session);
    // A second session with a member on B: what A tells B of it shows how far B has heard.
    const other = await createSession(a.url);
    const { rivera: otherRivera, bob: otherBob } = await riveraAndBob(sockets, a.url, other);
    const carmen = await sockets.join(b.url, other.links.member, 'carmen-phone', 'Carmen');
    expect(await send(otherRivera.socket, 'person:admit', { personId: carmen.personId })).toEqual({ ok: true });
    // Every change A tells B of, of either session, in the order Redis hands them to B (A's order).
    const told: string[] = [];
    const listen = (_emissions: unknown, change: StoredChange | null) => {
      if (change) told.push(`${change.sessionId}@${change.to}`);
    };
    b.circle.io.on('circle:emit', listen);
    /** A change in the other session that B must hear, so that anything A told it before has arrived too. */
    const heardUpTo = async () => {
      const [raised] = await Promise.all([send(otherBob.socket, 'hand:raise', {}), queueOf(carmen.socket, 1)]);
      expect(raised).toEqual({ ok: true });
      await until('B heard the other session’s change', () => told.includes(`${other.sessionId}@${carmen.latest().version}`));
      expect(await send(otherBob.socket, 'hand:lower', {})).toEqual({ ok: true });
    };
    const toldOf = (version: number) => told.includes(`${session.sessionId}@${version}`);
    try {
      // The whole session on A: B is told nothing of it.
      const [raised] = await Promise.all([send(bob.socket, 'hand:raise', {}), queueOf(rivera.socket, 1)]);
      expect(raised).toEqual({ ok: true });
      const raisedAt = rivera.latest().version;
      await heardUpTo();
      expect(toldOf(raisedAt)).toBe(false);

      // Alice on B, let in from A: from her join (which B stores) on, A tells B.
      const alice = await sockets.join(b.url, session.links.member, 'alice-phone', 'Alice');
      const [admitted] = await Promise.all([send(rivera.socket, 'person:admit', { personId: alice.personId }), waitFor(alice.socket, 'media:granted')]);
      expect(admitted).toEqual({ ok: true });
      const [lowered] = await Promise.all([send(bob.socket, 'hand:lower', {}), queueOf(alice.socket, 0)]);
      expect(lowered).toEqual({ ok: true });
      expect(toldOf(alice.latest().version)).toBe(true);

      // Her phone goes (B stores that): A tells B nothing of the session again.
      alice.socket.disconnect();
      await until('A knows her phone is gone', async () => (await store.load(session.sessionId))!.people[alice.personId]!.devices['alice-phone']!.connected === false);
      const [again] = await Promise.all([send(bob.socket, 'hand:raise', {}), queueOf(rivera.socket, 1)]);
      expect(again).toEqual({ ok: true });
      await heardUpTo();
      expect(toldOf(rivera.latest().version)).toBe(false);
    } finally {
      b.circle.io.off('circle:emit', listen);
    }
  });

  it('tells a member on the other server that the session ended, though the end leaves no device connected', async () => {
    const rivera = await sockets.join(a.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await sockets.join(b.url, session.links.member, 'alice-phone', 'Alice');
    expect(await send(rivera.socket, 'person:admit', { personId: alice.personId })).toEqual({ ok: true });
    const [ended] = await Promise.all([send(rivera.socket, 'session:end', {}), until('alice saw the end', () => alice.latest().status === 'ended')]);
    expect(ended).toEqual({ ok: true });
  });

  it('hands a change to Socket.IO only for the rooms where the server holds some of the session’s sockets', async () => {
    const { rivera, bob } = await riveraAndBob(sockets, a.url, session);
    // Alice on B, let in from A; then what B gives Socket.IO to send.
    const alice = await sockets.join(b.url, session.links.member, 'alice-phone', 'Alice');
    // Her token comes last of what her admission sends her.
    const [admitted] = await Promise.all([send(rivera.socket, 'person:admit', { personId: alice.personId }), waitFor(alice.socket, 'media:granted')]);
    expect(admitted).toEqual({ ok: true });
    const handed: string[] = [];
    const adapter = b.circle.io.of('/').adapter;
    const broadcast = adapter.broadcast.bind(adapter);
    adapter.broadcast = (packet, opts) => {
      handed.push(...opts.rooms);
      return broadcast(packet, opts);
    };
    try {
      // B is told the staff's view too, and holds none of their sockets: it sends the participants' view, to her, and only that.
      const [raised] = await Promise.all([send(bob.socket, 'hand:raise', {}), queueOf(alice.socket, 1)]);
      expect(raised).toEqual({ ok: true });
      expect(handed).toEqual([audienceRoom(session.sessionId, 'participant')]);
    } finally {
      adapter.broadcast = broadcast;
    }
  });

  it('closes the sockets of a member removed from another process', async () => {
    const rivera = await sockets.join(a.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const carmen = await sockets.join(b.url, session.links.member, 'carmen-phone', 'Carmen');
    await send(rivera.socket, 'person:admit', { personId: carmen.personId });
    const [ack, closed] = await Promise.all([
      send(rivera.socket, 'person:remove', { personId: carmen.personId }),
      waitForDisconnect(carmen.socket),
    ]);
    expect(ack.ok).toBe(true);
    expect(closed).toBe('io server disconnect');
  });

  it('keeps concurrent commands from both servers atomic: every hand once, one queue:next of two', async () => {
    const rivera = await sockets.join(a.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const kim = await sockets.join(b.url, session.links.cotherapist, 'kim-tablet', 'Kim');
    const names = ['Alice', 'Bob', 'Carmen', 'Dev', 'Ema', 'Farid', 'Gus', 'Hana'];
    // Half the members on each server.
    const members = await Promise.all(
      names.map((name, i) => sockets.join(i % 2 === 0 ? a.url : b.url, session.links.member, `${name.toLowerCase()}-phone`, name)),
    );
    const admitted = await send(rivera.socket, 'person:admitAll', {});
    expect(admitted).toEqual({ ok: true, admitted: names.length });
    const before = (await store.load(session.sessionId))!;

    // Every member raises a hand at the same moment, from both servers.
    const acks = await Promise.all(members.map((m) => send(m.socket, 'hand:raise', {})));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const after = (await store.load(session.sessionId))!;
    const queue = after.turns.queue.map((e) => e.personId);
    expect(new Set(queue).size).toBe(names.length);
    expect(queue.sort()).toEqual(members.map((m) => m.personId).sort());
    // One version per hand: no write was lost or applied twice.
    expect(after.version).toBe(before.version + names.length);
    expect(after.turns.queueVersion).toBe(before.turns.queueVersion + names.length);

    // Every client, on either server, ends up having seen that last version.
    const everyone = [rivera, kim, ...members];
    await until('every client saw the last hand', () => everyone.every((c) => c.latest().version === after.version));
    for (const c of everyone) expect(c.latest().turns.queue.map((e) => e.personId)).toEqual(after.turns.queue.map((e) => e.personId));
    const [first] = after.turns.queue;

    // Both staff press Next speaker on the same queue, from different servers: it advances once.
    const presses = await Promise.all([
      send(rivera.socket, 'queue:next', { queueVersion: after.turns.queueVersion }),
      send(kim.socket, 'queue:next', { queueVersion: after.turns.queueVersion }),
    ]);
    expect(presses.filter((p) => p.ok)).toHaveLength(1);
    expect(presses.find((p) => !p.ok)).toMatchObject({ ok: false, error: { code: 'stale_version' } });
    const advanced = (await store.load(session.sessionId))!;
    expect(advanced.turns.current?.personId).toBe(first?.personId);
    expect(advanced.turns.queue).toHaveLength(names.length - 1);
    expect(advanced.version).toBe(after.version + 1);
  });
  it('tells the other server what it stored, so that a command there next loses no check-and-set', async () => {
    const rivera = await sockets.join(a.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await sockets.join(a.url, session.links.member, 'alice-phone', 'Alice');
    const bob = await sockets.join(b.url, session.links.member, 'bob-phone', 'Bob');
    expect(await send(rivera.socket, 'person:admitAll', {})).toEqual({ ok: true, admitted: 2 });
    // Until a server has seen a change through to its own clients, it may not have heard of it.
    // (Read by a third store: a load refreshes what the reading store knows.)
    const reader = await RedisStore.connect({ url: REDIS_URL, keyPrefix, timeoutMs: 5000 });
    const seenEverywhere = async () => {
      const { version } = (await reader.load(session.sessionId))!;
      await until('both servers passed the change on', () => alice.latest().version === version && bob.latest().version === version);
    };
    await seenEverywhere();

    const conflicts = () => store.conflicts + storeB.conflicts;
    const before = conflicts();
    for (const command of ['hand:raise', 'hand:lower', 'hand:raise'] as const) {
      expect(await send(alice.socket, command, {})).toEqual({ ok: true });
      await seenEverywhere();
      expect(await send(bob.socket, command, {})).toEqual({ ok: true });
      await seenEverywhere();
    }
    expect(conflicts() - before).toBe(0);
    expect((await reader.load(session.sessionId))!.turns.queue.map((e) => e.personId)).toEqual([alice.personId, bob.personId]);
    await reader.close();
  });

  it('keeps every client’s pieced-together view exact while successive commands come through different servers', async () => {
    const rivera = await sockets.join(a.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const kim = await sockets.join(b.url, session.links.cotherapist, 'kim-tablet', 'Kim');
    const names = ['Alice', 'Bob', 'Carmen', 'Dev'];
    const members = await Promise.all(
      names.map((name, i) => sockets.join(i % 2 === 0 ? a.url : b.url, session.links.member, `${name.toLowerCase()}-phone`, name)),
    );
    expect(await send(rivera.socket, 'person:admitAll', {})).toEqual({ ok: true, admitted: names.length });
    const admitted = (await store.load(session.sessionId))!.version;

    // Each server publishes changes whose versions before were published by the other, so its
    // views are remade from what it published itself, and what changed since. (The speaker's
    // own raise and lower are refused; everyone else's change the queue.)
    for (let round = 0; round < 3; round++) {
      for (const m of members) await send(m.socket, 'hand:raise', {});
      const { queueVersion } = (await store.load(session.sessionId))!.turns;
      expect((await send((round % 2 === 0 ? kim : rivera).socket, 'queue:next', { queueVersion })).ok).toBe(true);
      for (const m of members.slice(round)) await send(m.socket, 'hand:lower', {});
    }
    expect((await send(kim.socket, 'talkingPiece:set', { on: true })).ok).toBe(true);
    // A change made elsewhere, then undone by the server that remembers the value from before it.
    expect((await send(rivera.socket, 'agenda:set', { phases: ['Check-in', 'Skills'] })).ok).toBe(true);
    expect((await send(kim.socket, 'agenda:set', { phases: ['Check-out'] })).ok).toBe(true);
    expect((await send(rivera.socket, 'session:lock', { locked: true })).ok).toBe(true);
    expect((await send(rivera.socket, 'agenda:set', { phases: ['Check-in', 'Skills'] })).ok).toBe(true);

    const last = (await store.load(session.sessionId))!.version;
    expect(last - admitted).toBeGreaterThan(15);
    const everyone = [rivera, kim, ...members];
    await until('every client saw the last change', () => everyone.every((c) => c.latest().version === last));
    for (const c of everyone) {
      const fresh = await send(c.socket, 'session:sync', {});
      if (!fresh.ok) throw new Error(fresh.error.message);
      expect(c.latest()).toEqual(fresh.view);
    }
  });
});

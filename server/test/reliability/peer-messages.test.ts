import { afterAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@circle/shared';
import { audienceRoom } from '../../src/gateway/rooms.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { send, waitFor, type ClientSocket } from '../support/harness.js';
import { createSession, deleteKeys, REDIS_URL, riveraAndBob, Sockets, startInstance, uniquePrefix, until, type Instance } from './support/instances.js';

// What one server process tells the others comes through Redis, from a process that may run
// another version of Circle (a rolling deploy) or have a bug. A message this process cannot use
// is left aside: it must never take the process down, nor leave it holding a wrong state.

const keyPrefix = uniquePrefix('peer-messages');
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  await deleteKeys(keyPrefix);
});

async function instance(channelPrefix: string): Promise<Instance> {
  const store = await RedisStore.connect({ url: REDIS_URL, keyPrefix, timeoutMs: 5000 });
  const started = await startInstance(store, channelPrefix);
  cleanup.push(async () => {
    await started.close();
    await store.close();
  });
  return started;
}

/** `from` sends `args` to every other process as Publisher does, under the event name Circle's processes use. */
function tell(from: Instance, ...args: unknown[]): void {
  (from.circle.io.serverSideEmit as (event: string, ...rest: unknown[]) => boolean)('circle:emit', ...args);
}

const queueOf = (socket: ClientSocket, length: number) =>
  waitFor(socket, 'session:patched', ({ patch }) => (patch.changes as Partial<SessionView>).turns?.queue.length === length);

/** Two processes on one channel, and a session on A with Dr Rivera and Bob in it. */
async function twoProcesses() {
  const channelPrefix = uniquePrefix('peer-messages-channels');
  const a = await instance(channelPrefix);
  const b = await instance(channelPrefix);
  const sockets = new Sockets();
  cleanup.push(() => sockets.closeAll());
  const session = await createSession(a.url);
  return { a, b, sockets, session, ...(await riveraAndBob(sockets, a.url, session)) };
}

describe('a message from another server process that this one cannot wholly use', () => {
  it('has what cannot be used logged and left aside, the rest delivered, and the process serves on from what Redis holds', async () => {
    const { a, b, sockets, session, rivera, bob } = await twoProcesses();
    const known = rivera.latest().version;

    const warnings = () => a.log.lines.filter((line) => line.includes('message from another server process left aside'));
    // Not the shape Circle's processes send: no list of emissions.
    tell(b, 'not a list of emissions', null);
    // The right shape, for the version A holds, but a part that is not JSON: taken, A would
    // hold a session it cannot read, or a wrong one, at the version Redis holds.
    tell(b, [], { sessionId: session.sessionId, from: known, to: known + 1, replaced: [['turns', '{"queue": [']], dropped: [] });
    // Three emissions, one with an event no client knows and one for a list of no rooms, and an
    // argument more than this version sends (as a newer one might): the usable emission is
    // delivered all the same.
    const staffNotice = { kind: 'mediaActionFailed', message: 'Told by B' } as const;
    const [notice] = await Promise.all([
      waitFor(rivera.socket, 'notice:shown', ({ message }) => message === staffNotice.message),
      tell(
        b,
        [
          { room: 'anywhere', event: 'session:erased', payload: {} },
          { room: [], event: 'notice:shown', payload: staffNotice },
          { room: [audienceRoom(session.sessionId, 'staff')], event: 'notice:shown', payload: staffNotice },
        ],
        null,
        'more',
      ),
    ]);
    expect(notice).toEqual(staffNotice);
    await until('A logged the four parts it left aside', () => warnings().length === 4);
    expect(warnings().map((line) => (JSON.parse(line) as { part: string }).part).sort()).toEqual(['change', 'emission', 'emission', 'emissions']);
    // The log says which part was wrong, never what the message held.
    expect(warnings().join('\n')).not.toContain('{"queue": [');

    // The link to Redis was never in doubt: nothing was thrown into the Redis client's reading.
    expect(a.log.lines.filter((line) => line.includes('lost Redis'))).toEqual([]);

    // A goes on serving the session from what Redis holds, and hears B again: Alice, joining on
    // B, is let in by Rivera on A; her hand goes up on B and Rivera sees it, then Bob's on A.
    const alice = await sockets.join(b.url, session.links.member, 'alice-phone', 'Alice');
    expect(await send(rivera.socket, 'person:admit', { personId: alice.personId })).toEqual({ ok: true });
    const [aliceRaised] = await Promise.all([send(alice.socket, 'hand:raise', {}), queueOf(rivera.socket, 1)]);
    expect(aliceRaised).toEqual({ ok: true });
    const [bobRaised] = await Promise.all([send(bob.socket, 'hand:raise', {}), queueOf(alice.socket, 2)]);
    expect(bobRaised).toEqual({ ok: true });
    const [next] = await Promise.all([send(rivera.socket, 'queue:next', { queueVersion: rivera.latest().turns.queueVersion }), queueOf(alice.socket, 1)]);
    expect(next).toEqual({ ok: true });
    expect(alice.latest().turns.current?.personId).toBe(alice.personId);
  });

  it('costs only that message when handling it throws, whatever threw', async () => {
    const { a, b, sockets, session, rivera } = await twoProcesses();
    const alice = await sockets.join(b.url, session.links.member, 'alice-phone', 'Alice');
    expect(await send(rivera.socket, 'person:admit', { personId: alice.personId })).toEqual({ ok: true });

    // A bug in A's handling of one kind of message, stood in for by a listener that throws.
    (a.circle.io.on as (event: string, listener: () => void) => void)('circle:test-bug', () => {
      throw new RangeError('a bug');
    });
    (b.circle.io.serverSideEmit as (event: string) => boolean)('circle:test-bug');
    // B's next message still arrives: Rivera on A sees Alice's hand. Before the subscriber caught
    // throws, node-redis dropped it with the rest of what it had read alongside the throwing one.
    const [raised] = await Promise.all([send(alice.socket, 'hand:raise', {}), queueOf(rivera.socket, 1)]);
    expect(raised).toEqual({ ok: true });
    await until('A logged the message it could not handle', () => a.log.lines.some((line) => line.includes('could not be handled (RangeError)')));
    expect(a.log.lines.filter((line) => line.includes('lost Redis'))).toEqual([]);
  });
});

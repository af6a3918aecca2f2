import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis-store.js';
import { send, waitFor } from '../support/harness.js';
import { createSession, deleteKeys, REDIS_URL, Sockets, startInstance, uniquePrefix, until, type Instance } from './support/instances.js';

// Two Circle servers in this process. A leaves the cluster without running a single disconnect,
// as a process killed with SIGKILL would (its sockets stay open here, but no other process can
// reach them any more): B must find A's devices unheld and mark them disconnected, and leave
// its own alone. (`process-crash.test.ts` kills a real process and waits for the whole path.)

const keyPrefix = uniquePrefix('presence');
const stores: RedisStore[] = [];
let a: Instance;
let b: Instance;
const sockets = new Sockets();

// A grace of a millisecond: every device is old enough to be checked.
const env = { CIRCLE_PRESENCE_GRACE_SECONDS: '0.001' };
async function connect(): Promise<RedisStore> {
  const store = await RedisStore.connect({ url: REDIS_URL, keyPrefix, timeoutMs: 5000 });
  stores.push(store);
  return store;
}

beforeAll(async () => {
  await connect();
  await connect();
  const channelPrefix = uniquePrefix('presence-channels');
  [a, b] = await Promise.all([startInstance(stores[0]!, channelPrefix, env), startInstance(stores[1]!, channelPrefix, env)]);
});
afterAll(async () => {
  sockets.closeAll();
  await Promise.all([a?.circle.close(), b?.close()]);
  await Promise.all(stores.map((s) => s.close()));
  await deleteKeys(keyPrefix);
});

describe('devices of a lost process', () => {
  it('are marked disconnected by the process that is left, and only those', async () => {
    const session = await createSession(b.url);
    const rivera = await sockets.join(b.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await sockets.join(a.url, session.links.member, 'alice-phone', 'Alice');
    const bob = await sockets.join(b.url, session.links.member, 'bob-phone', 'Bob');
    expect(await send(rivera.socket, 'person:admitAll', {})).toMatchObject({ ok: true, admitted: 2 });

    // While A is in the cluster, its sockets answer for themselves: nothing to mark.
    expect(await b.circle.presence.sweep(session.sessionId)).toBe(0);

    await a.cluster.close();
    const seen = waitFor(rivera.socket, 'session:changed', ({ view }) => view.people.find((p) => p.id === alice.personId)?.present === false);
    expect(await b.circle.presence.sweep(session.sessionId)).toBe(1);
    const { view } = await seen;
    expect(view.people.find((p) => p.id === bob.personId)?.present).toBe(true);
    expect(view.people.find((p) => p.id === rivera.personId)?.present).toBe(true);

    const stored = await stores[1]!.load(session.sessionId);
    const device = stored!.people[alice.personId]!.devices['alice-phone']!;
    expect(device).toMatchObject({ connected: false, connectionId: null });
    // Her time in the room ends when the loss was found, so the attendance record does not run on.
    expect(stored!.people[alice.personId]!.presence.at(-1)?.to).not.toBeNull();
    // A second look finds nothing more to do.
    expect(await b.circle.presence.sweep(session.sessionId)).toBe(0);
  });
});

describe('a session whose people were all on a process that was killed', () => {
  it('is checked by a process that starts afterwards, though nobody comes back to it', async () => {
    const channelPrefix = uniquePrefix('presence-restart-channels');
    const killed = await startInstance(await connect(), channelPrefix, env);
    const session = await createSession(killed.url);
    const rivera = await sockets.join(killed.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    await killed.cluster.close();

    const restarted = await startInstance(await connect(), channelPrefix, env);
    try {
      const laptop = async () => (await restarted.circle.sessions.load(session.sessionId))!.people[rivera.personId]!.devices['rivera-laptop']!;
      await until('the process that started marked the laptop disconnected', async () => !(await laptop()).connected);
    } finally {
      await Promise.all([restarted.close(), killed.circle.close()]);
    }
  });
});

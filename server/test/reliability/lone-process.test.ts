import { afterAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis-store.js';
import { send, waitFor } from '../support/harness.js';
import { createSession, deleteKeys, REDIS_URL, queueOf, riveraAndBob, Sockets, startInstance, uniquePrefix, type Instance } from './support/instances.js';

// A process whose sessions are all whole on it tells the other processes nothing, however many
// share the adapter: not the views, not the change, not the keys and tokens its admissions send.
// A process that starts is told of a session from the moment one of its devices is there.

const keyPrefix = uniquePrefix('lone-process');
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

/** The events this process hands the adapter for the others: the publisher does so before the command is answered. */
function publishedBy(circle: Instance['circle']): string[] {
  const events: string[] = [];
  const serverSideEmit = circle.io.serverSideEmit.bind(circle.io);
  circle.io.serverSideEmit = ((event: Parameters<typeof serverSideEmit>[0], ...args: unknown[]) => {
    events.push(event);
    return (serverSideEmit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
  }) as typeof circle.io.serverSideEmit;
  return events;
}

describe('a server process whose sessions are whole on it', () => {
  it('publishes nothing for them, and tells a process that starts of a session from its first device there', async () => {
    const channelPrefix = uniquePrefix('lone-process-channels');
    const a = await instance(channelPrefix);
    const published = publishedBy(a.circle);
    const sockets = new Sockets();
    cleanup.push(() => sockets.closeAll());

    // Joins, an admission with its key and token, a hand: all for devices on A.
    const session = await createSession(a.url);
    const { rivera, bob } = await riveraAndBob(sockets, a.url, session);
    const [raised] = await Promise.all([send(bob.socket, 'hand:raise', {}), queueOf(rivera.socket, 1)]);
    expect(raised).toEqual({ ok: true });
    expect(published).toEqual([]);

    // B starts; alice joins there, and from then on A tells B of the session.
    const b = await instance(channelPrefix);
    const alice = await sockets.join(b.url, session.links.member, 'alice-phone', 'Alice');
    const [admitted] = await Promise.all([
      send(rivera.socket, 'person:admit', { personId: alice.personId }),
      waitFor(alice.socket, 'media:granted'),
    ]);
    expect(admitted).toEqual({ ok: true });
    const [lowered] = await Promise.all([send(bob.socket, 'hand:lower', {}), queueOf(alice.socket, 0)]);
    expect(lowered).toEqual({ ok: true });
    expect(published.length).toBeGreaterThan(0);
    expect(new Set(published)).toEqual(new Set(['circle:emit']));
  });
});

import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@circle/shared';
import { RedisStore } from '../../src/store/redis-store.js';
import { send, waitFor, type ClientSocket } from '../support/harness.js';
import { createSession, deleteKeys, REDIS_URL, riveraAndBob, Sockets, startInstance, uniquePrefix, until, type Instance } from './support/instances.js';

// A process that Redis counts alone on the adapter's channel tells nobody what it delivered and
// stored; a process that starts greets it first, and from then on hears of every session it
// holds connections of.

const keyPrefix = uniquePrefix('lone-process');
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  await deleteKeys(keyPrefix);
});

/** Every command Redis runs (MONITOR), in the order it runs them: what this test's processes published on their channel. */
async function watchPublishes(channel: string): Promise<{ lines: string[]; seen: (text: string) => boolean }> {
  const monitor = createClient({ url: REDIS_URL });
  monitor.on('error', () => {});
  await monitor.connect();
  const lines: string[] = [];
  await monitor.monitor((line: string) => {
    if (line.includes('"SPUBLISH"') && line.includes(`"${channel}"`)) lines.push(line);
  });
  cleanup.push(() => monitor.destroy());
  return { lines, seen: (text) => lines.some((line) => line.includes(text)) };
}

async function instance(channelPrefix: string): Promise<Instance> {
  const store = await RedisStore.connect({ url: REDIS_URL, keyPrefix, timeoutMs: 5000 });
  // No count of its own during the test: what changes the verdict is the greeting, or the test's own count.
  const started = await startInstance(store, channelPrefix, {}, { serverCountEveryMs: 600_000 });
  cleanup.push(async () => {
    await started.close();
    await store.close();
  });
  return started;
}

const queueOf = (socket: ClientSocket, length: number) =>
  waitFor(socket, 'session:patched', ({ patch }) => (patch.changes as Partial<SessionView>).turns?.queue.length === length);

describe('a server process alone on the adapter', () => {
  it('publishes nothing for its changes, and tells a second process of its sessions from the moment it starts', async () => {
    const channelPrefix = uniquePrefix('lone-process-channels');
    const published = await watchPublishes(`${channelPrefix}#/#`);
    const a = await instance(channelPrefix);
    const peers = a.circle.peers!;
    // Twice: the first count after a start only settles (see scale/peers.ts).
    for (let i = 0; i < 2; i++) await peers.count(() => a.circle.io.of('/').adapter.serverCount());
    expect(peers.alone).toBe(true);

    const sockets = new Sockets();
    cleanup.push(() => sockets.closeAll());
    const session = await createSession(a.url);
    const { rivera, bob } = await riveraAndBob(sockets, a.url, session);
    const [raised] = await Promise.all([send(bob.socket, 'hand:raise', {}), queueOf(rivera.socket, 1)]);
    expect(raised).toEqual({ ok: true });

    // B greets A before it serves anyone; A counts itself alone no more, without counting again.
    const b = await instance(channelPrefix);
    expect(peers.alone).toBe(false);
    const alice = await sockets.join(b.url, session.links.member, 'alice-phone', 'Alice');
    const [admitted] = await Promise.all([
      send(rivera.socket, 'person:admit', { personId: alice.personId }),
      waitFor(alice.socket, 'self:changed', ({ self }) => self.status === 'admitted'),
    ]);
    expect(admitted).toEqual({ ok: true });
    // A command handled on A reaches alice on B.
    const [lowered] = await Promise.all([send(bob.socket, 'hand:lower', {}), queueOf(alice.socket, 0)]);
    expect(lowered).toEqual({ ok: true });

    // Redis ran A's lone publishes, had there been any, before B's greeting, and A's publishes to B after it.
    await until('A’s publishes reached the monitor', () => published.seen('circle:emit'));
    const hello = published.lines.findIndex((line) => line.includes('circle:hello'));
    const firstEmit = published.lines.findIndex((line) => line.includes('circle:emit'));
    expect(hello).toBeGreaterThanOrEqual(0);
    expect(firstEmit).toBeGreaterThan(hello);
  });
});

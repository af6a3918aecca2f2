// Redis full: with maxmemory-policy noeviction, as Circle asks of its Redis (the other policies
// would drop session keys without a word), a full Redis refuses writes instead. A refused write
// must reach the person as "temporarily unavailable", change nothing, and pass once there is room.
import { ErrorCode } from '@circle/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { countsInRedis } from '../../src/http/limit-counts.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { Harness, send, waitFor } from '../support/harness.js';
import { fillRedis, redisToFill } from '../store/redis-support.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A Redis of the test's own that refuses rather than evicts, a store on it, and what it logs. */
async function storeToFill() {
  const { redis, admin } = await redisToFill(cleanups);
  const storeLog: string[] = [];
  const store = await RedisStore.connect({ url: redis.url, timeoutMs: 5000, log: (message) => storeLog.push(message) });
  cleanups.push(() => store.close());
  return { store, storeLog, admin };
}

async function started(harness: Harness): Promise<Harness> {
  await harness.start();
  cleanups.push(() => harness.stop());
  return harness;
}

describe('Redis full (maxmemory reached, noeviction)', () => {
  it('answers a write "temporarily unavailable", changes nothing, and takes it once there is room again', async () => {
    const { store, storeLog, admin } = await storeToFill();
    const harness = await started(new Harness(store));

    const session = await harness.createSession();
    const rivera = await harness.join(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await harness.join(session.links.member, 'alice-phone', 'Alice');
    const waiting = async () => Object.values((await store.load(session.sessionId))?.people ?? {}).filter((person) => person.status === 'waiting').map((person) => person.name);
    expect(await waiting()).toEqual(['Alice']);

    const filler = await fillRedis(admin, (used) => used - 2 * 1024 * 1024);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const refused = await send(rivera.socket, 'person:admitAll', {});
      expect(refused).toEqual({ ok: false, error: { code: ErrorCode.unavailable, message: expect.stringMatching(/temporarily unavailable/) } });
    }
    expect(await waiting()).toEqual(['Alice']);
    // Whoever runs Redis is told why, once for the two refusals.
    expect(storeLog).toEqual([expect.stringMatching(/^Redis is out of memory \(maxmemory reached\)/)]);

    await admin.del(filler);
    const [admitted] = await Promise.all([send(rivera.socket, 'person:admitAll', {}), waitFor(alice.socket, 'media:granted')]);
    expect(admitted).toEqual({ ok: true, admitted: 1 });
    expect(await waiting()).toEqual([]);
    expect(storeLog).toEqual([expect.stringMatching(/^Redis is out of memory/), 'Redis has room again: changes are taken']);
  });

  it('answers HTTP requests, whose limits count in Redis, 503 "temporarily unavailable" rather than an internal error', async () => {
    const { store, storeLog, admin } = await storeToFill();
    const harness = await started(new Harness(store, undefined, { httpCounts: countsInRedis((args) => store.command(args), store.keyPrefix) }));
    await harness.createSession();

    const filler = await fillRedis(admin, (used) => used - 2 * 1024 * 1024);
    await expect(harness.createSession()).rejects.toThrow(/^createSession: 503 .*"code":"unavailable".*temporarily unavailable/);
    expect(storeLog).toEqual([expect.stringMatching(/^Redis is out of memory/)]);

    await admin.del(filler);
    expect((await harness.createSession()).sessionId).toEqual(expect.any(String));
    expect(storeLog).toEqual([expect.stringMatching(/^Redis is out of memory/), 'Redis has room again: changes are taken']);
  });
});

// How full Redis is, read off a redis-server of this file's own whose maxmemory is set just
// above what it holds, as when a clinic's sessions outgrow the memory Redis was given.
import { afterAll, describe, expect, it } from 'vitest';
import { HeadroomWatch } from '../../src/store/redis-headroom.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { until } from '../reliability/support/instances.js';
import { fillRedis, redisToFill } from './redis-support.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('how full Redis is', () => {
  it('is said once past 80 % of maxmemory, and once when back under 70 %', async () => {
    const { admin } = await redisToFill(cleanups);
    const logged: string[] = [];
    const watch = new HeadroomWatch((args) => admin.sendCommand(args), (message) => logged.push(message));
    await watch.check();
    expect(logged).toEqual([]); // no maxmemory: no limit to warn of

    const filler = await fillRedis(admin, (used) => used / 0.9);
    await watch.check();
    await watch.check();
    expect(logged).toEqual([expect.stringMatching(/^Redis is (8|9)\d % full \(maxmemory \d+ MB\): when it is full every change is refused/)]);

    await admin.del(filler);
    await watch.check();
    await watch.check();
    expect(logged).toEqual([expect.stringMatching(/% full \(maxmemory/), expect.stringMatching(/^Redis is under 70 % full again \(\d+ %\)$/)]);
  });

  it('is checked again every so often by a store with a log', async () => {
    const { redis, admin } = await redisToFill(cleanups);
    const logged: string[] = [];
    const store = await RedisStore.connect({ url: redis.url, timeoutMs: 5000, log: (message) => logged.push(message), headroomEveryMs: 20 });
    cleanups.push(() => store.close());
    expect(logged).toEqual([]);
    await fillRedis(admin, (used) => used / 0.9);
    await until('the store has checked again', () => logged.length > 0);
    expect(logged).toEqual([expect.stringMatching(/^Redis is (8|9)\d % full/)]);
  });

  it('is told by a store with a log as soon as it connects', async () => {
    const { redis, admin } = await redisToFill(cleanups);
    await fillRedis(admin, (used) => used / 0.9);
    const logged: string[] = [];
    const store = await RedisStore.connect({ url: redis.url, timeoutMs: 5000, log: (message) => logged.push(message) });
    cleanups.push(() => store.close());
    expect(logged).toEqual([expect.stringMatching(/^Redis is (8|9)\d % full/)]);
  });
});

import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll } from 'vitest';
import { RedisStore } from '../../src/store/redis-store.js';
import { OwnRedis } from '../../bench/lib/own-redis.js';
import { CommandLog } from './command-log.js';
import type { SessionState } from '../../src/domain/state.js';
import type { Mutation } from '../../src/ports/session-store.js';
import { next } from './session-store.contract.js';

/** The shared Redis of the test run; each test keeps to a key prefix of its own. */
export const url = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every key under `prefix`. */
export async function deleteKeys(admin: ReturnType<typeof createClient>, prefix: string): Promise<void> {
  // node-redis v5's scanIterator yields batches of keys, not single keys.
  for await (const keys of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
    if (keys.length > 0) await admin.del(keys);
  }
}

/**
 * A Redis of a test's own that refuses writes when full rather than evicting keys, as Circle asks
 * of its Redis, and an admin connection to it; `cleanups` is given what closes both.
 */
export async function redisToFill(cleanups: Array<() => unknown>): Promise<{ redis: OwnRedis; admin: ReturnType<typeof createClient> }> {
  const redis = await OwnRedis.start(['--maxmemory-policy', 'noeviction']);
  cleanups.push(() => redis.stop());
  const admin = createClient({ url: redis.url });
  await admin.connect();
  cleanups.push(() => admin.destroy());
  return { redis, admin };
}

/**
 * 4 MB of other data in a Redis of a test's own, then a maxmemory of `limit(bytes it now holds)`,
 * as when a clinic's sessions outgrow the memory Redis was given. Returns the filler's keys.
 */
export async function fillRedis(admin: ReturnType<typeof createClient>, limit: (usedBytes: number) => number): Promise<string[]> {
  const keys = Array.from({ length: 16 }, (_, i) => `filler:${i}`);
  for (const key of keys) await admin.set(key, 'x'.repeat(256 * 1024));
  const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);
  await admin.configSet('maxmemory', String(Math.round(limit(used))));
  return keys;
}

/** An update appending `entry` to the session's order. */
export function append(entry: string) {
  return (s: SessionState): Mutation<null> => ({ state: next(s, { order: [...s.order, entry] }), result: null });
}

/**
 * What a test file of the Redis store needs: an admin connection, a MONITOR log, stores of
 * their own ("other processes"), and key prefixes under one per run, all closed and deleted
 * after the file's tests.
 */
export function storeRig() {
  const runPrefix = `circle-test:${randomUUID()}:`;
  const admin = createClient({ url });
  const stores: RedisStore[] = [];
  const rig = {
    admin,
    commands: undefined as unknown as CommandLog,
    /** A store of its own ("another process": its own client and cache) on `keyPrefix`. */
    async connectStore(keyPrefix: string): Promise<RedisStore> {
      const store = await RedisStore.connect({ url, keyPrefix, timeoutMs: 5000 });
      stores.push(store);
      return store;
    },
    freshPrefix: () => `${runPrefix}${randomUUID()}:`,
  };
  beforeAll(async () => {
    await admin.connect();
    rig.commands = await CommandLog.open(url);
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    rig.commands.close();
    await deleteKeys(admin, runPrefix);
    admin.destroy();
  });
  return rig;
}

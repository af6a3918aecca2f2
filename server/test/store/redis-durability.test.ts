// What Circle tells whoever runs it about their Redis's settings, read off real redis-servers
// of this file's own, each started with the settings in question.
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { durabilityWarnings } from '../../src/store/redis-durability.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { until } from '../reliability/support/instances.js';
import { OwnRedis } from '../../bench/lib/own-redis.js';
import { newSession } from './session-store.contract.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A Redis with `settings`, and what a store connecting to it (as `user`, if given) logs. */
async function warningsFrom(settings: string[], user?: { name: string; rules: string[] }): Promise<{ logged: string[]; store: RedisStore }> {
  const redis = await OwnRedis.start(settings);
  cleanups.push(() => redis.stop());
  let url = redis.url;
  if (user) {
    const admin = createClient({ url });
    await admin.connect();
    await admin.sendCommand(['ACL', 'SETUSER', user.name, 'on', '>secret', '~*', '&*', ...user.rules]);
    admin.destroy();
    url = `redis://${user.name}:secret@127.0.0.1:${redis.port}`;
  }
  const logged: string[] = [];
  const store = await RedisStore.connect({ url, timeoutMs: 5000, log: (message) => logged.push(message) });
  cleanups.push(() => store.close());
  return { logged, store };
}

describe("Circle's warnings about its Redis", () => {
  it('are none for a Redis that keeps every acknowledged write: noeviction, appendonly yes, appendfsync always', async () => {
    const { logged } = await warningsFrom([]);
    expect(logged).toEqual([]);
  });

  it('say that a Redis without an append-only file loses the changes since its last snapshot when it restarts', async () => {
    const { logged } = await warningsFrom(['--appendonly', 'no', '--save', '3600 1']);
    expect(logged).toEqual([expect.stringMatching(/^Redis keeps no append-only file \(appendonly no\): if it restarts, changes since its last snapshot are lost/)]);
  });

  it('say that a Redis keeping nothing on disk loses every session when it restarts', async () => {
    const { logged } = await warningsFrom(['--appendonly', 'no', '--save', '']);
    expect(logged).toEqual([expect.stringMatching(/^Redis keeps nothing on disk \(appendonly no, no snapshots\): if it restarts, every session is lost/)]);
  });

  it('say that appendfsync everysec can lose the last second of acknowledged changes', async () => {
    const { logged } = await warningsFrom(['--appendfsync', 'everysec']);
    expect(logged).toEqual([expect.stringMatching(/appendfsync everysec: a Redis crash can lose the last second/)]);
  });

  it('say that a Redis evicting keys with an expiry, as session keys have, can drop a session', async () => {
    const { logged } = await warningsFrom(['--maxmemory-policy', 'volatile-lru']);
    expect(logged).toEqual([expect.stringMatching(/^Redis may evict keys when it is full \(maxmemory-policy volatile-lru\)/)]);
  });

  it('name every risk at once', async () => {
    const { logged } = await warningsFrom(['--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru']);
    expect(logged).toEqual([expect.stringMatching(/allkeys-lru/), expect.stringMatching(/appendonly no, no snapshots/)]);
  });

  it('say what could not be checked where CONFIG is refused, as managed services do, and the store serves on', async () => {
    const { logged, store } = await warningsFrom([], { name: 'managed', rules: ['+@all', '-config'] });
    expect(logged).toEqual([expect.stringMatching(/^Could not read Redis's appendfsync \(CONFIG GET was refused\)/)]);
    const state = newSession();
    await store.create(state);
    expect((await store.load(state.id))?.id).toBe(state.id);
  });

  it('say that nothing could be checked where INFO is refused too, and the store serves on', async () => {
    const { logged, store } = await warningsFrom([], { name: 'locked', rules: ['+@all', '-config', '-info'] });
    expect(logged).toEqual([expect.stringMatching(/^Could not read Redis's settings \(.*NOPERM.*\): make sure it runs with maxmemory-policy noeviction, appendonly yes and appendfsync always$/)]);
    const state = newSession();
    await store.create(state);
    expect((await store.load(state.id))?.id).toBe(state.id);
  });

  it('are given again when Redis comes back with other settings, as after a restart or a failover', async () => {
    const redis = await OwnRedis.start();
    cleanups.push(() => redis.stop());
    const logged: string[] = [];
    const store = await RedisStore.connect({ url: redis.url, timeoutMs: 5000, log: (message) => logged.push(message) });
    cleanups.push(() => store.close());
    expect(logged).toEqual([]);

    await redis.kill();
    await redis.restart(['--appendonly', 'no']);
    await until('the warning is logged', () => logged.length >= 3);
    expect(logged).toEqual([expect.stringMatching(/^Redis is unreachable/), 'Redis is reachable again', expect.stringMatching(/^Redis keeps nothing on disk/)]);
  });

  it('read the reply lines, not their section headers', async () => {
    const replies: Record<string, unknown> = {
      'INFO memory': '# Memory\r\nused_memory:1024\r\nmaxmemory_policy:allkeys-random\r\n',
      'INFO persistence': '# Persistence\r\nloading:0\r\naof_enabled:1\r\n',
      'CONFIG GET appendfsync': ['appendfsync', 'no'],
    };
    const warnings = await durabilityWarnings(async (args) => replies[args.join(' ')]);
    expect(warnings).toEqual([expect.stringMatching(/maxmemory-policy allkeys-random/), expect.stringMatching(/appendfsync no: a Redis crash can lose the acknowledged changes the system has not yet written to disk/)]);
  });
});

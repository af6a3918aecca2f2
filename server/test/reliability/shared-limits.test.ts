import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { ErrorCode, type HttpError } from '@circle/shared';
import { loadConfig } from '../../src/config.js';
import { countsInRedis } from '../../src/http/limit-counts.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { ADMIN_KEY, Harness, tokenOf } from '../support/harness.js';
import { createSession, deleteKeys, REDIS_URL, uniquePrefix, until } from './support/instances.js';
import { OwnRedis } from '../../bench/lib/own-redis.js';
import { REDIS_PREFIX, ServerProcess } from './support/server-process.js';

// The HTTP limits per address (session creation, link checks, the /api ceiling) count in Redis,
// so several processes behind a balancer allow an address what one process would, not N times it.

const httpRates = {
  createSession: { windowMs: 60_000, limit: 100 },
  inspectLink: { windowMs: 60_000, limit: 3 },
  api: { windowMs: 60_000, limit: 1000 },
};

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function redisStore(url: string, keyPrefix: string): Promise<RedisStore> {
  const store = await RedisStore.connect({ url, keyPrefix, timeoutMs: 5000 });
  cleanup.push(() => store.close());
  return store;
}

/** A Circle in this process whose HTTP limits count in the store's Redis, as main.ts wires it. */
async function server(store: RedisStore): Promise<Harness> {
  const httpCounts = countsInRedis((args) => store.command(args), store.keyPrefix);
  const harness = await new Harness(store, undefined, { httpRates, httpCounts }).start();
  cleanup.push(() => harness.stop());
  return harness;
}

/** Resolves once the store's connection answers again after a restart. */
async function reconnected(store: RedisStore): Promise<void> {
  await until('the store is connected again', () => store.command(['PING']).then(() => true, () => false), 10_000);
}

async function inspect(url: string, link: string): Promise<Response> {
  return fetch(`${url}/api/links/inspect`, { headers: { authorization: `Bearer ${tokenOf(link)}` } });
}

async function statuses(url: string, link: string, times: number): Promise<number[]> {
  const seen = [];
  for (let i = 0; i < times; i++) seen.push((await inspect(url, link)).status);
  return seen;
}

describe('HTTP limits shared by every process', () => {
  it("counts an address's requests on every process together, under keys that expire with the window", async () => {
    const keyPrefix = uniquePrefix('limits');
    cleanup.push(() => deleteKeys(keyPrefix));
    const [a, b] = [await server(await redisStore(REDIS_URL, keyPrefix)), await server(await redisStore(REDIS_URL, keyPrefix))];
    const link = (await a.createSession()).links.member;

    expect(await statuses(a.url, link, 2)).toEqual([200, 200]);
    expect(await statuses(b.url, link, 2)).toEqual([200, 429]);
    expect(await statuses(a.url, link, 1)).toEqual([429]);

    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      const keys = await redis.keys(`${keyPrefix}limit:inspectLink:*`);
      expect(keys).toHaveLength(1);
      const ttl = await redis.pTTL(keys[0]!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(httpRates.inspectLink.windowMs);
    } finally {
      redis.destroy();
    }
  });

  describe('with Redis of the test’s own, killed and restarted', () => {
    it('answers "unavailable" while Redis is gone, letting nothing through uncounted, and counts on after', async () => {
      const redis = await OwnRedis.start();
      cleanup.push(() => redis.stop());
      const store = await redisStore(redis.url, 'circle:');
      const harness = await server(store);
      const link = (await harness.createSession()).links.member;
      expect(await statuses(harness.url, link, 1)).toEqual([200]);

      await redis.kill();
      const refused = await inspect(harness.url, link);
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as HttpError).error.code).toBe(ErrorCode.unavailable);

      // A restart empties Redis's script cache; the counts themselves are in the append-only file.
      await redis.restart();
      await reconnected(store);
      expect(await statuses(harness.url, link, 3)).toEqual([200, 200, 429]);
    });

    it('works once Redis is back even when the server started while it was gone', async () => {
      const redis = await OwnRedis.start();
      cleanup.push(() => redis.stop());
      const store = await redisStore(redis.url, 'circle:');
      await redis.kill();
      // Each limiter loads its script as it is made; here that fails.
      const harness = await server(store);
      await redis.restart();
      await reconnected(store);

      const link = (await harness.createSession()).links.member;
      expect(await statuses(harness.url, link, 4)).toEqual([200, 200, 200, 429]);
    });
  });

  it('holds for two server processes started as npm start starts them, sharing REDIS_URL', async () => {
    const env = { REDIS_URL };
    const [a, b] = await Promise.all([ServerProcess.start(env), ServerProcess.start(env)]);
    cleanup.push(async () => {
      for (const s of [a, b]) s.kill('SIGKILL');
      await Promise.all([a.exited, b.exited]);
      await deleteKeys(`${REDIS_PREFIX}:`);
    });
    // 60 creations per address in 15 minutes (DEFAULT_HTTP_RATES), whichever process takes them.
    const create = (url: string) =>
      fetch(`${url}/api/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Group' }),
      }).then((r) => r.status);
    for (let i = 0; i < 30; i++) await createSession(i % 2 ? a.url : b.url);
    const more = [];
    for (let i = 0; i < 31; i++) more.push(await create(i % 2 ? a.url : b.url));
    expect(more.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(more[30]).toBe(429);
  });

  it('reads the namespace from CIRCLE_REDIS_PREFIX, and refuses one it cannot use', () => {
    expect(loadConfig({}).redisPrefix).toBe('circle');
    expect(loadConfig({ CIRCLE_REDIS_PREFIX: 'clinic-b.staging_2' }).redisPrefix).toBe('clinic-b.staging_2');
    for (const bad of ['a b', 'with:colon', 'x'.repeat(65), 'é']) {
      expect(() => loadConfig({ CIRCLE_REDIS_PREFIX: bad }), bad).toThrow(/CIRCLE_REDIS_PREFIX/);
    }
  });
});

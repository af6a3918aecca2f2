// The Redis store when Redis forgets its scripts or stops answering. Neither fault is made on
// the shared Redis: one Redis of this file's own, and a link of its own to the shared one.
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/ports/session-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { allFields, hashOf } from '../../src/store/session-hash.js';
import { OwnRedis } from '../../bench/lib/own-redis.js';
import { CommandLog } from './command-log.js';
import { StallingLink } from './stalling-link.js';
import { append, deleteKeys, url } from './redis-support.js';
import { newSession, next } from './session-store.contract.js';

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('RedisStore after SCRIPT FLUSH', () => {
  it('sends its scripts again once, then by SHA as before', async () => {
    const redis = await OwnRedis.start();
    cleanups.push(() => redis.stop());
    const store = await RedisStore.connect({ url: redis.url, timeoutMs: 5000 });
    cleanups.push(() => store.close());
    const admin = createClient({ url: redis.url });
    await admin.connect();
    cleanups.push(() => admin.destroy());
    const commands = await CommandLog.open(redis.url);
    cleanups.push(() => commands.close());
    const state = newSession();
    await store.create(state);
    await store.update(state.id, append('alice'));

    await admin.scriptFlush();
    expect(await commands.during('circle:', () => store.update(state.id, append('bob')))).toEqual(['EVALSHA', 'EVAL']);
    expect(await commands.during('circle:', () => store.update(state.id, append('carmen')))).toEqual(['EVALSHA']);
    expect((await store.load(state.id))?.order).toEqual(['alice', 'bob', 'carmen']);
  });
});

describe('RedisStore when Redis comes back', () => {
  it('trusts nothing it knew from before, in case Redis lost writes meanwhile', async () => {
    const redis = await OwnRedis.start();
    cleanups.push(() => redis.stop());
    const store = await RedisStore.connect({ url: redis.url, timeoutMs: 5000 });
    cleanups.push(() => store.close());
    const state = newSession();
    await store.create(state);
    await store.update(state.id, append('alice'));

    await redis.kill();
    await redis.restart();
    // As if Redis had lost Alice's write and another process had then written the same version.
    const admin = createClient({ url: redis.url });
    await admin.connect();
    cleanups.push(() => admin.destroy());
    await admin.hSet(`circle:session:${state.id}`, { v: String(state.version + 1), ...hashOf(allFields(next(state, { order: ['bob'] }))) });
    await until(async () => (await store.load(randomUUID()).then(() => true, () => false)));

    const seen: string[][] = [];
    await store.update(state.id, (s) => (seen.push([...s.order]), append('carmen')(s)));
    expect(seen).toEqual([['bob']]);
    expect((await store.load(state.id))?.order).toEqual(['bob', 'carmen']);
  });
});

describe('RedisStore when Redis stops answering', () => {
  it('fails each operation with StoreUnavailableError after the command timeout, and recovers', async () => {
    const keyPrefix = `circle-test:${randomUUID()}:`;
    const link = await StallingLink.start(url);
    cleanups.push(() => link.close());
    const store = await RedisStore.connect({ url: link.url, keyPrefix, commandTimeoutMs: 200, timeoutMs: 5000 });
    cleanups.push(() => store.close());
    const admin = createClient({ url });
    await admin.connect();
    cleanups.push(() => admin.destroy());
    cleanups.push(() => deleteKeys(admin, keyPrefix));
    const state = newSession();
    await store.create(state);
    await store.update(state.id, append('alice'));

    link.stall();
    const started = Date.now();
    await expect(store.update(state.id, append('bob'))).rejects.toBeInstanceOf(StoreUnavailableError);
    // The configured timeout, not the default 3 s; loose, since two busy cores make timers late.
    expect(Date.now() - started).toBeLessThan(2500);
    const others = await Promise.allSettled([store.load(state.id), store.create(newSession()), store.update(state.id, append('carmen'))]);
    for (const r of others) expect(r.status === 'rejected' && r.reason).toBeInstanceOf(StoreUnavailableError);

    // Redis answers again: the late replies to what timed out are set aside, and the store
    // works on what Redis holds (those timed-out writes may or may not have landed).
    link.resume();
    const outcome = await store.update(state.id, append('dev'));
    expect(outcome).toMatchObject({ found: true, changed: true });
    const stored = await store.load(state.id);
    expect(stored?.order[0]).toBe('alice');
    expect(stored?.order.at(-1)).toBe('dev');
    expect(stored?.version).toBe(state.version + stored!.order.length);
  });
});

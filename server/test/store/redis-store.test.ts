import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/ports/session-store.js';
import { openStore } from '../../src/store/open-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { append, deleteKeys as deleteKeysOf, url } from './redis-support.js';
import { newSession, next, sessionStoreContract } from './session-store.contract.js';

const runPrefix = `circle-test:${randomUUID()}:`;
// Nothing listens on port 1: connections are refused at once.
const deadUrl = 'redis://127.0.0.1:1';

const admin = createClient({ url });
beforeAll(async () => {
  await admin.connect();
});
afterAll(async () => {
  await deleteKeys(runPrefix);
  admin.destroy();
});

const deleteKeys = (prefix: string) => deleteKeysOf(admin, prefix);

async function connectStore(keyPrefix: string): Promise<RedisStore> {
  return RedisStore.connect({ url, keyPrefix, timeoutMs: 5000 });
}

sessionStoreContract('redis', async () => {
  const keyPrefix = `${runPrefix}${randomUUID()}:`;
  const store = await connectStore(keyPrefix);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await deleteKeys(keyPrefix);
    },
  };
});

describe('RedisStore', () => {
  it('lists only its own sessions when its prefix holds pattern characters', async () => {
    const run = `${runPrefix}${randomUUID()}:`;
    // Unescaped, the pattern of `[ab]*:` would also match the keys of `a:`.
    const [odd, plain] = await Promise.all([connectStore(`${run}[ab]*:`), connectStore(`${run}a:`)]);
    const [mine, theirs] = [newSession(), newSession()];
    await Promise.all([odd.create(mine), plain.create(theirs)]);
    expect(await odd.sessionIds()).toEqual([mine.id]);
    expect(await plain.sessionIds()).toEqual([theirs.id]);
    await Promise.all([odd.close(), plain.close()]);
  });

  it('keeps one hash per session under the prefix, expiring at retainUntil', async () => {
    const keyPrefix = `${runPrefix}${randomUUID()}:`;
    const store = await connectStore(keyPrefix);
    const state = newSession();
    await store.create(state);
    const key = `${keyPrefix}session:${state.id}`;
    expect(await admin.hGet(key, 'v')).toBe(String(state.version));
    expect(await admin.pExpireTime(key)).toBe(state.retainUntil);

    const later = state.retainUntil + 60_000;
    await store.update(state.id, (s) => ({ state: next(s, { retainUntil: later }), result: null }));
    expect(await admin.pExpireTime(key)).toBe(later);
    expect(await admin.hGet(key, 'v')).toBe(String(state.version + 1));
    await store.close();
  });

  it('applies every update exactly once when two connections race on one session', async () => {
    const keyPrefix = `${runPrefix}${randomUUID()}:`;
    const [a, b] = await Promise.all([connectStore(keyPrefix), connectStore(keyPrefix)]);
    const state = newSession();
    await a.create(state);
    const n = 25;
    await Promise.all(
      Array.from({ length: n }, (_, i) => [a.update(state.id, append(`a${i}`)), b.update(state.id, append(`b${i}`))]).flat(),
    );
    const final = await a.load(state.id);
    expect(final?.version).toBe(state.version + 2 * n);
    expect(new Set(final?.order).size).toBe(2 * n);
    // Both started from the same version, so the check-and-set really had to turn writes away.
    expect(a.conflicts + b.conflicts).toBeGreaterThan(0);
    await Promise.all([a.close(), b.close()]);
  });

  it('applies every update exactly once when two OS processes race on one session', async () => {
    const keyPrefix = `${runPrefix}${randomUUID()}:`;
    const store = await connectStore(keyPrefix);
    const state = newSession();
    await store.create(state);
    // Enough updates that the two processes' runs overlap however slowly the child wakes up.
    const k = 100;

    const worker = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./update-worker.ts', import.meta.url)), url, keyPrefix, state.id, String(k)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = readLines(worker.stdout);
    const exited = once(worker, 'exit');
    let report: { changed: number; conflicts: number };
    try {
      expect((await lines.next()).value).toBe('ready');
      worker.stdin.end('go\n');
      await Promise.all(Array.from({ length: k }, (_, i) => store.update(state.id, append(`parent:${i}`))));
      report = JSON.parse(String((await lines.next()).value)) as typeof report;
      expect(report.changed).toBe(k);
      expect(await exited).toEqual([0, null]);
    } finally {
      worker.kill();
    }

    const final = await store.load(state.id);
    expect(final?.version).toBe(state.version + 2 * k);
    expect(new Set(final?.order).size).toBe(2 * k);
    expect(final?.order.filter((e) => e.startsWith('worker:'))).toHaveLength(k);
    // The processes really raced: some writes were turned away and re-run.
    expect(report.conflicts + store.conflicts).toBeGreaterThan(0);
    await store.close();
  });

  describe('when Redis cannot be reached', () => {
    it('rejects every operation promptly with StoreUnavailableError', async () => {
      const store = new RedisStore({ url: deadUrl, keyPrefix: runPrefix });
      const state = newSession();
      let fnCalled = false;
      const started = Date.now();
      const results = await Promise.allSettled([
        store.create(state),
        store.load(state.id),
        store.update(state.id, (s) => ((fnCalled = true), { state: s, result: null })),
      ]);
      expect(Date.now() - started).toBeLessThan(1000);
      for (const r of results) {
        expect(r.status).toBe('rejected');
        expect(r.status === 'rejected' && r.reason).toBeInstanceOf(StoreUnavailableError);
      }
      expect(fnCalled).toBe(false);
      await store.close();
    });

    it('fails to connect within the given bound instead of waiting forever', async () => {
      const started = Date.now();
      await expect(RedisStore.connect({ url: deadUrl, timeoutMs: 300 })).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('reports the outage once through log, never crashing the process', async () => {
      const logged: string[] = [];
      const store = new RedisStore({ url: deadUrl, log: (msg) => logged.push(msg) });
      await waitFor(() => logged.length > 0);
      expect(logged).toEqual([expect.stringMatching(/Redis is unreachable \(ECONNREFUSED\)/)]);
      await store.close();
    });
  });

  it('is what openStore gives for a REDIS_URL, without the in-memory warning', async () => {
    const logged: string[] = [];
    const store = await openStore(url, (msg) => logged.push(msg));
    expect(store.kind).toBe('redis');
    // What the shared Redis's own settings draw (redis-durability.test.ts) differs by machine.
    expect(logged.filter((line) => /REDIS_URL|this process only/.test(line))).toEqual([]);
    await store.close();
  });
});

async function* readLines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  let buffered = '';
  for await (const chunk of stream) {
    buffered += String(chunk);
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
    }
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

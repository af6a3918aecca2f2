// A second OS process for redis-store.test.ts: connects its own RedisStore, says "ready",
// waits for "go" on stdin, then appends `worker:0..K-1` to the session's order concurrently.
import { once } from 'node:events';
import { RedisStore } from '../../src/store/redis-store.js';

const [url, keyPrefix, id, count] = process.argv.slice(2);
if (!url || !keyPrefix || !id || !count) throw new Error('usage: update-worker <url> <keyPrefix> <sessionId> <count>');

const store = await RedisStore.connect({ url, keyPrefix });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const outcomes = await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    store.update(id, (s) => ({ state: { ...s, version: s.version + 1, order: [...s.order, `worker:${i}`] }, result: null })),
  ),
);
await store.close();
process.stdout.write(`${JSON.stringify({ changed: outcomes.filter((o) => o.found && o.changed).length, conflicts: store.conflicts })}\n`);

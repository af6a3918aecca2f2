import type { createClient } from 'redis';
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

/** An update appending `entry` to the session's order. */
export function append(entry: string) {
  return (s: SessionState): Mutation<null> => ({ state: next(s, { order: [...s.order, entry] }), result: null });
}

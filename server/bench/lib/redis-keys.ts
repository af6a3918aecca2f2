import { createClient } from 'redis';

/** Deletes every key that starts with `prefix` (a run's namespace), in batches, without blocking Redis as KEYS would. */
export async function deleteKeysAt(url: string, prefix: string): Promise<void> {
  const redis = createClient({ url });
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) await redis.del(keys);
    }
  } finally {
    redis.destroy();
  }
}

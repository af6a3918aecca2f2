import type { SessionStore } from '../ports/session-store.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';

/** The store the configuration asks for: Redis when a URL is given, else this process's memory. */
export async function openStore(redisUrl: string | null, log: (msg: string) => void, keyPrefix?: string): Promise<SessionStore> {
  if (redisUrl) return RedisStore.connect({ url: redisUrl, log, ...(keyPrefix ? { keyPrefix } : {}) });
  log('Warning: REDIS_URL is not set: sessions are kept in this process only and are lost on restart');
  return new MemoryStore();
}

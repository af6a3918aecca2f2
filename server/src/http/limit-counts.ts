import { createHash } from 'node:crypto';
import type { Store } from 'express-rate-limit';
import { RedisStore as RedisCounts, type RedisReply } from 'rate-limit-redis';
import type { HttpRates } from './rate-limits.js';

/** Where one HTTP limiter keeps its counts; each limiter needs a store of its own. */
export type LimitCounts = (limiter: keyof HttpRates) => Store;

/** Sends one Redis command (as the session store does: a deadline, and "unavailable" on failure). */
export type RedisCommand = (args: string[]) => Promise<unknown>;

/**
 * Counts kept in Redis, so every process behind a balancer counts the same requests: without
 * them each process allowed its own share, and N processes let an address guess the admin key
 * N times as often. The keys hold a client's address and expire with their window.
 */
export function countsInRedis(command: RedisCommand, keyPrefix: string): LimitCounts {
  const send = async (...args: string[]): Promise<RedisReply> => {
    try {
      return (await command(args)) as RedisReply;
    } catch (error) {
      // rate-limit-redis keeps the promise of its script's hash, and one that failed would fail
      // every request after it, even once Redis is back. A script's hash is its SHA-1, so it is
      // answered here; if Redis lacks the script, the next EVALSHA loads it again.
      if (args[0] === 'SCRIPT' && args[1] === 'LOAD' && args[2] !== undefined) return createHash('sha1').update(args[2]).digest('hex');
      throw error;
    }
  };
  return (limiter) => new RedisCounts({ prefix: `${keyPrefix}limit:${limiter}:`, sendCommand: send });
}

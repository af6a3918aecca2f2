import { defineScript, type CommandParser } from 'redis';
import type { HashWrite } from './session-hash.js';

// The store's Lua scripts, given to createClient: node-redis sends them by SHA1 (EVALSHA) and
// falls back to the full text (EVAL) when Redis answers NOSCRIPT, as after a restart or a
// SCRIPT FLUSH. Each session is one hash: `v` (its version, as a string) and its state's
// fields, laid out as session-hash.ts says; the scripts only ever compare `v`.

/** What Redis said of the version an update was based on. */
export type Verdict =
  /** It was still current (and, for a write, the new state is stored). */
  | { kind: 'current' }
  | { kind: 'gone' }
  /** Someone else wrote first: here is the whole hash Redis holds now, so the update can run again at once. */
  | { kind: 'newer'; hash: string[] };

// Replies: {1} current, {-1} gone, {0, {field, value, …}} newer.
function toVerdict(reply: [number, string[]?]): Verdict {
  const [code, hash] = reply;
  if (code === 1) return { kind: 'current' };
  if (code === 0 && hash) return { kind: 'newer', hash };
  return { kind: 'gone' };
}

const IF_BEHIND_ANSWER_NEWER = `
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return {-1} end
if v ~= ARGV[1] then return {0, redis.call('HGETALL', KEYS[1])} end`;

export const scripts = {
  /** (key, v, expireAtMs, fields) → 1 created, 0 exists. The expiry is set in the same step, so no key lives without one. */
  createSession: defineScript({
    SCRIPT: `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], unpack(ARGV, 3))
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1`,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, key: string, v: string, expireAt: string, fields: string[]) {
      parser.pushKey(key);
      parser.push(v, expireAt, ...fields);
    },
    transformReply: (reply: number) => reply,
  }),

  /**
   * (key, expectedV, nextV, expireAtMs, write): only if the stored version is still `expectedV`,
   * sets `v` and the written fields and deletes the removed ones (or, replacing, first deletes
   * the whole hash). Arguments after the expiry: the mode, the number of field/value pairs,
   * the pairs, then the fields to delete.
   */
  checkAndSet: defineScript({
    SCRIPT: `${IF_BEHIND_ANSWER_NEWER}
if ARGV[4] == 'replace' then redis.call('DEL', KEYS[1]) end
local last = 5 + 2 * tonumber(ARGV[5])
redis.call('HSET', KEYS[1], 'v', ARGV[2], unpack(ARGV, 6, last))
if #ARGV > last then redis.call('HDEL', KEYS[1], unpack(ARGV, last + 1)) end
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return {1}`,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, key: string, expectedV: string, nextV: string, expireAt: string, write: HashWrite) {
      parser.pushKey(key);
      parser.push(expectedV, nextV, expireAt, write.replace ? 'replace' : 'patch', String(write.set.length / 2), ...write.set, ...write.removed);
    },
    transformReply: toVerdict,
  }),

  /** (key, expectedV): whether the stored version is still `expectedV`, for an update that writes nothing. */
  checkVersion: defineScript({
    SCRIPT: `${IF_BEHIND_ANSWER_NEWER}
return {1}`,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, key: string, expectedV: string) {
      parser.pushKey(key);
      parser.push(expectedV);
    },
    transformReply: toVerdict,
  }),
};

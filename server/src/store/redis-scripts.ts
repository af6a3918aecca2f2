import { defineScript, type CommandParser } from 'redis';

// The store's Lua scripts, given to createClient: node-redis sends them by SHA1 (EVALSHA) and
// falls back to the full text (EVAL) when Redis answers NOSCRIPT, as after a restart or a
// SCRIPT FLUSH. Each session is one hash: `v` (its version, as a string) and `json` (its state).

/** What Redis said of the version an update was based on. */
export type Verdict =
  /** It was still current (and, for a write, the new state is stored). */
  | { kind: 'current' }
  | { kind: 'gone' }
  /** Someone else wrote first: here is what Redis holds now, so the update can run again at once. */
  | { kind: 'newer'; v: string; json: string };

// Replies: {1} current, {-1} gone, {0, v, json} newer.
function toVerdict(reply: [number, string?, (string | null)?]): Verdict {
  const [code, v, json] = reply;
  if (code === 1) return { kind: 'current' };
  if (code === 0 && v != null && json != null) return { kind: 'newer', v, json };
  return { kind: 'gone' };
}

const IF_BEHIND_ANSWER_NEWER = `
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return {-1} end
if v ~= ARGV[1] then return {0, v, redis.call('HGET', KEYS[1], 'json')} end`;

export const scripts = {
  /** (key, v, json, expireAtMs) → 1 created, 0 exists. The expiry is set in the same step, so no key lives without one. */
  createSession: defineScript({
    SCRIPT: `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'json', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1`,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, key: string, v: string, json: string, expireAt: string) {
      parser.pushKey(key);
      parser.push(v, json, expireAt);
    },
    transformReply: (reply: number) => reply,
  }),

  /** (key, expectedV, nextV, json, expireAtMs): writes only if the stored version is still `expectedV`. */
  checkAndSet: defineScript({
    SCRIPT: `${IF_BEHIND_ANSWER_NEWER}
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'json', ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return {1}`,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, key: string, expectedV: string, nextV: string, json: string, expireAt: string) {
      parser.pushKey(key);
      parser.push(expectedV, nextV, json, expireAt);
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

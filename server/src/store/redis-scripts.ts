import { defineScript, type CommandParser } from 'redis';
import type { HashWrite } from './session-hash.js';

// The store's Lua scripts, given to createClient: node-redis sends them by SHA1 (EVALSHA) and
// falls back to the full text (EVAL) when Redis answers NOSCRIPT, as after a restart or a
// SCRIPT FLUSH. Each session is one hash: `v` (its version, as a string) and its state's
// fields, laid out as session-hash.ts says; the scripts only ever compare `v`.
//
// Every write also stamps, for each state field it sets or deletes, `m:<key>` with the version
// it writes, and `mv` with that version too. So a process that is behind, knowing the session
// exactly as it was at some version, can be told only the fields changed since: with several
// processes serving one session (its members are spread over them) that is most refused writes.

/** What Redis said of the version an update was based on. */
export type Verdict =
  /** It was still current (and, for a write, the new state is stored). */
  | { kind: 'current' }
  | { kind: 'gone' }
  /** Someone else wrote first: here is the whole hash Redis holds now, so the update can run again at once. */
  | { kind: 'newer'; hash: string[] }
  /**
   * Someone else wrote first, and every write since the version the update was based on
   * stamped what it changed: here are `v` and the state fields set since (field, value, …),
   * and the state fields deleted since.
   */
  | { kind: 'changed'; hash: string[]; removed: string[] };

// Replies: {1} current, {-1} gone, {0, {field, value, …}} newer, {2, {field, value, …}, {field, …}} changed.
function toVerdict(reply: [number, string[]?, string[]?]): Verdict {
  const [code, hash, removed] = reply;
  if (code === 1) return { kind: 'current' };
  if (code === 0 && hash) return { kind: 'newer', hash };
  if (code === 2 && hash && removed) return { kind: 'changed', hash, removed };
  return { kind: 'gone' };
}

// The answer to a process whose version ARGV[1] is not the stored one. Only a hash whose every
// write stamped its fields (mv = v, which a write of the store before stamps did not keep) and
// whose version is past the one asked about can say what changed since; otherwise it is whole.
const IF_BEHIND_ANSWER_NEWER = `
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return {-1} end
if v ~= ARGV[1] then
  local all = redis.call('HGETALL', KEYS[1])
  local base = tonumber(ARGV[1])
  local mv
  local changedAt = {}
  for i = 1, #all, 2 do
    local f = all[i]
    if f == 'mv' then mv = all[i + 1]
    elseif string.sub(f, 1, 2) == 'm:' then changedAt[string.sub(f, 3)] = tonumber(all[i + 1]) end
  end
  if not base or mv ~= v or tonumber(v) < base then return {0, all} end
  local set, present, removed = {'v', v}, {}, {}
  for i = 1, #all, 2 do
    local f = all[i]
    if string.sub(f, 1, 2) == 's:' then
      local key = string.sub(f, 3)
      present[key] = true
      local at = changedAt[key]
      if not at or at > base then
        set[#set + 1] = f
        set[#set + 1] = all[i + 1]
      end
    end
  end
  for key, at in pairs(changedAt) do
    if at > base and not present[key] then removed[#removed + 1] = 's:' .. key end
  end
  return {2, set, removed}
end`;

// Sets `v`, `mv` and the state fields ARGV[from..to] (pairs) to version ARGV[at], stamping each.
const STAMPED_HSET = `
local function stampedSet(key, at, from, to)
  local args = {'v', ARGV[at], 'mv', ARGV[at]}
  for i = from, to, 2 do
    args[#args + 1] = ARGV[i]
    args[#args + 1] = ARGV[i + 1]
    args[#args + 1] = 'm:' .. string.sub(ARGV[i], 3)
    args[#args + 1] = ARGV[at]
  end
  redis.call('HSET', key, unpack(args))
end`;

export const scripts = {
  /** (key, v, expireAtMs, fields) → 1 created, 0 exists. The expiry is set in the same step, so no key lives without one. */
  createSession: defineScript({
    SCRIPT: `${STAMPED_HSET}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
stampedSet(KEYS[1], 1, 3, #ARGV)
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
    SCRIPT: `${STAMPED_HSET}${IF_BEHIND_ANSWER_NEWER}
if ARGV[4] == 'replace' then redis.call('DEL', KEYS[1]) end
local last = 5 + 2 * tonumber(ARGV[5])
stampedSet(KEYS[1], 2, 6, last)
if #ARGV > last then
  redis.call('HDEL', KEYS[1], unpack(ARGV, last + 1))
  local stamps = {}
  for i = last + 1, #ARGV do
    stamps[#stamps + 1] = 'm:' .. string.sub(ARGV[i], 3)
    stamps[#stamps + 1] = ARGV[2]
  end
  redis.call('HSET', KEYS[1], unpack(stamps))
end
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

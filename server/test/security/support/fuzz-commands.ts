import fc from 'fast-check';
import { commandNames, type CommandName } from '@circle/shared';
import type { SessionState } from '../../../src/domain/state.js';

/**
 * Random and mutated commands for the fuzz test. A generated `Recipe` holds only random
 * choices; `payloadOf` turns it into a payload against the session as it is when the batch
 * is sent, so "valid" payloads name real people and the current queue version.
 */

/** Names socket.io-client itself refuses to emit; the server never sees them from it. */
const CLIENT_RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'role', 'type', 'isAdmin', 'personId'];

export type Mutation =
  | { op: 'extraKey'; key: string; value: unknown }
  | { op: 'wrongType'; value: unknown }
  | { op: 'hugeNumber'; value: number }
  | { op: 'unicode'; value: string }
  | { op: 'dropKey' }
  | { op: 'notObject'; value: unknown };

type Choices = { pick: number; n: number; flag: boolean; text: string };
export type Recipe =
  | ({ kind: 'valid'; name: CommandName } & Choices)
  | ({ kind: 'mutated'; name: CommandName; mutation: Mutation } & Choices)
  | { kind: 'random'; name: string; payload: unknown };

const anything = fc.anything({ maxDepth: 2, maxKeys: 4, withNullPrototype: true, withObjectString: true });
const unicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.constantFrom('\u202eevil\u202c', 'A\u0000B', '💥'.repeat(500), 'x'.repeat(9000), '', ' '.repeat(50), 'Robert"); DROP TABLE sessions;--'),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('extraKey' as const), key: fc.oneof(fc.constantFrom(...POLLUTING_KEYS), fc.string({ maxLength: 20 })), value: anything }),
  fc.record({ op: fc.constant('wrongType' as const), value: anything }),
  fc.record({
    op: fc.constant('hugeNumber' as const),
    value: fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER * 4, -1, 0.5, 2 ** 31, Number.MIN_VALUE, NaN, Infinity),
  }),
  fc.record({ op: fc.constant('unicode' as const), value: unicode }),
  fc.record({ op: fc.constant('dropKey' as const) }),
  fc.record({ op: fc.constant('notObject' as const), value: fc.oneof(fc.constant(null), fc.array(anything, { maxLength: 3 }), fc.string(), fc.integer(), fc.boolean()) }),
);

const choices = { pick: fc.nat(), n: fc.nat({ max: 40 }), flag: fc.boolean(), text: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), unicode) };
// Ending is one-way: a fuzz that ended its session in the first second would test nothing after.
// Every other command is fair game; the authorization matrix covers session:end.
const known = fc.constantFrom(...commandNames.filter((name) => name !== 'session:end'));
const unknownName = fc
  .oneof(
    fc.constantFrom('session:destroy', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'error', 'SESSION:JOIN', 'session:join ', 'admin:grant'),
    fc.string({ maxLength: 30 }),
  )
  .filter((name) => !CLIENT_RESERVED.has(name));

export const recipe: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('valid' as const), name: known, ...choices }) },
  { weight: 7, arbitrary: fc.record({ kind: fc.constant('mutated' as const), name: known, mutation, ...choices }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('random' as const), name: fc.oneof(known, unknownName), payload: fc.oneof(anything, fc.constant(undefined)) }) },
);

function pickFrom<T>(items: T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

/** A payload that passes the command's schema, naming people and versions of the session as it is. */
export function validPayload(name: CommandName, state: SessionState, c: Choices): Record<string, unknown> {
  const people = Object.keys(state.people);
  const someone = pickFrom(people, c.pick) ?? 'nobody-1234';
  const queueVersion = state.turns.queueVersion;
  switch (name) {
    case 'session:join':
      return { name: `Guest ${c.n}`, agreed: true, deviceKind: c.flag ? 'media' : 'console', e2eeSupported: c.flag };
    case 'person:admit':
    case 'person:sendToWaiting':
    case 'person:remove':
    case 'mic:mute':
      return { personId: someone };
    case 'hand:raise':
    case 'hand:lower':
      return c.flag ? {} : { personId: someone };
    case 'queue:move':
      return { personId: pickFrom(state.turns.queue.map((e) => e.personId), c.pick) ?? someone, toIndex: c.n % 5, queueVersion };
    case 'queue:remove':
      return { personId: pickFrom(state.turns.queue.map((e) => e.personId), c.pick) ?? someone, queueVersion };
    case 'queue:next':
    case 'turn:end':
      return { queueVersion };
    case 'timer:set':
      return { seconds: [null, 15, 60, 1800][c.n % 4], autoEnd: c.flag };
    case 'goRound:start':
      return c.flag ? {} : { order: people.slice(0, c.n % 3) };
    case 'talkingPiece:set':
      return { on: c.flag };
    case 'session:lock':
      // Mostly unlocked, so that new people keep arriving.
      return { locked: c.flag && c.n % 4 === 0 };
    case 'links:reissue':
      return { role: c.flag ? 'member' : 'observer' };
    case 'roster:addInRoom':
      return { name: `Guest ${c.n}` };
    case 'agenda:set':
      return { phases: ['Check-in', 'Sharing', 'Skills', 'Check-out'].slice(0, 1 + (c.n % 4)) };
    case 'agenda:goTo':
      return { index: c.n % 5 };
    case 'feelings:open':
      return { round: c.flag ? 'checkIn' : 'checkOut' };
    case 'feelings:answer':
      return c.flag ? { score: c.n % 11 } : { score: c.n % 11, personId: someone };
    case 'note:add':
      return { text: c.text.trim() || 'A note' };
    case 'breakouts:start':
      return { size: c.flag ? { kind: 'pairs' } : { kind: 'rooms', count: 1 + (c.n % 3) }, assignment: 'random', prompt: c.text, minutes: 1 + (c.n % 10) };
    case 'breakouts:extend':
      return { minutes: 1 + (c.n % 5) };
    case 'breakouts:broadcast':
      return { text: c.text.trim() || 'Two minutes left' };
    case 'breakouts:move':
      return { personId: someone, roomId: `r${1 + (c.n % 3)}` };
    case 'breakouts:visit':
      return { roomId: c.flag ? null : `r${1 + (c.n % 3)}` };
    case 'breakouts:ackHelp':
      return { roomId: `r${1 + (c.n % 3)}` };
    case 'reflection:save':
      return { text: c.text, shared: c.flag };
    case 'support:acknowledge':
    case 'support:start':
    case 'support:end':
      return { personId: someone };
    default:
      return {};
  }
}

function mutate(payload: Record<string, unknown>, m: Mutation, pick: number): unknown {
  const keys = Object.keys(payload);
  const key = pickFrom(keys, pick);
  switch (m.op) {
    case 'extraKey':
      // Defined, not assigned, so `__proto__` becomes an own key as it would from JSON.
      return Object.defineProperty({ ...payload }, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    case 'wrongType':
      return key ? { ...payload, [key]: m.value } : { value: m.value };
    case 'hugeNumber': {
      const numeric = pickFrom(keys.filter((k) => typeof payload[k] === 'number'), pick) ?? key ?? 'n';
      return { ...payload, [numeric]: m.value };
    }
    case 'unicode': {
      const text = pickFrom(keys.filter((k) => typeof payload[k] === 'string'), pick) ?? key ?? 'name';
      return { ...payload, [text]: m.value };
    }
    case 'dropKey': {
      const copy = { ...payload };
      if (key) delete copy[key];
      return copy;
    }
    case 'notObject':
      return m.value;
  }
}

export function payloadOf(r: Recipe, state: SessionState): unknown {
  if (r.kind === 'random') return r.payload;
  const valid = validPayload(r.name, state, r);
  return r.kind === 'valid' ? valid : mutate(valid, r.mutation, r.pick);
}

/** Frames over the server's 16 KB limit close the socket by design (tested elsewhere); the fuzz stays under it. */
export function fitsInAFrame(name: string, payload: unknown): boolean {
  try {
    return Buffer.byteLength(JSON.stringify([name, payload]) ?? '') < 15_000;
  } catch {
    return false;
  }
}

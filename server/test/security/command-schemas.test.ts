import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { commandNames, commands, type CommandName, type CommandPayload } from '@circle/shared';

/**
 * Every command's payload schema, enumerated from `commands`: a valid payload passes; any
 * unknown key (prototype-pollution keys included) is refused; every string field, wherever it
 * sits, has a length bound; every array a size bound.
 */

/** A valid payload per command, with every optional field present so each string is exercised. Keyed by command: a new one needs a row. */
const VALID: { [K in CommandName]: CommandPayload<K> } = {
  'session:join': { name: 'Alice', agreed: true, deviceKind: 'media', e2eeSupported: true, location: { city: 'Leeds', region: 'West Yorkshire' } },
  'session:leave': {},
  'session:sync': {},
  'media:renew': {},
  'person:admit': { personId: 'alice-1234' },
  'person:admitAll': {},
  'person:sendToWaiting': { personId: 'alice-1234' },
  'person:remove': { personId: 'alice-1234' },
  'hand:raise': { personId: 'alice-1234' },
  'hand:lower': { personId: 'alice-1234' },
  'queue:move': { personId: 'alice-1234', toIndex: 1, queueVersion: 3 },
  'queue:remove': { personId: 'alice-1234', queueVersion: 3 },
  'queue:next': { queueVersion: 3 },
  'turn:end': { queueVersion: 3 },
  'turn:pass': {},
  'timer:set': { seconds: 60, autoEnd: true },
  'goRound:start': { order: ['alice-1234', 'bob-5678'] },
  'goRound:end': {},
  'mic:mute': { personId: 'alice-1234' },
  'mic:muteAll': {},
  'talkingPiece:set': { on: true },
  'session:lock': { locked: true },
  'links:reissue': { role: 'member' },
  'roster:addInRoom': { name: 'Harriet' },
  'agenda:set': { phases: ['Check-in', 'Sharing'] },
  'agenda:goTo': { index: 1 },
  'feelings:open': { round: 'checkIn' },
  'feelings:close': {},
  'feelings:answer': { score: 5, personId: 'alice-1234' },
  'note:add': { text: 'Alice seemed withdrawn today' },
  'session:end': {},
  'attendance:export': {},
  'breakouts:start': { size: { kind: 'rooms', count: 2 }, assignment: { rooms: [['alice-1234'], ['bob-5678']] }, prompt: 'What helped?', minutes: 10 },
  'breakouts:close': {},
  'breakouts:extend': { minutes: 5 },
  'breakouts:broadcast': { text: 'Two minutes left' },
  'breakouts:move': { personId: 'alice-1234', roomId: 'r1' },
  'breakouts:visit': { roomId: 'r1' },
  'breakouts:help': {},
  'breakouts:ackHelp': { roomId: 'r1' },
  'reflection:save': { text: 'I noticed something', shared: true },
  'support:signal': {},
  'support:acknowledge': { personId: 'alice-1234' },
  'support:start': { personId: 'alice-1234' },
  'support:end': { personId: 'alice-1234' },
};

type Path = (string | number)[];
type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; options?: z.ZodType[] };

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Where strings and arrays sit in a schema (array elements as index 0). */
function leaves(schema: z.ZodType, path: Path = []): { strings: Path[]; arrays: Path[] } {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return { strings: [path], arrays: [] };
    case 'object':
      return merge(Object.entries(def.shape ?? {}).map(([key, field]) => leaves(field, [...path, key])));
    case 'array': {
      const inner = leaves(def.element!, [...path, 0]);
      return { strings: inner.strings, arrays: [path, ...inner.arrays] };
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return leaves(def.innerType!, path);
    case 'pipe':
      return leaves(def.in!, path);
    case 'union':
      // Every option's leaves; the test checks those the valid example takes.
      return merge((def.options ?? []).map((option) => leaves(option, path)));
    default:
      // Numbers, booleans, literals and enums carry their own bounds.
      return { strings: [], arrays: [] };
  }
}

function merge(parts: { strings: Path[]; arrays: Path[] }[]) {
  return { strings: parts.flatMap((p) => p.strings), arrays: parts.flatMap((p) => p.arrays) };
}

function has(payload: unknown, path: Path): boolean {
  let node = payload;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}

function withValue(payload: object, path: Path, value: unknown): unknown {
  const copy = structuredClone(payload) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

const parses = (name: CommandName, payload: unknown) => commands[name].payload.safeParse(payload).success;

describe('command schemas', () => {
  it('have a valid example for every command, and no example for a command that is not', () => {
    expect(Object.keys(VALID).sort()).toEqual([...commandNames].sort());
  });

  it.each(commandNames)('%s accepts its valid payload', (name) => {
    expect(parses(name, VALID[name])).toBe(true);
  });

  it.each(commandNames)('%s refuses unknown keys, prototype-pollution keys included', (name) => {
    const valid = VALID[name];
    for (const key of ['extra', 'role', 'type', 'constructor', 'prototype', 'toString']) {
      expect(parses(name, { ...valid, [key]: 1 }), key).toBe(false);
    }
    // JSON.parse makes `__proto__` an own key, as the wire would.
    expect(parses(name, JSON.parse(`{"__proto__":{"isAdmin":true},${JSON.stringify(valid).slice(1)}`.replace(',}', '}')))).toBe(false);
  });

  it.each(commandNames)('%s bounds the length of every string and the size of every array', (name) => {
    const { strings, arrays } = leaves(commands[name].payload);
    const taken = (path: Path) => has(VALID[name], path);
    for (const path of strings.filter(taken)) expect(parses(name, withValue(VALID[name], path, 'a'.repeat(10_000))), path.join('.')).toBe(false);
    for (const path of arrays.filter(taken)) expect(parses(name, withValue(VALID[name], path, Array(10_000).fill('alice-1234'))), path.join('.')).toBe(false);
  });

  it('finds the string fields it is meant to check', () => {
    // A guard on the walker itself: if zod's internals change shape, it must not silently find nothing.
    expect(leaves(commands['session:join'].payload).strings).toEqual(expect.arrayContaining([['name'], ['location', 'city']]));
    expect(leaves(commands['goRound:start'].payload)).toEqual({ strings: [['order', 0]], arrays: [['order']] });
    expect(leaves(commands['queue:move'].payload).strings).toEqual([['personId']]);
    expect(leaves(commands['breakouts:start'].payload).arrays).toEqual([['assignment', 'rooms'], ['assignment', 'rooms', 0]]);
  });
});

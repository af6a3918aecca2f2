import { ErrorCode, isStaff } from '@circle/shared';
import type { Context, WireCommand } from './commands.js';
import { accept, refuse, type Decision } from './decision.js';
import type { BreakoutRoom, Breakouts, Person, SessionState } from './state.js';
import { isPresent, roster } from './people.js';

const MINUTE = 60_000;

type StartCommand = Extract<WireCommand, { type: 'breakouts:start' }>;

/** Members in the group who can be sent to a breakout: admitted, present, online or in the room. */
function available(state: SessionState): Person[] {
  return roster(state).filter((p) => p.role === 'member' && p.status === 'admitted' && p.leftAt === null && isPresent(p));
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Splits people into groups of `size`; a leftover single joins the last group rather than sitting alone. */
function chunk(ids: string[], size: number): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < ids.length; i += size) groups.push(ids.slice(i, i + size));
  const last = groups[groups.length - 1];
  if (groups.length > 1 && last && last.length === 1) {
    groups.pop();
    groups[groups.length - 1]?.push(...last);
  }
  return groups;
}

function split(ids: string[], size: StartCommand['size']): string[][] {
  if (size.kind === 'pairs') return chunk(ids, 2);
  if (size.kind === 'threes') return chunk(ids, 3);
  const count = Math.min(size.count, ids.length);
  const rooms: string[][] = Array.from({ length: count }, () => []);
  ids.forEach((id, i) => rooms[i % count]?.push(id));
  return rooms;
}

function rooms(groups: string[][]): BreakoutRoom[] {
  return groups.map((memberIds, i) => ({ id: `r${i + 1}`, name: `Room ${i + 1}`, memberIds }));
}

export function startBreakouts(state: SessionState, command: StartCommand, ctx: Context): Decision {
  if (state.breakouts) return refuse(ErrorCode.conflict, 'Breakouts are already running; close them first');
  const people = available(state);
  let groups: string[][];
  if (command.assignment === 'random') {
    if (people.length < 2) return refuse(ErrorCode.conflict, 'Breakouts need at least two members in the group');
    groups = split(shuffle(people.map((p) => p.id), ctx.random ?? Math.random), command.size);
  } else {
    groups = command.assignment.rooms;
    const named = groups.flat();
    if (new Set(named).size !== named.length) return refuse(ErrorCode.invalidCommand, 'Someone is in two rooms');
    const present = new Set(people.map((p) => p.id));
    if (named.some((id) => !present.has(id))) return refuse(ErrorCode.notPresent, 'A room names someone who is not in the group');
  }
  const round = state.breakoutRounds + 1;
  const breakouts: Breakouts = {
    round,
    prompt: command.prompt,
    startedAt: ctx.now,
    endsAt: ctx.now + command.minutes * MINUTE,
    rooms: rooms(groups),
    broadcasts: [],
    help: {},
    visits: {},
  };
  return accept({ ...state, breakouts, breakoutRounds: round }, [], { rooms: breakouts.rooms.length });
}

/** Everyone returns to the main room; shared reflections of this round now show there. */
export function closeBreakouts(state: SessionState): Decision {
  if (!state.breakouts) return refuse(ErrorCode.conflict, 'No breakouts are running');
  return accept({ ...state, breakouts: null });
}

export function breakoutsTimeUp(state: SessionState, startedAt: number, ctx: Context): Decision {
  const b = state.breakouts;
  if (!b || b.startedAt !== startedAt || b.endsAt > ctx.now) return accept(state);
  return accept({ ...state, breakouts: null });
}

function running(state: SessionState): Breakouts | Decision {
  return state.breakouts ?? refuse(ErrorCode.conflict, 'No breakouts are running');
}

function isDecision(x: Breakouts | Decision): x is Decision {
  return 'ok' in x;
}

export function extendBreakouts(state: SessionState, minutes: number): Decision {
  const b = running(state);
  if (isDecision(b)) return b;
  return accept({ ...state, breakouts: { ...b, endsAt: b.endsAt + minutes * MINUTE } });
}

export function broadcast(state: SessionState, text: string, ctx: Context): Decision {
  const b = running(state);
  if (isDecision(b)) return b;
  return accept({ ...state, breakouts: { ...b, broadcasts: [...b.broadcasts, { text, at: ctx.now }].slice(-20) } });
}

export function moveToRoom(state: SessionState, personId: string, roomId: string): Decision {
  const b = running(state);
  if (isDecision(b)) return b;
  if (!b.rooms.some((r) => r.id === roomId)) return refuse(ErrorCode.notFound, 'There is no such breakout room');
  if (!available(state).some((p) => p.id === personId)) return refuse(ErrorCode.notPresent, 'That person is not in the group');
  const moved = b.rooms.map((r) => ({
    ...r,
    memberIds: r.id === roomId ? [...r.memberIds.filter((id) => id !== personId), personId] : r.memberIds.filter((id) => id !== personId),
  }));
  return accept({ ...state, breakouts: { ...b, rooms: moved } });
}

export function visit(state: SessionState, me: Person, roomId: string | null): Decision {
  const b = running(state);
  if (isDecision(b)) return b;
  if (roomId !== null && !b.rooms.some((r) => r.id === roomId)) return refuse(ErrorCode.notFound, 'There is no such breakout room');
  const visits = { ...b.visits };
  if (roomId === null) delete visits[me.id];
  else visits[me.id] = roomId;
  return accept({ ...state, breakouts: { ...b, visits } });
}

function roomOf(b: Breakouts, personId: string): BreakoutRoom | undefined {
  return b.rooms.find((r) => r.memberIds.includes(personId));
}

export function askForHelp(state: SessionState, me: Person, ctx: Context): Decision {
  const b = running(state);
  if (isDecision(b)) return b;
  const room = roomOf(b, me.id);
  if (!room) return refuse(ErrorCode.conflict, 'You are not in a breakout room');
  return accept({ ...state, breakouts: { ...b, help: { ...b.help, [room.id]: { at: ctx.now, acknowledged: false } } } });
}

export function acknowledgeHelp(state: SessionState, roomId: string): Decision {
  const b = running(state);
  if (isDecision(b)) return b;
  const help = b.help[roomId];
  if (!help) return refuse(ErrorCode.notFound, 'That room has not asked for help');
  return accept({ ...state, breakouts: { ...b, help: { ...b.help, [roomId]: { ...help, acknowledged: true } } } });
}

/** One reflection per person per round, rewritten as they edit it; only members in a breakout write one. */
export function saveReflection(state: SessionState, me: Person, text: string, shared: boolean, ctx: Context): Decision {
  const b = running(state);
  if (isDecision(b)) return b;
  if (!roomOf(b, me.id)) return refuse(ErrorCode.conflict, 'You can write a reflection in a breakout room');
  const others = state.reflections.filter((r) => !(r.personId === me.id && r.round === b.round));
  return accept({ ...state, reflections: [...others, { personId: me.id, round: b.round, text, shared, at: ctx.now }] });
}

export function isInBreakout(state: SessionState, person: Person): boolean {
  return state.breakouts !== null && (roomOf(state.breakouts, person.id) !== undefined || (isStaff(person.role) && person.id in state.breakouts.visits));
}

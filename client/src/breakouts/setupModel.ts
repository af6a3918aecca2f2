import type { CommandPayload } from '@circle/shared';

/**
 * The "Start breakouts" form as plain data: group size, random or manual rooms, the prompt and
 * the minutes; what the manual rooms would be; and the command it sends. Pure.
 */

export type StartPayload = CommandPayload<'breakouts:start'>;
export type GroupSize = StartPayload['size'];
export type SizeKind = GroupSize['kind'];

export const DEFAULT_PROMPT = 'What did you notice you have in common?';
export const DEFAULT_MINUTES = 10;
export const MAX_ROOMS = 8;
export const MAX_PROMPT = 2000;

/** Manual rooms: person → room number (1-based), or null to stay in the main room. */
export type Assignment = Readonly<Record<string, number | null>>;

export type SetupForm = {
  sizeKind: SizeKind;
  /** As typed in the "How many rooms" field. */
  roomCount: string;
  manual: boolean;
  assignment: Assignment;
  prompt: string;
  /** As typed in the "Minutes" field. */
  minutes: string;
};

export type Member = { id: string; name: string };

/** Groups of `size`; a leftover single joins the last group rather than sitting alone (as the server splits). */
function chunk<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  const last = groups[groups.length - 1];
  if (groups.length > 1 && last && last.length === 1) {
    groups.pop();
    groups[groups.length - 1]?.push(...last);
  }
  return groups;
}

/** The rooms a size makes of these people, in order: the same split the server makes of its shuffle. */
export function splitBySize<T>(items: readonly T[], size: GroupSize): T[][] {
  if (size.kind === 'pairs') return chunk(items, 2);
  if (size.kind === 'threes') return chunk(items, 3);
  const count = Math.min(size.count, items.length);
  const rooms: T[][] = Array.from({ length: count }, () => []);
  items.forEach((item, i) => rooms[i % count]?.push(item));
  return rooms;
}

/** A whole number in range from a field, or null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

export function sizeOf(form: Pick<SetupForm, 'sizeKind' | 'roomCount'>): GroupSize | null {
  if (form.sizeKind !== 'rooms') return { kind: form.sizeKind };
  const count = wholeNumber(form.roomCount, 1, MAX_ROOMS);
  return count === null ? null : { kind: 'rooms', count };
}

/** How many rooms the manual choice offers: as many as the size would make of these members (at least one). */
export function manualRoomCount(size: GroupSize | null, memberCount: number): number {
  if (size?.kind === 'rooms') return size.count;
  return Math.max(1, Math.min(MAX_ROOMS, splitBySize(Array.from({ length: memberCount }), size ?? { kind: 'pairs' }).length));
}

/** Manual rooms to start from: the members in roster order, split by the size. */
export function initialAssignment(members: readonly Member[], size: GroupSize | null): Assignment {
  const rooms = splitBySize(members, size ?? { kind: 'pairs' }).slice(0, MAX_ROOMS);
  const out: Record<string, number | null> = {};
  for (const m of members) out[m.id] = null;
  rooms.forEach((room, i) => room.forEach((m) => (out[m.id] = i + 1)));
  return out;
}

/** After the number of rooms changed: anyone in a room that no longer exists goes to the last one. */
export function fitAssignment(assignment: Assignment, members: readonly Member[], roomCount: number): Assignment {
  const out: Record<string, number | null> = {};
  for (const m of members) {
    const room = assignment[m.id];
    out[m.id] = room === undefined ? null : room === null ? null : Math.min(room, roomCount);
  }
  return out;
}

export type ManualPreview = {
  /** Non-empty rooms, in order, as the command sends them. */
  rooms: string[][];
  /** Plain words about the choice, e.g. that Room 3 is empty and will be left out. */
  notes: string[];
};

export function manualPreview(assignment: Assignment, members: readonly Member[], roomCount: number): ManualPreview {
  const byRoom: Member[][] = Array.from({ length: roomCount }, () => []);
  for (const m of members) {
    const room = assignment[m.id];
    if (room != null && room >= 1 && room <= roomCount) byRoom[room - 1]?.push(m);
  }
  const notes: string[] = [];
  const empty = byRoom.flatMap((room, i) => (room.length === 0 ? [`Room ${i + 1}`] : []));
  if (empty.length > 0 && empty.length < roomCount) {
    notes.push(`${empty.join(', ')} ${empty.length === 1 ? 'has' : 'have'} no one and will be left out; the rooms are numbered in order.`);
  }
  for (const room of byRoom) if (room.length === 1 && room[0]) notes.push(`${room[0].name} would be on their own.`);
  const staying = members.filter((m) => assignment[m.id] == null);
  if (staying.length > 0) notes.push(`${staying.map((m) => m.name).join(', ')} will stay in the main room.`);
  return { rooms: byRoom.filter((room) => room.length > 0).map((room) => room.map((m) => m.id)), notes };
}

export type SetupResult = { ok: true; payload: StartPayload } | { ok: false; error: string };

/** The command, or what to fix first, in words. */
export function startPayload(form: SetupForm, members: readonly Member[]): SetupResult {
  const size = sizeOf(form);
  if (size === null) return { ok: false, error: `The number of rooms is a whole number from 1 to ${MAX_ROOMS}.` };
  const minutes = wholeNumber(form.minutes, 1, 60);
  if (minutes === null) return { ok: false, error: 'Minutes is a whole number from 1 to 60.' };
  const prompt = form.prompt.trim();
  if (prompt.length > MAX_PROMPT) return { ok: false, error: `The prompt can be at most ${MAX_PROMPT.toLocaleString('en-US')} characters.` };
  if (!form.manual) {
    if (members.length < 2) return { ok: false, error: 'Breakouts need at least two members in the group.' };
    return { ok: true, payload: { size, assignment: 'random', prompt, minutes } };
  }
  const { rooms } = manualPreview(form.assignment, members, manualRoomCount(size, members.length));
  if (rooms.length === 0) return { ok: false, error: 'Put at least one member in a room.' };
  return { ok: true, payload: { size, assignment: { rooms }, prompt, minutes } };
}

/** "4 members → 2 rooms of 2": what a random split will make, before it is made. */
export function randomPreview(memberCount: number, size: GroupSize | null): string {
  if (size === null) return '';
  if (memberCount < 2) return 'Breakouts need at least two members in the group.';
  const rooms = splitBySize(Array.from({ length: memberCount }), size);
  const sizes = [...new Set(rooms.map((r) => r.length))].sort((a, b) => a - b);
  const people = `${memberCount} members`;
  const roomWord = rooms.length === 1 ? '1 room' : `${rooms.length} rooms`;
  return `${people} in ${roomWord} of ${sizes.join(' or ')}, chosen at random.`;
}

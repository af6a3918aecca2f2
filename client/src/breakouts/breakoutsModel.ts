import type { BreakoutsView, SessionView } from '@circle/shared';

/**
 * The breakouts as each audience sees them: a member's own room and partners, the staff's
 * overview of every room, help requests in words. Pure.
 */

const SOMEONE = 'Someone';

export function personName(view: Pick<SessionView, 'people'>, personId: string): string {
  return view.people.find((p) => p.id === personId)?.name ?? SOMEONE;
}

/** "Bob", "Bob and Carol", "Bob, Carol and Dan". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "You are with Bob"; alone (a partner left) it says so kindly. */
export function togetherText(partners: readonly string[]): string {
  return partners.length === 0 ? 'You are on your own in this room for now' : `You are with ${listNames(partners)}`;
}

export type Broadcast = BreakoutsView['broadcasts'][number];

export type MemberBreakout = {
  roomId: string;
  roomName: string;
  partners: string[];
  together: string;
  prompt: string;
  /** Newest first. */
  broadcasts: Broadcast[];
};

/** A member's own breakout room, or null when they are not in one (no breakouts, or kept in the main room). */
export function memberBreakout(view: Pick<SessionView, 'people' | 'breakouts'>, selfId: string): MemberBreakout | null {
  const b = view.breakouts;
  const room = b?.rooms.find((r) => r.memberIds.includes(selfId));
  if (!b || !room) return null;
  const partners = room.memberIds.filter((id) => id !== selfId).map((id) => personName(view, id));
  return {
    roomId: room.id,
    roomName: room.name,
    partners,
    together: togetherText(partners),
    prompt: b.prompt,
    broadcasts: [...b.broadcasts].reverse(),
  };
}

export type StaffRoom = {
  id: string;
  name: string;
  members: { id: string; name: string }[];
  /** Staff visiting this room, by name. */
  visitors: string[];
  /** This staff member is visiting this room now. */
  visitingSelf: boolean;
  help: { at: number; acknowledged: boolean } | null;
};

export type HelpRequest = { roomId: string; roomName: string; text: string; at: number; acknowledged: boolean };

export type StaffBreakouts = {
  prompt: string;
  rooms: StaffRoom[];
  /** Members present in the group but in no breakout room (arrived late, or kept back). */
  inMainRoom: { id: string; name: string }[];
  /** The room this staff member visits, or null in the main room. */
  visiting: { id: string; name: string } | null;
  /** Unacknowledged first, oldest first: the one waiting longest is on top. */
  help: HelpRequest[];
  /** Everyone who can be moved, with the room they are in now (null: the main room). */
  movable: { id: string; name: string; roomId: string | null }[];
};

export function helpText(roomName: string): string {
  return `${roomName} asked for help`;
}

export function staffBreakouts(view: Pick<SessionView, 'people' | 'breakouts'>, selfId: string): StaffBreakouts | null {
  const b = view.breakouts;
  if (!b) return null;
  const named = (id: string) => ({ id, name: personName(view, id) });
  const rooms: StaffRoom[] = b.rooms.map((r) => {
    const help = b.help.find((h) => h.roomId === r.id);
    return {
      id: r.id,
      name: r.name,
      members: r.memberIds.map(named),
      visitors: b.visits.filter((v) => v.roomId === r.id).map((v) => personName(view, v.staffId)),
      visitingSelf: b.visits.some((v) => v.roomId === r.id && v.staffId === selfId),
      help: help ? { at: help.at, acknowledged: help.acknowledged } : null,
    };
  });
  const assigned = new Set(b.rooms.flatMap((r) => r.memberIds));
  const members = view.people.filter((p) => p.role === 'member' && p.status === 'admitted' && p.present);
  const roomName = (id: string) => b.rooms.find((r) => r.id === id)?.name ?? id;
  const mine = b.visits.find((v) => v.staffId === selfId);
  return {
    prompt: b.prompt,
    rooms,
    inMainRoom: members.filter((p) => !assigned.has(p.id)).map((p) => named(p.id)),
    visiting: mine ? { id: mine.roomId, name: roomName(mine.roomId) } : null,
    help: b.help
      .map((h) => ({ roomId: h.roomId, roomName: roomName(h.roomId), text: helpText(roomName(h.roomId)), at: h.at, acknowledged: h.acknowledged }))
      .sort((x, y) => Number(x.acknowledged) - Number(y.acknowledged) || x.at - y.at),
    movable: members.map((p) => ({ id: p.id, name: p.name, roomId: b.rooms.find((r) => r.memberIds.includes(p.id))?.id ?? null })),
  };
}

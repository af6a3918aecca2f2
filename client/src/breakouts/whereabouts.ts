import type { MediaGrant, PersonView, SessionView } from '@circle/shared';

/**
 * Where people are while breakouts or support rooms run, as far as the viewer's view tells:
 * staff see every room, a member only their own room and who stepped out. Pure.
 */

/** A LiveKit room of the session, by its name (the server builds them from the main room's). */
export type MediaPlace =
  | { kind: 'main' }
  | { kind: 'breakout'; roomId: string }
  | { kind: 'support'; memberId: string }
  /** Not a room of this session: a grant for something this client does not know. */
  | { kind: 'unknown' };

/** `<main>` → the group; `<main>-r2` → breakout room r2; `<main>-support-<memberId>` → that member's support room. */
export function mediaPlace(room: string, mainRoom: string): MediaPlace {
  if (room === mainRoom) return { kind: 'main' };
  if (!room.startsWith(`${mainRoom}-`)) return { kind: 'unknown' };
  const rest = room.slice(mainRoom.length + 1);
  if (/^r[0-9]{1,2}$/.test(rest)) return { kind: 'breakout', roomId: rest };
  if (rest.startsWith('support-') && rest.length > 'support-'.length) return { kind: 'support', memberId: rest.slice('support-'.length) };
  return { kind: 'unknown' };
}

/** Which room a grant takes this device to; null without a grant or a view. */
export function grantPlace(grant: Pick<MediaGrant, 'room'> | null, view: Pick<SessionView, 'mediaRoom'> | null): MediaPlace | null {
  return grant && view ? mediaPlace(grant.room, view.mediaRoom) : null;
}

/**
 * The talking piece belongs to the main room: in a breakout or a support room the microphone is
 * free, whatever order the new grant and the new self view arrive in.
 */
export function microphoneFreeIn(place: MediaPlace | null): boolean {
  return place !== null && (place.kind === 'breakout' || place.kind === 'support');
}

/** Where one person is, from the view: their support room first, then a breakout room, else the main room. */
export function placeOf(view: Pick<SessionView, 'breakouts' | 'support'>, personId: string): MediaPlace {
  const support = view.support.rooms.find((r) => r.memberId === personId || r.staffId === personId);
  if (support) return { kind: 'support', memberId: support.memberId };
  const b = view.breakouts;
  if (b) {
    const room = b.rooms.find((r) => r.memberIds.includes(personId));
    if (room) return { kind: 'breakout', roomId: room.id };
    const visit = b.visits.find((v) => v.staffId === personId);
    if (visit) return { kind: 'breakout', roomId: visit.roomId };
  }
  return { kind: 'main' };
}

export function samePlace(a: MediaPlace, b: MediaPlace): boolean {
  if (a.kind === 'breakout' && b.kind === 'breakout') return a.roomId === b.roomId;
  if (a.kind === 'support' && b.kind === 'support') return a.memberId === b.memberId;
  return a.kind === b.kind;
}

/**
 * The people whose tiles belong on this person's screen: those the view places in the same
 * room, and anyone the media room itself shows (a visiting facilitator a member cannot see in
 * the view). A member in the main room during breakouts sees only their own room in the view,
 * so nobody is hidden from them but who stepped out.
 */
export function peopleHere(view: SessionView, selfId: string, inMediaRoom: (person: PersonView) => boolean): PersonView[] {
  const here = placeOf(view, selfId);
  return view.people.filter((p) => p.id === selfId || inMediaRoom(p) || samePlace(placeOf(view, p.id), here));
}

/** Whether any of the person's devices shows up in the media room (video or voice). */
export function inMediaRoom(facts: { videos: Readonly<Record<string, string>>; speaking: readonly string[] }): (person: PersonView) => boolean {
  const speaking = new Set(facts.speaking);
  return (p) => p.devices.some((d) => d.identity in facts.videos || speaking.has(d.identity));
}

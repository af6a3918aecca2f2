import { isStaff, type Role, type SelfView, type SessionView } from '@circle/shared';

/**
 * "I need support" and the 1:1 support room, in words for each audience: the member who asked,
 * the staff who answer, and the rest of the group, who learn only that someone stepped out. Pure.
 */

export const SUPPORT_SENT = 'Staff have been told. Someone will be with you soon.';
export const SUPPORT_SEEN = 'A facilitator has seen your request';

const SOMEONE = 'Someone';
const A_FACILITATOR = 'a facilitator';

function nameIn(view: Pick<SessionView, 'people'>, id: string | null): string | null {
  if (id === null) return null;
  return view.people.find((p) => p.id === id)?.name ?? null;
}

/** "just now", "1 min ago", "14 min ago", "1 hr ago", "2 hr 5 min ago". */
export function timeAgo(at: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} hr ago` : `${hours} hr ${rest} min ago`;
}

/**
 * What the member who asked sees: nothing, "told", or "seen". `sentHere` is this device's own
 * answered press, so the words appear with the server's ack even before the self view follows.
 */
export function memberSupportStatus(support: SelfView['support'], sentHere = false): string | null {
  if (support !== null) return support.acknowledged ? SUPPORT_SEEN : SUPPORT_SENT;
  return sentHere ? SUPPORT_SENT : null;
}

export type SignalRow = {
  personId: string;
  name: string;
  /** "Bob needs support — 2 min ago" */
  text: string;
  acknowledged: boolean;
};

/**
 * Staff: the open signals of members not yet in a support room, the longest unanswered first.
 * Once someone is in a support room their line moves to the room.
 */
export function signalRows(view: Pick<SessionView, 'people' | 'support'>, now: number): SignalRow[] {
  const inRoom = new Set(view.support.rooms.map((r) => r.memberId));
  return view.support.signals
    .filter((s) => !inRoom.has(s.personId))
    .sort((a, b) => Number(a.acknowledged) - Number(b.acknowledged) || a.at - b.at)
    .map((s) => {
      const name = nameIn(view, s.personId) ?? SOMEONE;
      return { personId: s.personId, name, text: `${name} needs support — ${timeAgo(s.at, now)}`, acknowledged: s.acknowledged };
    });
}

/** The support room this person is in, if any: who they are with, and (staff) whom to bring back. */
export type OwnSupportRoom = {
  memberId: string;
  /** "Support room with Bob" */
  title: string;
  /** Staff: the member they can return to the group; null for the member themself. */
  returnable: { personId: string; name: string } | null;
};

export function ownSupportRoom(view: Pick<SessionView, 'people' | 'support'>, selfId: string): OwnSupportRoom | null {
  const mine = view.support.rooms.find((r) => r.memberId === selfId);
  if (mine) {
    // Members are told who is with them when the server shares it; otherwise, kindly, "a facilitator".
    return { memberId: selfId, title: `Support room with ${nameIn(view, mine.staffId) ?? A_FACILITATOR}`, returnable: null };
  }
  const supporting = view.support.rooms.find((r) => r.staffId === selfId);
  if (!supporting) return null;
  const name = nameIn(view, supporting.memberId) ?? SOMEONE;
  return { memberId: supporting.memberId, title: `Support room with ${name}`, returnable: { personId: supporting.memberId, name } };
}

export type OtherSupportRoom = {
  memberId: string;
  /** Members: "Bob stepped out for a moment". Staff: "Bob is in a support room with Dr Rivera". */
  text: string;
  /** Staff may bring the member back even when a colleague is with them. */
  returnable: { personId: string; name: string } | null;
};

/** Support rooms the viewer is not in, in the words their role may see. */
export function otherSupportRooms(view: Pick<SessionView, 'people' | 'support'>, selfId: string, role: Role): OtherSupportRoom[] {
  const staff = isStaff(role);
  return view.support.rooms
    .filter((r) => r.memberId !== selfId && r.staffId !== selfId)
    .map((r) => {
      const name = nameIn(view, r.memberId) ?? SOMEONE;
      const withWhom = nameIn(view, r.staffId);
      if (!staff) return { memberId: r.memberId, text: `${name} stepped out for a moment`, returnable: null };
      return {
        memberId: r.memberId,
        text: `${name} is in a support room${withWhom ? ` with ${withWhom}` : ''}`,
        returnable: { personId: r.memberId, name },
      };
    });
}

/** Staff already with someone cannot take a second person (the server refuses); the button says why instead. */
export function busySupporting(view: Pick<SessionView, 'support'>, selfId: string): boolean {
  return view.support.rooms.some((r) => r.staffId === selfId);
}

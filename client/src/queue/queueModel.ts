import type { SessionView, TurnsView } from '@circle/shared';
import { formatTimeLeft, placeInLine, shareCount } from './words';

/**
 * The speaking queue as people see it: who is speaking (and for how long still), who waits
 * in which place, and where the viewer stands. Pure: the clock is passed in.
 */

export type Turn = NonNullable<TurnsView['current']>;

export type QueueRow = {
  personId: string;
  name: string;
  /** 1 is next to speak. */
  place: number;
  isSelf: boolean;
  /** Put in line by a go-round rather than a raised hand. */
  inRound: boolean;
  first: boolean;
  last: boolean;
};

export type SpeakingQueue = {
  speaker: { personId: string; name: string; isSelf: boolean } | null;
  /** "1:05 left" while a timed turn runs; null without a timer. */
  timeLeft: string | null;
  waiting: QueueRow[];
  /** The viewer's own standing in words, for members in line or speaking; null otherwise. */
  ownPlace: string | null;
  goRound: { remaining: number; passed: string[] } | null;
};

const SOMEONE = 'Someone';

export function nameOf(view: Pick<SessionView, 'people'>, personId: string): string {
  return view.people.find((p) => p.id === personId)?.name ?? SOMEONE;
}

/**
 * Milliseconds left in a timed turn (null: no timer). Bounded by the turn's own length, so a
 * device whose clock runs behind the server's never shows more time than the turn has.
 */
export function msLeft(turn: Turn, now: number): number | null {
  if (turn.endsAt === null) return null;
  const length = Math.max(0, turn.endsAt - turn.startedAt);
  return Math.min(length, Math.max(0, turn.endsAt - now));
}

export function speakingQueue(view: Pick<SessionView, 'people' | 'turns'>, selfId: string | null, now: number): SpeakingQueue {
  const { queue, current, goRound } = view.turns;
  const left = current ? msLeft(current, now) : null;
  const waiting = queue.map((entry, i) => ({
    personId: entry.personId,
    name: nameOf(view, entry.personId),
    place: i + 1,
    isSelf: entry.personId === selfId,
    inRound: entry.source === 'goRound',
    first: i === 0,
    last: i === queue.length - 1,
  }));
  const mine = waiting.find((row) => row.isSelf);
  const speakingSelf = current !== null && current.personId === selfId;
  return {
    speaker: current ? { personId: current.personId, name: nameOf(view, current.personId), isSelf: speakingSelf } : null,
    timeLeft: left === null ? null : formatTimeLeft(left),
    waiting,
    ownPlace: speakingSelf ? 'It is your turn to speak' : mine ? placeInLine(mine.place) : null,
    goRound: goRound ? { remaining: goRound.remaining, passed: goRound.passed.map((id) => nameOf(view, id)) } : null,
  };
}

/** Whether the same turn: a turn is known by who holds it and when it began. */
export function sameTurn(a: Turn | null, b: Turn | null): boolean {
  return a === null || b === null ? a === b : a.personId === b.personId && a.startedAt === b.startedAt;
}

/** A turn that ended, and when this device saw it end. */
export type EndedTurn = { turn: Turn; endedAt: number };

/** How long "Time is up" stays after the timer itself ended the turn. */
export const TIME_UP_HOLD_MS = 8_000;
/** Clocks differ a little: a turn ending this close to its end counts as ended by the timer. */
const TIMER_GRACE_MS = 2_000;

/**
 * The timed turn whose time is up, worth a gentle word to its speaker and to staff: the
 * current turn once past its end, or — for a few seconds — a turn the timer just ended (when
 * turns end by themselves). A turn ended early by staff or by a pass is not one.
 */
export function timeUpTurn(current: Turn | null, ended: EndedTurn | null, now: number): Turn | null {
  if (current?.endsAt != null && now >= current.endsAt) return current;
  if (!ended || ended.turn.endsAt === null || sameTurn(ended.turn, current)) return null;
  const byTimer = ended.endedAt >= ended.turn.endsAt - TIMER_GRACE_MS;
  return byTimer && now < ended.endedAt + TIME_UP_HOLD_MS ? ended.turn : null;
}

export type ShareRow = { personId: string; name: string; turns: number; passes: number; count: string };

/** Staff only: every member's turns so far, in the order the server gives (the roster). */
export function shareRows(view: Pick<SessionView, 'people' | 'shares'>): ShareRow[] {
  return view.shares.map((s) => ({ ...s, name: nameOf(view, s.personId), count: shareCount(s.turns, s.passes) }));
}

/** Members who have not had a turn yet (a pass is not a turn). */
export function notYetShared(rows: readonly ShareRow[]): ShareRow[] {
  return rows.filter((r) => r.turns === 0);
}

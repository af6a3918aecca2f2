import { FeelingRound, Role, type ClinicalView, type SelfView, type SessionView } from '@circle/shared';

/**
 * The "How are you feeling?" check, 0 to 10, at check-in and check-out. Answers are private
 * to staff: members see only their own. Staff see each member's answer, the group's spread,
 * and at check-out the change since check-in.
 */

export const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export const ROUND_NAMES: Record<FeelingRound, string> = {
  [FeelingRound.checkIn]: 'Check-in',
  [FeelingRound.checkOut]: 'Check-out',
};

export type Spread = { count: number; min: number; max: number; average: number };

/** Lowest, highest and average of the answers; null when nobody answered. */
export function spreadOf(scores: readonly number[]): Spread | null {
  if (scores.length === 0) return null;
  const sum = scores.reduce((a, b) => a + b, 0);
  return { count: scores.length, min: Math.min(...scores), max: Math.max(...scores), average: sum / scores.length };
}

/** One decimal, without a trailing ".0": 5.5, 6, 5.3. */
export function formatAverage(average: number): string {
  const rounded = Math.round(average * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** "Check-in: 3 answers · lowest 3 · highest 8 · average 5.3", or that no one answered yet. */
export function spreadText(round: FeelingRound, spread: Spread | null): string {
  const name = ROUND_NAMES[round];
  if (spread === null) return `${name}: no answers yet`;
  const answers = spread.count === 1 ? '1 answer' : `${spread.count} answers`;
  return `${name}: ${answers} · lowest ${spread.min} · highest ${spread.max} · average ${formatAverage(spread.average)}`;
}

export type FeelingRow = {
  personId: string;
  name: string;
  /** Sitting with the facilitator: staff answer for them. */
  inRoom: boolean;
  checkIn: number | null;
  checkOut: number | null;
  /** Check-out minus check-in, when both were answered. */
  change: number | null;
};

/** Every member in the group, in roster order, with their answers (staff views only carry answers). */
export function feelingRows(view: Pick<SessionView, 'people' | 'clinical'>): FeelingRow[] {
  const answers = view.clinical.feelings.answers;
  const scoreOf = (personId: string, round: FeelingRound) => answers.find((a) => a.personId === personId && a.round === round)?.score ?? null;
  return view.people
    .filter((p) => p.role === Role.member)
    .map((p) => {
      const checkIn = scoreOf(p.id, FeelingRound.checkIn);
      const checkOut = scoreOf(p.id, FeelingRound.checkOut);
      return {
        personId: p.id,
        name: p.name,
        inRoom: p.attendance === 'inRoom',
        checkIn,
        checkOut,
        change: checkIn !== null && checkOut !== null ? checkOut - checkIn : null,
      };
    });
}

/** The spread of one round, over the answers the view carries. */
export function roundSpread(answers: ClinicalView['feelings']['answers'], round: FeelingRound): Spread | null {
  return spreadOf(answers.filter((a) => a.round === round).map((a) => a.score));
}

/** "+2", "−1" (a true minus sign), "no change". */
export function changeText(change: number): string {
  if (change === 0) return 'no change';
  return change > 0 ? `+${change}` : `\u2212${-change}`;
}

/**
 * A member's answers in a few characters: "4 → 6 (+2)" once both rounds are answered,
 * "4" after check-in only, "check-out 6" without a check-in, "no answer yet" otherwise.
 */
export function feelingLine(row: Pick<FeelingRow, 'checkIn' | 'checkOut' | 'change'>): string {
  if (row.checkIn !== null && row.checkOut !== null) return `${row.checkIn} \u2192 ${row.checkOut} (${changeText(row.change ?? row.checkOut - row.checkIn)})`;
  if (row.checkIn !== null) return String(row.checkIn);
  if (row.checkOut !== null) return `check-out ${row.checkOut}`;
  return 'no answer yet';
}

/** How many members answered the open round, e.g. "2 of 4 members have answered". */
export function answeredText(rows: readonly FeelingRow[], round: FeelingRound): string {
  const answered = rows.filter((r) => (round === FeelingRound.checkIn ? r.checkIn : r.checkOut) !== null).length;
  return `${answered} of ${rows.length} ${rows.length === 1 ? 'member has' : 'members have'} answered`;
}

/** The member's own answer to the open round (from their self view), if they gave one. */
export function ownAnswer(self: Pick<SelfView, 'feelings'>, round: FeelingRound): number | null {
  return self.feelings[round];
}

/** Only members answer, and only while a round is open. */
export function asksMember(self: Pick<SelfView, 'role'>, open: FeelingRound | null): open is FeelingRound {
  return self.role === Role.member && open !== null;
}

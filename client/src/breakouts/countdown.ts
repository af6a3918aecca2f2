import type { BreakoutsView } from '@circle/shared';

/**
 * The time left in the breakouts, from the absolute `endsAt` every device and server process
 * agrees on. Pure: the clock is passed in.
 */

export const ONE_MINUTE_LEFT = 'One minute left';
export const TIME_IS_UP = 'Time is up — everyone returns to the main room in a moment';

const MINUTE_MS = 60_000;

export type BreakoutClock = {
  /** Whole milliseconds left, never below zero. */
  msLeft: number;
  /** "12:00 left", "0:09 left"; rounded up so "0:00" only shows when the time is up. */
  label: string;
  /** In the last minute: the gentle warning shows. */
  lastMinute: boolean;
  over: boolean;
};

/**
 * Bounded by the round's own length, so a device whose clock runs behind the server's never
 * shows more time than the round has.
 */
export function breakoutClock(round: Pick<BreakoutsView, 'startedAt' | 'endsAt'>, now: number): BreakoutClock {
  const length = Math.max(0, round.endsAt - round.startedAt);
  const msLeft = Math.min(length, Math.max(0, round.endsAt - now));
  return { msLeft, label: timeLeftLabel(msLeft), lastMinute: msLeft > 0 && msLeft <= MINUTE_MS, over: msLeft === 0 };
}

export function timeLeftLabel(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')} left`;
}

/** The words a screen reader hears once a minute is left, or the time is up; null otherwise. */
export function clockAnnouncement(clock: BreakoutClock): string | null {
  if (clock.over) return TIME_IS_UP;
  return clock.lastMinute ? ONE_MINUTE_LEFT : null;
}

/** Words for turn-taking: places in line, time left, turn lengths. */

/** 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, …, 21st, 22nd, 23rd, …, 101st, 111th. */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** "You are 2nd in line": a member's own place, 1 being next to speak. */
export function placeInLine(place: number): string {
  return `You are ${ordinal(place)} in line`;
}

/** "4:00 left", "1:05 left", "0:09 left": whole seconds, rounded up so 0:00 only shows when time is up. */
export function formatTimeLeft(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')} left`;
}

/** "1 turn", "2 turns"; passes are mentioned only when there were some. */
export function shareCount(turns: number, passes: number): string {
  const t = `${turns} ${turns === 1 ? 'turn' : 'turns'}`;
  return passes === 0 ? t : `${t}, ${passes} ${passes === 1 ? 'pass' : 'passes'}`;
}

export type TurnLengthOption = { value: string; label: string; seconds: number | null };

/** The turn lengths staff can pick; a length set elsewhere (say, 90 s) is offered too, so the select tells the truth. */
export function turnLengthOptions(current: number | null): TurnLengthOption[] {
  const standard: (number | null)[] = [null, 60, 120, 180, 300];
  const all = current === null || standard.includes(current) ? standard : [...standard, current].sort((a, b) => (a ?? 0) - (b ?? 0));
  return all.map((seconds) => ({ value: seconds === null ? '' : String(seconds), label: turnLengthLabel(seconds), seconds }));
}

export function turnLengthLabel(seconds: number | null): string {
  if (seconds === null) return 'None';
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const m = minutes === 0 ? '' : `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const s = rest === 0 ? '' : `${rest} seconds`;
  return [m, s].filter(Boolean).join(' ');
}

export const TIME_UP = 'Time is up for this turn';
export const STALE_QUEUE = 'The speaking queue changed a moment ago. Here is the latest — please check it and try again.';
export const MIC_HELD =
  'Talking-piece mode: your microphone opens when it is your turn. Use Raise hand to ask for a turn.';

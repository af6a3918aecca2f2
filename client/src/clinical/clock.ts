import type { ClinicalView } from '@circle/shared';

/** The session clock and agenda in words, for everyone in the room. Time is injected (`now`). */

export type SessionClock = ClinicalView['clock'];
export type Agenda = ClinicalView['agenda'];

const MINUTE_MS = 60_000;

/** Whole minutes since the session started (frozen at its end); null before it started. */
export function elapsedMinutes(clock: SessionClock, now: number): number | null {
  if (clock.startedAt === null) return null;
  const until = clock.endedAt ?? now;
  // A device clock a little behind the server's must not show negative time.
  return Math.max(0, Math.floor((until - clock.startedAt) / MINUTE_MS));
}

/** "24 min of 90"; "95 min of 90 · 5 over"; "90 min planned" before the start. */
export function clockText(clock: SessionClock, now: number): string {
  const elapsed = elapsedMinutes(clock, now);
  if (elapsed === null) return `${clock.plannedMinutes} min planned`;
  const over = elapsed - clock.plannedMinutes;
  return over > 0 ? `${elapsed} min of ${clock.plannedMinutes} · ${over} over` : `${elapsed} min of ${clock.plannedMinutes}`;
}

/** The phase the group is in, or null when the agenda is empty. */
export function currentPhase(agenda: Agenda): string | null {
  return agenda.phases[agenda.current] ?? null;
}

/** "Now: Sharing (2 of 5)". */
export function phaseText(agenda: Agenda): string | null {
  const phase = currentPhase(agenda);
  if (phase === null) return null;
  return agenda.phases.length > 1 ? `Now: ${phase} (${agenda.current + 1} of ${agenda.phases.length})` : `Now: ${phase}`;
}

/** The index Next phase goes to; null at the last phase. */
export function nextPhaseIndex(agenda: Agenda): number | null {
  const next = agenda.current + 1;
  return next < agenda.phases.length ? next : null;
}

import type { SystemCommand } from './commands.js';
import type { SessionState } from './state.js';

export type Deadline = { key: string; at: number; command: SystemCommand };

/**
 * The moments at which the session changes by itself: a timed turn running out (when the
 * facilitator chose that turns end automatically) and the end of breakouts. The server
 * schedules them; the model ignores a firing that no longer applies.
 */
export function deadlinesOf(state: SessionState): Deadline[] {
  const out: Deadline[] = [];
  const turn = state.turns.current;
  if (state.status === 'open' && state.turns.autoEnd && turn?.endsAt != null) {
    out.push({ key: 'turn', at: turn.endsAt, command: { type: 'turn:timeUp', startedAt: turn.startedAt } });
  }
  const b = state.breakouts;
  if (state.status === 'open' && b) out.push({ key: 'breakouts', at: b.endsAt, command: { type: 'breakouts:timeUp', startedAt: b.startedAt } });
  return out;
}

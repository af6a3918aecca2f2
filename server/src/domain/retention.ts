import type { SessionState } from './state.js';

const HOUR = 60 * 60 * 1000;

/** How long a session's data is kept: after it ends, and after the last activity of one never ended. */
export const retention = { afterEndMs: 24 * HOUR, afterActivityMs: 12 * HOUR };

export function retentionDeadline(state: SessionState): number {
  return state.endedAt !== null
    ? state.endedAt + retention.afterEndMs
    : state.lastActivityAt + retention.afterActivityMs;
}

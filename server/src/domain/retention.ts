import type { SessionState } from './state.js';

const HOUR = 60 * 60 * 1000;

/** How long a session's data is kept by default: 24 hours after it ends; 12 hours after the last activity of one never ended. */
export const DEFAULT_RETENTION = { afterEndMs: 24 * HOUR, afterActivityMs: 12 * HOUR };

/** After this instant nothing of the session may remain; the store expires it then. */
export function retentionDeadline(state: SessionState): number {
  return state.endedAt !== null
    ? state.endedAt + state.retention.afterEndMs
    : state.lastActivityAt + state.retention.afterActivityMs;
}

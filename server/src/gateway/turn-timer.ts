import type { SessionState } from '../domain/state.js';

export type Timers = {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Ends a turn when its time is up, if the facilitator chose that. One pending timer per
 * session; the model ignores a late or duplicate firing (it checks which turn it was for),
 * so any process may schedule it.
 */
export class TurnTimer {
  private readonly pending = new Map<string, { handle: unknown; startedAt: number; endsAt: number }>();

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly onTimeUp: (sessionId: string, startedAt: number) => void,
  ) {}

  /** Called after every stored change of a session. */
  track(state: SessionState): void {
    const current = state.turns.current;
    const due = state.turns.autoEnd && current?.endsAt != null ? current : null;
    const existing = this.pending.get(state.id);
    // The same turn with the same end: keep it. A timer:set mid-turn moves the end and re-arms it.
    if (existing && existing.startedAt === due?.startedAt && existing.endsAt === due?.endsAt) return;
    if (existing) this.timers.clearTimeout(existing.handle);
    this.pending.delete(state.id);
    if (!due || due.endsAt === null) return;
    const handle = this.timers.setTimeout(() => {
      this.pending.delete(state.id);
      this.onTimeUp(state.id, due.startedAt);
    }, Math.max(0, due.endsAt - this.now()));
    this.pending.set(state.id, { handle, startedAt: due.startedAt, endsAt: due.endsAt });
  }

  stop(): void {
    for (const { handle } of this.pending.values()) this.timers.clearTimeout(handle);
    this.pending.clear();
  }
}

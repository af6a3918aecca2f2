import type { SystemCommand } from '../domain/commands.js';
import { deadlinesOf } from '../domain/deadlines.js';
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
 * Fires the session's deadlines (a timed turn, the end of breakouts) as system commands. One
 * timer per deadline; a deadline that moved (a turn's length changed, breakouts extended) is
 * re-armed. The model ignores a late or duplicate firing, so any process may schedule it.
 */
export class DeadlineTimer {
  private readonly pending = new Map<string, { handle: unknown; at: number; command: string }>();

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly onDue: (sessionId: string, command: SystemCommand) => void,
  ) {}

  /** Called after every stored change of a session. */
  track(state: SessionState): void {
    const due = new Map(deadlinesOf(state).map((d) => [`${state.id}:${d.key}`, d]));
    for (const [key, entry] of this.pending) {
      if (!key.startsWith(`${state.id}:`)) continue;
      const next = due.get(key);
      if (next && next.at === entry.at && JSON.stringify(next.command) === entry.command) {
        due.delete(key);
        continue;
      }
      this.timers.clearTimeout(entry.handle);
      this.pending.delete(key);
    }
    for (const [key, deadline] of due) {
      const handle = this.timers.setTimeout(() => {
        this.pending.delete(key);
        this.onDue(state.id, deadline.command);
      }, Math.max(0, deadline.at - this.now()));
      this.pending.set(key, { handle, at: deadline.at, command: JSON.stringify(deadline.command) });
    }
  }

  stop(): void {
    for (const { handle } of this.pending.values()) this.timers.clearTimeout(handle);
    this.pending.clear();
  }
}

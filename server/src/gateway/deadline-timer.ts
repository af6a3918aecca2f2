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
  /** By session, then by the deadline's key: a change looks only at its own session's timers. */
  private readonly pending = new Map<string, Map<string, { handle: unknown; at: number; command: string }>>();

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly onDue: (sessionId: string, command: SystemCommand) => void,
  ) {}

  /** Called after every stored change of a session. */
  track(state: SessionState): void {
    const deadlines = deadlinesOf(state);
    let armed = this.pending.get(state.id);
    if (!armed && deadlines.length === 0) return;
    armed ??= new Map();
    const due = new Map(deadlines.map((d) => [d.key, d]));
    for (const [key, entry] of armed) {
      const next = due.get(key);
      if (next && next.at === entry.at && JSON.stringify(next.command) === entry.command) {
        due.delete(key);
        continue;
      }
      this.timers.clearTimeout(entry.handle);
      armed.delete(key);
    }
    // The timer keeps the id and the command only: a whole state held until a breakout ends would
    // outlive every later version of the session in memory.
    const sessionId = state.id;
    for (const [key, { at, command }] of due) {
      const handle = this.timers.setTimeout(() => {
        this.#disarm(sessionId, key);
        this.onDue(sessionId, command);
      }, Math.max(0, at - this.now()));
      armed.set(key, { handle, at, command: JSON.stringify(command) });
    }
    if (armed.size > 0) this.pending.set(state.id, armed);
    else this.pending.delete(state.id);
  }

  stop(): void {
    for (const armed of this.pending.values()) for (const { handle } of armed.values()) this.timers.clearTimeout(handle);
    this.pending.clear();
  }

  #disarm(sessionId: string, key: string): void {
    const armed = this.pending.get(sessionId);
    armed?.delete(key);
    if (armed?.size === 0) this.pending.delete(sessionId);
  }
}

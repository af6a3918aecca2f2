import type { CommandError } from '@circle/shared';
import type { Effect } from './effects.js';
import type { SessionState } from './state.js';

export type Decision =
  | { ok: true; state: SessionState; effects: Effect[]; reply: Record<string, unknown> }
  | { ok: false; error: CommandError };

export function refuse(code: CommandError['code'], message: string): Decision {
  return { ok: false, error: { code, message } };
}

/** Returning the same `state` object means "nothing changed": no version bump, no write. */
export function accept(state: SessionState, effects: Effect[] = [], reply: Record<string, unknown> = {}): Decision {
  return { ok: true, state, effects, reply };
}

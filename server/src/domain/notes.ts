import type { Context } from './commands.js';
import { accept, type Decision } from './decision.js';
import type { Person, SessionState } from './state.js';

/** The newest notes are kept; a session's notes are short by nature. */
const MAX_NOTES = 200;

export function addNote(state: SessionState, me: Person, text: string, ctx: Context): Decision {
  const note = { id: ctx.newId(), authorId: me.id, text, at: ctx.now };
  return accept({ ...state, notes: [...state.notes, note].slice(-MAX_NOTES) });
}

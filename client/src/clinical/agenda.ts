/** The agenda as staff edit it: plain text, one phase per line. Limits match the server's. */

export const MAX_PHASES = 12;
export const MAX_PHASE_LENGTH = 40;

export type AgendaParse = { ok: true; phases: string[] } | { ok: false; error: string };

/** The phases as text for the editor. */
export function agendaText(phases: readonly string[]): string {
  return phases.join('\n');
}

/**
 * Reads the editor's text. Blank lines at the start and end are ignored (a trailing newline is
 * natural); a blank line between phases is a phase without a name, and said so with its line.
 */
export function parseAgenda(text: string): AgendaParse {
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.trim());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return { ok: false, error: 'The agenda needs at least one phase.' };
  const empty = lines.findIndex((line) => line === '');
  if (empty >= 0) {
    return { ok: false, error: `Line ${empty + 1 + leadingBlankLines(text)} is empty. Give every phase a name, or remove the empty line.` };
  }
  const long = lines.findIndex((line) => line.length > MAX_PHASE_LENGTH);
  if (long >= 0) {
    return { ok: false, error: `“${lines[long]!.slice(0, 20)}…” is too long: phase names can be at most ${MAX_PHASE_LENGTH} characters.` };
  }
  if (lines.length > MAX_PHASES) return { ok: false, error: `An agenda has at most ${MAX_PHASES} phases; this one has ${lines.length}.` };
  return { ok: true, phases: lines };
}

function leadingBlankLines(text: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  let n = 0;
  while (n < lines.length && lines[n]!.trim() === '') n += 1;
  return n;
}

import type { SessionView } from '@circle/shared';

/** Staff notes: short, timestamped, for staff alone. */

export const MAX_NOTE_LENGTH = 1000;

export type NoteRow = { id: string; author: string; time: string; text: string };

export type TimeFormat = { locale?: string; timeZone?: string };

/** "2:05 PM" or "14:05", as the viewer's locale writes it (fixed locale and zone for tests). */
export function clockTime(at: number, format: TimeFormat = {}): string {
  return new Intl.DateTimeFormat(format.locale, { hour: 'numeric', minute: '2-digit', timeZone: format.timeZone }).format(at);
}

/** The notes in the order written, with their authors' names. */
export function noteRows(view: Pick<SessionView, 'people' | 'waiting' | 'clinical'>, format: TimeFormat = {}): NoteRow[] {
  const names = new Map([...view.people, ...view.waiting].map((p) => [p.id, p.name]));
  return [...view.clinical.notes]
    .sort((a, b) => a.at - b.at)
    .map((n) => ({ id: n.id, author: names.get(n.authorId) ?? 'Staff', time: clockTime(n.at, format), text: n.text }));
}

/** Characters left, to say once a note gets long; null while there is plenty of room. */
export function charactersLeft(text: string): number | null {
  const left = MAX_NOTE_LENGTH - text.length;
  return left <= 200 ? left : null;
}

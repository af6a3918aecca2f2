import { stringify } from 'csv-stringify/sync';
import type { AttendanceRecord } from '@circle/shared';

/** Spreadsheets run a cell that starts with one of these as a formula; a name must never do that. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = String(value);
  return typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
}

export const ATTENDANCE_COLUMNS = [
  'Name',
  'Role',
  'Attended',
  'First join',
  'Last leave',
  'Minutes present',
  'Agreed to group agreement',
  'Agreed at',
  'Check-in (0-10)',
  'Check-out (0-10)',
  'Turns taken',
] as const;

/** The record as CSV: a header block with the session's start, end and duration, then one row per person. */
export function attendanceCsv(record: AttendanceRecord): string {
  const header = [
    ['Session', cell(record.title)],
    ['Session id', record.sessionId],
    ['Start', cell(record.start)],
    ['End', cell(record.end)],
    ['Duration (minutes)', cell(record.durationMinutes)],
    ['Planned (minutes)', cell(record.plannedMinutes)],
    [],
  ];
  const rows = record.people.map((p) => [
    cell(p.name),
    cell(p.role),
    cell(p.attended),
    cell(p.firstJoin),
    cell(p.lastLeave),
    cell(p.minutesPresent),
    cell(p.agreedToGroupAgreement),
    cell(p.agreedAt),
    cell(p.checkIn),
    cell(p.checkOut),
    cell(p.turnsTaken),
  ]);
  return stringify([...header, [...ATTENDANCE_COLUMNS], ...rows], { record_delimiter: 'windows' });
}

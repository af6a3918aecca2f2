import { describe, expect, it } from 'vitest';
import type { AttendanceRow } from '@circle/shared';
import { attendanceFileName, attendanceSummary, downloadAttendance, type DownloadDeps } from '../src/clinical/attendanceExport';

const row = (over: Partial<AttendanceRow>): AttendanceRow => ({
  name: 'Alice',
  role: 'Member',
  attended: 'online',
  firstJoin: null,
  lastLeave: null,
  minutesPresent: 0,
  agreedToGroupAgreement: true,
  agreedAt: null,
  checkIn: null,
  checkOut: null,
  turnsTaken: 0,
  ...over,
});

describe('the attendance file', () => {
  it('is named after the session, as the server names it', () => {
    expect(attendanceFileName('Ab3_x-9')).toBe('attendance-Ab3_x-9.csv');
    expect(attendanceFileName('../../etc')).toBe('attendance-------etc.csv');
  });

  it('is summed up in a sentence', () => {
    const people = [
      row({ name: 'Dr Rivera', role: 'Facilitator' }),
      row({ checkIn: 4, checkOut: 6 }),
      row({ name: 'Bob', checkIn: 7 }),
      row({ name: 'Carol', attended: 'in the room', agreedToGroupAgreement: false, checkIn: 5, checkOut: 5 }),
    ];
    expect(attendanceSummary({ people })).toBe('4 people: 3 online, 1 in the room. Check-in answered by 3, check-out by 2.');
    expect(attendanceSummary({ people: [row({})] })).toBe('1 person, all online. Check-in answered by 0, check-out by 0.');
  });

  it('is handed to the browser as a CSV blob under its name, and the URL is let go afterwards', async () => {
    const calls: string[] = [];
    const blobs: Blob[] = [];
    let later: (() => void) | null = null;
    const deps: DownloadDeps = {
      createObjectURL: (blob) => {
        blobs.push(blob);
        calls.push('create');
        return 'blob:1';
      },
      revokeObjectURL: (url) => void calls.push(`revoke ${url}`),
      follow: (url, name) => void calls.push(`follow ${url} ${name}`),
      later: (run) => void (later = run),
    };
    const name = downloadAttendance('sess1', 'Name,Role\r\nAlice,Member\r\n', deps);
    expect(name).toBe('attendance-sess1.csv');
    expect(calls).toEqual(['create', 'follow blob:1 attendance-sess1.csv']);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
    expect(await blobs[0]?.text()).toBe('Name,Role\r\nAlice,Member\r\n');
    (later as (() => void) | null)?.();
    expect(calls.at(-1)).toBe('revoke blob:1');
  });
});

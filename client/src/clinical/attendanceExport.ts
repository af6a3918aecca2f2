import type { AttendanceRecord } from '@circle/shared';

/** The attendance record as a file the clinician keeps: its name, a summary, and the download itself. */

/** `attendance-<sessionId>.csv`, the same name the server's CSV route gives. */
export function attendanceFileName(sessionId: string): string {
  return `attendance-${sessionId.replace(/[^A-Za-z0-9_-]/g, '-')}.csv`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "6 people: 4 online, 2 in the room. Check-in answered by 4, check-out by 3." */
export function attendanceSummary(record: Pick<AttendanceRecord, 'people'>): string {
  const people = record.people;
  const inRoom = people.filter((p) => p.attended === 'in the room').length;
  const online = people.length - inRoom;
  const checkIn = people.filter((p) => p.checkIn !== null).length;
  const checkOut = people.filter((p) => p.checkOut !== null).length;
  const who = inRoom > 0 ? `${count(people.length, 'person', 'people')}: ${online} online, ${inRoom} in the room.` : `${count(people.length, 'person', 'people')}, all online.`;
  return `${who} Check-in answered by ${checkIn}, check-out by ${checkOut}.`;
}

/** What a download needs from the browser; injected so the steps are testable. */
export type DownloadDeps = {
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  /** Follows a link to the URL with a `download` name (an `<a download>` click in the browser). */
  follow(url: string, fileName: string): void;
  /** Runs after the browser took the file (the next task). */
  later(run: () => void): void;
};

/** Hands text to the browser as a file download. */
export function downloadText(text: string, fileName: string, type: string, deps: DownloadDeps = browserDownload()): void {
  const url = deps.createObjectURL(new Blob([text], { type }));
  deps.follow(url, fileName);
  deps.later(() => deps.revokeObjectURL(url));
}

export function browserDownload(): DownloadDeps {
  return {
    createObjectURL: (blob) => URL.createObjectURL(blob),
    revokeObjectURL: (url) => URL.revokeObjectURL(url),
    follow(url, fileName) {
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
    },
    later: (run) => void setTimeout(run, 0),
  };
}

/** The record as CSV, downloaded under its usual name. */
export function downloadAttendance(sessionId: string, csv: string, deps?: DownloadDeps): string {
  const fileName = attendanceFileName(sessionId);
  downloadText(csv, fileName, 'text/csv;charset=utf-8', deps);
  return fileName;
}

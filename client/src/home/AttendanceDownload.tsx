import { useId, useState, type FormEvent } from 'react';
import { downloadAttendance } from '../clinical/attendanceExport';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import { fetchAttendanceCsv } from './attendanceRecord';

/**
 * For facilitators: the attendance record of a session by its id, with the admin key (also after
 * it ended). The form opens on request, so the page asks for the key in one place at a time.
 */
export function AttendanceDownload() {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const sessionId = String(data.get('sessionId') ?? '').trim();
    setBusy(true);
    setError(null);
    setDone(null);
    const result = await fetchAttendanceCsv(String(data.get('adminKey') ?? '').trim(), sessionId);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setDone(`Downloaded ${downloadAttendance(sessionId, result.value)}.`);
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Attendance record</h2>
      <p className="muted">The record of a session, as a CSV file: who attended, how, for how long, and their check-in and check-out. It is final once the session has ended.</p>
      {!open ? (
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
            Get an attendance record
          </button>
        </div>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <div className="fields-row">
            <div className="field">
              <label htmlFor={`${id}-key`}>Admin key</label>
              <input id={`${id}-key`} name="adminKey" type="password" className="input" required autoComplete="current-password" autoFocus />
            </div>
            <div className="field">
              <label htmlFor={`${id}-session`}>Session id</label>
              <input id={`${id}-session`} name="sessionId" type="text" className="input" required spellCheck={false} autoComplete="off" />
            </div>
          </div>
          <ErrorAlert message={error} />
          <div className="button-row">
            <button type="submit" className="button button-secondary" disabled={busy} aria-busy={busy || undefined}>
              Download attendance
            </button>
            <StatusRegion className="muted">{done}</StatusRegion>
          </div>
        </form>
      )}
    </section>
  );
}

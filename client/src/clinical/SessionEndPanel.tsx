import { useId, useState } from 'react';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import { attendanceSummary, downloadAttendance } from './attendanceExport';
import type { ClinicalCommands } from './clinicalCommands';
import { EndSessionDialog } from './EndSessionDialog';
import { useCommandState } from './hooks';

type Props = { sessionId: string; commands: ClinicalCommands };

/** Staff only: the attendance record as a CSV download, and ending the session for everyone. */
export function SessionEndPanel({ sessionId, commands }: Props) {
  const id = useId();
  const exporting = useCommandState();
  const ending = useCommandState();
  const [summary, setSummary] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const exportAttendance = async () => {
    setSummary(null);
    const ack = await exporting.run(commands.exportAttendance());
    if (!ack?.ok) return;
    const fileName = downloadAttendance(sessionId, ack.csv);
    setSummary(`Downloaded ${fileName}. ${attendanceSummary(ack.record)}`);
  };

  // On success the ended view arrives and the closing card replaces the room; a refusal stays in the dialog.
  const end = () => void ending.run(commands.endSession());

  return (
    <section className="panel" aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Attendance and ending</span>
      </h2>
      <div className="button-row">
        <button type="button" className="button button-secondary" disabled={exporting.busy} aria-busy={exporting.busy || undefined} onClick={() => void exportAttendance()}>
          Export attendance
        </button>
        <button type="button" className="button button-danger-outline" onClick={() => setConfirming(true)}>
          End session
        </button>
      </div>
      <StatusRegion className="notice notice-calm export-summary">{summary}</StatusRegion>
      <ErrorAlert message={exporting.error} />
      {confirming && (
        <EndSessionDialog
          busy={ending.busy}
          error={ending.error}
          onConfirm={end}
          onCancel={() => {
            ending.setError(null);
            setConfirming(false);
          }}
        />
      )}
    </section>
  );
}

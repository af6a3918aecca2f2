import { useEffect, useId, useRef } from 'react';
import { ErrorAlert } from '../ui/messages';

type Props = { busy: boolean; error: string | null; onConfirm: () => void; onCancel: () => void };

/** Asks before ending the session for everyone: a modal dialog (focus stays inside; Escape cancels). */
export function EndSessionDialog({ busy, error, onConfirm, onCancel }: Props) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>End the session for everyone?</h2>
      <div id={`${id}-text`}>
        <p>Everyone will see the closing message and leave the room. The session’s links will stop working.</p>
        <p>Export attendance first if you want the record now; afterwards it stays available from the Circle home page with the admin key.</p>
      </div>
      <ErrorAlert message={error} />
      <div className="button-row dialog-actions">
        <button type="button" className="button button-secondary" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" disabled={busy} aria-busy={busy || undefined} onClick={onConfirm}>
          Confirm end session
        </button>
      </div>
    </dialog>
  );
}

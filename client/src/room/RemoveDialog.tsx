import { useEffect, useId, useRef } from 'react';

type Props = { name: string; busy: boolean; onConfirm: () => void; onCancel: () => void };

/** Asks before removing someone: a modal dialog in the page (focus stays inside; Escape cancels). */
export function RemoveDialog({ name, busy, onConfirm, onCancel }: Props) {
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
      <h2 id={`${id}-title`}>Remove {name}?</h2>
      <p id={`${id}-text`}>
        {name} will leave the session now and will not be able to come back with their link.
      </p>
      <div className="button-row dialog-actions">
        <button type="button" className="button button-secondary" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" disabled={busy} onClick={onConfirm}>
          Confirm remove
        </button>
      </div>
    </dialog>
  );
}

import { ConfirmDialog } from '../ui/ConfirmDialog';

type Props = { busy: boolean; error: string | null; onConfirm: () => void; onCancel: () => void };

/** Asks before ending the session for everyone. */
export function EndSessionDialog({ busy, error, onConfirm, onCancel }: Props) {
  return (
    <ConfirmDialog
      title="End the session for everyone?"
      confirmLabel="Confirm end session"
      busy={busy}
      error={error}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>Everyone will see the closing message and leave the room. The session’s links will stop working.</p>
      <p>Export attendance first if you want the record now; afterwards it stays available from the Circle home page with the admin key.</p>
    </ConfirmDialog>
  );
}

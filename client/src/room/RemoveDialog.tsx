import { ConfirmDialog } from '../ui/ConfirmDialog';

type Props = { name: string; busy: boolean; onConfirm: () => void; onCancel: () => void };

/** Asks before removing someone. */
export function RemoveDialog({ name, busy, onConfirm, onCancel }: Props) {
  return (
    <ConfirmDialog title={`Remove ${name}?`} confirmLabel="Confirm remove" busy={busy} onConfirm={onConfirm} onCancel={onCancel}>
      <p>{name} will leave the session now and will not be able to come back with their link.</p>
    </ConfirmDialog>
  );
}

import { useId, type FormEvent } from 'react';
import { ErrorAlert } from '../ui/messages';
import type { CreateInput } from './useCreateSession';

function numberOrUndefined(value: FormDataEntryValue | null): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** The facilitator's form: the admin key and the session's basics. */
export function CreateSessionForm({ busy, error, onSubmit }: { busy: boolean; error: string | null; onSubmit: (input: CreateInput) => void }) {
  const id = useId();
  const handle = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    onSubmit({
      adminKey: String(data.get('adminKey') ?? '').trim(),
      title: String(data.get('title') ?? '').trim(),
      plannedMinutes: numberOrUndefined(data.get('plannedMinutes')),
      capacity: numberOrUndefined(data.get('capacity')),
    });
  };
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Create a session</h2>
      <p className="muted">For facilitators. You will get four links to share: one for you, one for your co-therapist, one for members and one for observers.</p>
      <form className="stack" onSubmit={handle}>
        <div className="field">
          <label htmlFor={`${id}-key`}>Admin key</label>
          <input id={`${id}-key`} name="adminKey" type="password" className="input" required autoComplete="current-password" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-title`}>Session title</label>
          <input id={`${id}-title`} name="title" type="text" className="input" required maxLength={120} placeholder="e.g. Tuesday evening group" />
        </div>
        <div className="fields-row">
          <div className="field">
            <label htmlFor={`${id}-minutes`}>Planned minutes</label>
            <input id={`${id}-minutes`} name="plannedMinutes" type="number" className="input" defaultValue={90} min={1} step={1} inputMode="numeric" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-capacity`}>Capacity</label>
            <input id={`${id}-capacity`} name="capacity" type="number" className="input" defaultValue={12} min={1} step={1} inputMode="numeric" aria-describedby={`${id}-capacity-hint`} />
            <span id={`${id}-capacity-hint`} className="hint">
              Most members who can join
            </span>
          </div>
        </div>
        <ErrorAlert message={error} />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy} aria-busy={busy || undefined}>
            Create session
          </button>
          {busy && (
            <span role="status" className="muted">
              Creating…
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

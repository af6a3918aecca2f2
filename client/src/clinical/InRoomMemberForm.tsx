import { useId, useRef, useState, type FormEvent } from 'react';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import type { ClinicalCommands } from './clinicalCommands';
import { useCommandState } from './hooks';

/**
 * Staff only, for hybrid groups: adds someone sitting in the physical room (a name, no
 * device). They appear in Participants as in the room and take turns like everyone else.
 */
export function InRoomMemberForm({ commands }: { commands: ClinicalCommands }) {
  const id = useId();
  const command = useCommandState();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      command.setError('Please enter their name.');
      field.current?.focus();
      return;
    }
    const ack = await command.run(commands.addInRoom(trimmed));
    if (ack?.ok) {
      setName('');
      setAdded(`${trimmed} is in Participants, in the room.`);
    }
    // Ready for the next person in the room, or to correct the name.
    field.current?.focus();
  };

  const close = () => {
    setOpen(false);
    setAdded(null);
    command.setError(null);
    toggle.current?.focus();
  };

  return (
    <section className="panel panel-compact" aria-label="In-room members">
      <div className="button-row inroom-head">
        <button
          ref={toggle}
          type="button"
          className="button button-secondary"
          aria-expanded={open}
          aria-controls={open ? `${id}-form` : undefined}
          onClick={() => (open ? close() : setOpen(true))}
        >
          Add in-room member
        </button>
      </div>
      <p className="hint inroom-hint">For someone sitting with you in the physical room, without a device of their own.</p>
      {open && (
        <form id={`${id}-form`} className="inroom-form" onSubmit={(e) => void add(e)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-name`}>In-room member name</label>
            <input
              ref={field}
              id={`${id}-name`}
              className="input"
              type="text"
              maxLength={40}
              autoComplete="off"
              autoFocus
              value={name}
              aria-invalid={command.error !== null || undefined}
              onChange={(e) => {
                setName(e.target.value);
                setAdded(null);
              }}
            />
          </div>
          <div className="button-row">
            <button type="submit" className="button" disabled={command.busy}>
              Add
            </button>
            <button type="button" className="button button-quiet" onClick={close}>
              Done
            </button>
          </div>
          <ErrorAlert message={command.error} />
          <StatusRegion className="notice notice-calm">{added}</StatusRegion>
        </form>
      )}
    </section>
  );
}

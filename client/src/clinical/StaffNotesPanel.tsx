import { useId, useRef, useState, type FormEvent } from 'react';
import type { SessionView } from '@circle/shared';
import { ErrorAlert } from '../ui/messages';
import type { ClinicalCommands } from './clinicalCommands';
import { useCommandState } from './hooks';
import { charactersLeft, MAX_NOTE_LENGTH, noteRows } from './notes';

type Props = { view: Pick<SessionView, 'people' | 'waiting' | 'clinical'>; commands: ClinicalCommands };

/** Staff only, on any of their devices: short timestamped notes during the session. */
export function StaffNotesPanel({ view, commands }: Props) {
  const id = useId();
  const command = useCommandState();
  const [text, setText] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  const notes = noteRows(view);
  const left = charactersLeft(text);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') {
      command.setError('Write something first: a note cannot be empty.');
      field.current?.focus();
      return;
    }
    const ack = await command.run(commands.addNote(text));
    if (ack?.ok) setText('');
    field.current?.focus();
  };

  return (
    <section className="panel" aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Staff notes</span> <span className="count">{notes.length}</span>
      </h2>
      <p className="hint notes-hint">Only facilitators and co-therapists see these notes.</p>
      {notes.length === 0 ? (
        <p className="muted panel-empty">No notes yet.</p>
      ) : (
        <ol className="notes-list" aria-label="Notes">
          {notes.map((note) => (
            <li key={note.id} className="note">
              <p className="note-meta">
                <span className="note-time">{note.time}</span> · {note.author}
              </p>
              <p className="note-text">{note.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form className="notes-form" onSubmit={(e) => void add(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-note`}>Note</label>
          <textarea
            ref={field}
            id={`${id}-note`}
            className="input textarea"
            rows={3}
            maxLength={MAX_NOTE_LENGTH}
            value={text}
            aria-describedby={left !== null ? `${id}-left` : undefined}
            onChange={(e) => {
              setText(e.target.value);
              if (command.error) command.setError(null);
            }}
          />
          {left !== null && (
            <span id={`${id}-left`} className="hint">
              {left === 1 ? '1 character left' : `${left} characters left`}
            </span>
          )}
        </div>
        <ErrorAlert message={command.error} />
        <div className="button-row">
          <button type="submit" className="button button-secondary" disabled={command.busy}>
            Add note
          </button>
        </div>
      </form>
    </section>
  );
}

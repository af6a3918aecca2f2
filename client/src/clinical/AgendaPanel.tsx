import { useId, useRef, useState, type FormEvent } from 'react';
import type { ClinicalView } from '@circle/shared';
import { ErrorAlert } from '../ui/messages';
import { agendaText, MAX_PHASE_LENGTH, MAX_PHASES, parseAgenda } from './agenda';
import type { ClinicalCommands } from './clinicalCommands';
import { nextPhaseIndex } from './clock';
import { useCommandState } from './hooks';

type Props = { agenda: ClinicalView['agenda']; commands: ClinicalCommands };

/** Staff only: the session's phases, the one the group is in, moving on, and editing the list. */
export function AgendaPanel({ agenda, commands }: Props) {
  const id = useId();
  const command = useCommandState();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const next = nextPhaseIndex(agenda);

  const closeEditor = () => {
    setEditing(false);
    editButton.current?.focus();
  };

  return (
    <section className="panel" aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Agenda</span>
      </h2>
      <ol className="agenda-list">
        {agenda.phases.map((phase, i) => {
          const current = i === agenda.current;
          // One button per phase, current or not, so focus stays put when the phase changes under it.
          return (
            <li key={`${i}-${phase}`} className={`agenda-item${current ? ' is-current' : ''}`}>
              <button
                type="button"
                className="agenda-go"
                aria-current={current ? 'step' : undefined}
                aria-disabled={current || command.busy || undefined}
                onClick={() => !current && !command.busy && void command.run(commands.goToPhase(i))}
              >
                <span className="agenda-number" aria-hidden="true">
                  {i + 1}
                </span>
                {!current && <span className="visually-hidden">Go to </span>}
                <span className="agenda-name">{phase}</span>
                {current && <span className="badge">Now</span>}
              </button>
            </li>
          );
        })}
      </ol>
      <div className="button-row">
        <button
          type="button"
          className="button"
          aria-disabled={next === null || command.busy || undefined}
          onClick={() => next !== null && !command.busy && void command.run(commands.nextPhase(agenda))}
        >
          Next phase
        </button>
        <button ref={editButton} type="button" className="button button-secondary" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
          Edit agenda
        </button>
      </div>
      {editing && <AgendaEditor phases={agenda.phases} commands={commands} onDone={closeEditor} />}
      <ErrorAlert message={command.error} />
    </section>
  );
}

function AgendaEditor({ phases, commands, onDone }: { phases: string[]; commands: ClinicalCommands; onDone: () => void }) {
  const id = useId();
  const [text, setText] = useState(() => agendaText(phases));
  const [problem, setProblem] = useState<string | null>(null);
  const command = useCommandState();
  const field = useRef<HTMLTextAreaElement>(null);
  const error = problem ?? command.error;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseAgenda(text);
    if (!parsed.ok) {
      setProblem(parsed.error);
      field.current?.focus();
      return;
    }
    setProblem(null);
    const ack = await command.run(commands.setAgenda(parsed.phases));
    if (ack?.ok) onDone();
    else field.current?.focus();
  };

  return (
    <form className="agenda-editor stack" onSubmit={(e) => void save(e)} noValidate>
      <div className="field">
        <label htmlFor={`${id}-text`}>Phases, one per line</label>
        <textarea
          ref={field}
          id={`${id}-text`}
          className="input textarea"
          rows={Math.min(Math.max(phases.length + 1, 4), MAX_PHASES)}
          value={text}
          autoFocus
          aria-invalid={error !== null || undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
        />
        <span id={`${id}-hint`} className="hint">
          Up to {MAX_PHASES} phases of at most {MAX_PHASE_LENGTH} characters. The group sees the phase it is in.
        </span>
      </div>
      <ErrorAlert id={`${id}-error`} message={error} />
      <div className="button-row">
        <button type="submit" className="button" disabled={command.busy}>
          Save agenda
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

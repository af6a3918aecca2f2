import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Send } from '../net/connection';
import { ErrorAlert } from '../ui/messages';
import {
  DEFAULT_MINUTES,
  DEFAULT_PROMPT,
  fitAssignment,
  initialAssignment,
  manualPreview,
  manualRoomCount,
  MAX_PROMPT,
  MAX_ROOMS,
  randomPreview,
  sizeOf,
  startPayload,
  type Member,
  type SetupForm,
  type SizeKind,
} from './setupModel';
import { usePanelCommands } from './hooks';

type Props = {
  /** Members present in the group now, in roster order. */
  members: Member[];
  send: Send;
  /** The breakouts started (true), or the facilitator cancelled (false). */
  onClose: (started: boolean) => void;
};

const SIZES: { kind: SizeKind; label: string }[] = [
  { kind: 'pairs', label: 'Pairs' },
  { kind: 'threes', label: 'Threes' },
  { kind: 'rooms', label: 'Number of rooms' },
];

/** Staff: how to split the group, the prompt and the time, then Start. Opens with focus on its heading. */
export function BreakoutSetup({ members, send, onClose }: Props) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { run, error, setError, busy } = usePanelCommands(send);
  const [form, setForm] = useState<SetupForm>(() => ({
    sizeKind: 'pairs',
    roomCount: '2',
    manual: false,
    assignment: initialAssignment(members, { kind: 'pairs' }),
    prompt: DEFAULT_PROMPT,
    minutes: String(DEFAULT_MINUTES),
  }));

  useEffect(() => headingRef.current?.focus(), []);

  const size = sizeOf(form);
  const roomCount = manualRoomCount(size, members.length);
  // People who arrive or leave while the form is open: a newcomer starts in the main room.
  const assignment = useMemo(() => fitAssignment(form.assignment, members, roomCount), [form.assignment, members, roomCount]);
  const preview = manualPreview(assignment, members, roomCount);

  const update = (patch: Partial<SetupForm>) => setForm((f) => ({ ...f, ...patch }));
  const chooseSize = (sizeKind: SizeKind, roomCountText = form.roomCount) => {
    const next = sizeOf({ sizeKind, roomCount: roomCountText });
    // Manual rooms follow the size until the facilitator moves someone by hand.
    update({ sizeKind, roomCount: roomCountText, assignment: initialAssignment(members, next) });
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = startPayload({ ...form, assignment }, members);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const ack = await run('breakouts:start', result.payload);
    if (ack.ok) onClose(true);
  }

  return (
    <section className="bo-setup" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="bo-subheading">
        Set up breakouts
      </h3>
      <form onSubmit={(e) => void submit(e)} noValidate className="bo-form">
        <fieldset className="bo-fieldset">
          <legend>Group size</legend>
          <div className="bo-options">
            {SIZES.map((s) => (
              <label key={s.kind} className="bo-option">
                <input type="radio" name={`${id}-size`} checked={form.sizeKind === s.kind} onChange={() => chooseSize(s.kind)} />
                <span>{s.label}</span>
              </label>
            ))}
          </div>
          {form.sizeKind === 'rooms' && (
            <div className="field bo-count">
              <label htmlFor={`${id}-count`}>How many rooms</label>
              <input
                id={`${id}-count`}
                className="input"
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_ROOMS}
                value={form.roomCount}
                onChange={(e) => chooseSize('rooms', e.target.value)}
              />
            </div>
          )}
        </fieldset>

        <fieldset className="bo-fieldset">
          <legend>Assignment</legend>
          <div className="bo-options">
            <label className="bo-option">
              <input type="radio" name={`${id}-assign`} checked={!form.manual} onChange={() => update({ manual: false })} />
              <span>Random</span>
            </label>
            <label className="bo-option">
              <input type="radio" name={`${id}-assign`} checked={form.manual} onChange={() => update({ manual: true })} />
              <span>Manual</span>
            </label>
          </div>
          {!form.manual ? (
            <p className="hint bo-hint">{randomPreview(members.length, size)}</p>
          ) : members.length === 0 ? (
            <p className="hint bo-hint">No members are in the group right now.</p>
          ) : (
            <>
              <ul className="bo-assign">
                {members.map((m) => (
                  <li key={m.id} className="field bo-assign-row">
                    <label htmlFor={`${id}-room-${m.id}`}>Room for {m.name}</label>
                    <select
                      id={`${id}-room-${m.id}`}
                      className="select"
                      value={assignment[m.id] == null ? '' : String(assignment[m.id])}
                      onChange={(e) =>
                        update({ assignment: { ...assignment, [m.id]: e.target.value === '' ? null : Number(e.target.value) } })
                      }
                    >
                      {Array.from({ length: roomCount }, (_, i) => (
                        <option key={i} value={String(i + 1)}>
                          Room {i + 1}
                        </option>
                      ))}
                      <option value="">Main room (no breakout)</option>
                    </select>
                  </li>
                ))}
              </ul>
              {preview.notes.length > 0 && (
                <ul className="hint bo-notes">
                  {preview.notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              )}
            </>
          )}
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-prompt`}>Reflection prompt</label>
          <textarea
            id={`${id}-prompt`}
            className="input bo-textarea"
            rows={3}
            maxLength={MAX_PROMPT}
            value={form.prompt}
            aria-describedby={`${id}-prompt-hint`}
            onChange={(e) => update({ prompt: e.target.value })}
          />
          <span id={`${id}-prompt-hint`} className="hint">
            Each room sees it, with a space for a private or shared reflection.
          </span>
        </div>

        <div className="field bo-minutes">
          <label htmlFor={`${id}-minutes`}>Minutes</label>
          <input
            id={`${id}-minutes`}
            className="input"
            type="number"
            inputMode="numeric"
            min={1}
            max={60}
            value={form.minutes}
            aria-describedby={`${id}-minutes-hint`}
            onChange={(e) => update({ minutes: e.target.value })}
          />
          <span id={`${id}-minutes-hint`} className="hint">
            From 1 to 60. Everyone returns to the main room when the time is up.
          </span>
        </div>

        <ErrorAlert message={error} />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            Start
          </button>
          <button type="button" className="button button-secondary" onClick={() => onClose(false)}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

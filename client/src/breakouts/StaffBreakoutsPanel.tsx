import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SessionView } from '@circle/shared';
import type { Send } from '../net/connection';
import { ErrorAlert } from '../ui/messages';
import { BreakoutSetup } from './BreakoutSetup';
import { BreakoutTimer } from './BreakoutTimer';
import { staffBreakouts, type StaffBreakouts } from './breakoutsModel';
import { usePanelCommands } from './hooks';
import './breakouts.css';

type Props = { view: SessionView; selfId: string; send: Send };

const EXTEND_MINUTES = 5;

/** Staff: the Breakouts region — Start breakouts when none run; every room, the time and the controls while they do. */
export function StaffBreakoutsPanel({ view, selfId, send }: Props) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const model = staffBreakouts(view, selfId);
  const running = view.breakouts;
  // Focus follows the facilitator's own Start to the running rooms (not a colleague's, not a reload).
  const [startedHere, setStartedHere] = useState(false);
  useEffect(() => {
    if (startedHere && running) headingRef.current?.focus();
  }, [startedHere, running]);
  useEffect(() => {
    if (!running) setStartedHere(false);
  }, [running]);
  return (
    <section className={`panel bo-panel${model ? ' is-running' : ''}`} aria-labelledby={id}>
      <h2 className="panel-heading" ref={headingRef} tabIndex={-1}>
        <span id={id}>Breakouts</span>
        {model && <span className="count">{model.rooms.length}</span>}
      </h2>
      {model && running ? (
        <Running model={model} startedAt={running.startedAt} endsAt={running.endsAt} send={send} />
      ) : (
        <Idle view={view} send={send} onStarted={() => setStartedHere(true)} />
      )}
    </section>
  );
}

function Idle({ view, send, onStarted }: { view: SessionView; send: Send; onStarted: () => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (refocus && !open) startRef.current?.focus();
  }, [refocus, open]);
  const members = view.people.filter((p) => p.role === 'member' && p.status === 'admitted' && p.present).map((p) => ({ id: p.id, name: p.name }));
  return (
    <>
      {!open && (
        <>
          <p className="hint bo-hint">Split the group into small rooms for a while, with a prompt to reflect on.</p>
          <button
            ref={startRef}
            type="button"
            className="button button-secondary"
            aria-expanded={false}
            aria-controls={`${id}-setup`}
            onClick={() => {
              setRefocus(false);
              setOpen(true);
            }}
          >
            Start breakouts
          </button>
        </>
      )}
      <div id={`${id}-setup`}>
        {open && (
          <BreakoutSetup
            members={members}
            send={send}
            onClose={(started) => {
              setOpen(false);
              if (started) onStarted();
              else setRefocus(true);
            }}
          />
        )}
      </div>
    </>
  );
}

function Running({ model, startedAt, endsAt, send }: { model: StaffBreakouts; startedAt: number; endsAt: number; send: Send }) {
  const id = useId();
  const { run, error, busy } = usePanelCommands(send);
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [moveTo, setMoveTo] = useState<Record<string, string>>({});

  async function broadcast(event: FormEvent) {
    event.preventDefault();
    const text = message.trim();
    if (text === '') return;
    const ack = await run('breakouts:broadcast', { text });
    if (ack.ok) {
      setMessage('');
      setSent('Sent to every room.');
    }
  }

  return (
    <div className="bo-running">
      <BreakoutTimer startedAt={startedAt} endsAt={endsAt} />
      {model.prompt && <blockquote className="bo-prompt bo-prompt-small">{model.prompt}</blockquote>}

      {model.visiting && (
        <div className="notice notice-calm notice-action">
          <span>You are visiting {model.visiting.name}.</span>
          <button type="button" className="button button-small" onClick={() => void run('breakouts:visit', { roomId: null })}>
            Return to main room
          </button>
        </div>
      )}

      <ul className="bo-rooms" aria-label="Breakout rooms">
        {model.rooms.map((room) => (
          <li key={room.id} className={`bo-room${room.help && !room.help.acknowledged ? ' has-help' : ''}`}>
            <div className="bo-room-head">
              <h3 className="bo-room-name">{room.name}</h3>
              {room.help && !room.help.acknowledged && <span className="badge bo-badge-help">Asked for help</span>}
            </div>
            <p className="bo-room-people">{room.members.length === 0 ? 'No one' : room.members.map((m) => m.name).join(', ')}</p>
            {room.visitors.length > 0 && <p className="hint bo-room-visitors">Visiting: {room.visitors.join(', ')}</p>}
            {room.visitingSelf ? (
              <button type="button" className="button button-secondary button-small" onClick={() => void run('breakouts:visit', { roomId: null })}>
                Return to main room
              </button>
            ) : (
              <button type="button" className="button button-secondary button-small" onClick={() => void run('breakouts:visit', { roomId: room.id })}>
                Visit {room.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      {model.inMainRoom.length > 0 && <p className="hint">In the main room: {model.inMainRoom.map((m) => m.name).join(', ')}</p>}

      <div className="button-row">
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void run('breakouts:extend', { minutes: EXTEND_MINUTES })}>
          Extend {EXTEND_MINUTES} minutes
        </button>
        <button type="button" className="button button-danger-outline" disabled={busy} onClick={() => void run('breakouts:close', {})}>
          Close breakouts
        </button>
      </div>
      <ErrorAlert message={error} />

      <form className="bo-broadcast" onSubmit={(e) => void broadcast(e)}>
        <div className="field">
          <label htmlFor={`${id}-message`}>Message to all rooms</label>
          <textarea
            id={`${id}-message`}
            className="input bo-textarea"
            rows={2}
            maxLength={500}
            value={message}
            onChange={(e) => {
              setMessage(e.target.value);
              setSent(null);
            }}
          />
        </div>
        <div className="button-row">
          <button type="submit" className="button button-secondary" disabled={message.trim() === ''}>
            Send to all rooms
          </button>
          <span role="status" className="hint">
            {sent}
          </span>
        </div>
      </form>

      {model.movable.length > 0 && model.rooms.length > 0 && (
        <details className="bo-move">
          <summary>Move someone to another room</summary>
          <ul className="bo-move-list">
            {model.movable.map((m) => {
              const chosen = moveTo[m.id] ?? m.roomId ?? model.rooms[0]?.id ?? '';
              return (
                <li key={m.id} className="bo-move-row">
                  <label htmlFor={`${id}-move-${m.id}`}>Move {m.name} to</label>
                  <select
                    id={`${id}-move-${m.id}`}
                    className="select"
                    value={chosen}
                    onChange={(e) => setMoveTo((all) => ({ ...all, [m.id]: e.target.value }))}
                  >
                    {model.rooms.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                        {r.id === m.roomId ? ' (now)' : ''}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={busy || chosen === m.roomId}
                    onClick={() => void run('breakouts:move', { personId: m.id, roomId: chosen })}
                  >
                    <span>
                      Move<span className="visually-hidden"> {m.name}</span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </div>
  );
}

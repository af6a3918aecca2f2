import { useId, useState } from 'react';
import type { SelfView, SessionView } from '@circle/shared';
import type { Send } from '../net/connection';
import { ErrorAlert } from '../ui/messages';
import { BreakoutTimer } from './BreakoutTimer';
import { memberBreakout } from './breakoutsModel';
import { ReflectionForm } from './ReflectionForm';
import { usePanelCommands } from './hooks';
import './breakouts.css';

type Props = { view: SessionView; self: SelfView; send: Send };

export const IN_MAIN_ROOM = 'The group is in breakout rooms for a while. You are in the main room.';
export const HELP_SENT = 'The facilitators have been told that your room would like help.';

/** A member in a breakout room: who they are with, the prompt, the time left, staff messages, help, and a reflection. */
export function MemberBreakoutPanel({ view, self, send }: Props) {
  const id = useId();
  const room = memberBreakout(view, self.personId);
  const { run, error, busy } = usePanelCommands(send);
  const [helpAsked, setHelpAsked] = useState<string | null>(null);
  const b = view.breakouts;
  if (!b) return null;
  if (!room) return <p className="notice notice-calm">{IN_MAIN_ROOM}</p>;
  const asked = helpAsked === `${b.startedAt}:${room.roomId}`;

  return (
    <section className="panel bo-member" aria-labelledby={id}>
      <div className="bo-member-main">
        <h2 className="panel-heading bo-member-heading">
          <span id={id}>Breakouts</span> <span className="badge">{room.roomName}</span>
        </h2>
        <p className="bo-together">{room.together}</p>
        <BreakoutTimer startedAt={b.startedAt} endsAt={b.endsAt} />
        {room.prompt && (
          <figure className="bo-prompt-figure">
            <figcaption className="hint">Something to talk about</figcaption>
            <blockquote className="bo-prompt">{room.prompt}</blockquote>
          </figure>
        )}
        {room.broadcasts.length > 0 && (
          <div className="bo-broadcasts">
            <h3 className="bo-subheading">From the facilitator</h3>
            <ul className="bo-broadcast-list" aria-live="polite">
              {room.broadcasts.map((m) => (
                <li key={`${m.at}:${m.text}`}>{m.text}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="bo-help">
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() =>
              void run('breakouts:help', {}).then((ack) => {
                if (ack.ok) setHelpAsked(`${b.startedAt}:${room.roomId}`);
              })
            }
          >
            Ask for help
          </button>
          <span role="status" className="hint">
            {asked ? HELP_SENT : null}
          </span>
        </div>
        <ErrorAlert message={error} />
      </div>
      <div className="bo-member-side">
        {/* A new round starts with a fresh form. */}
        <ReflectionForm key={b.startedAt} saved={self.reflection} send={send} />
      </div>
    </section>
  );
}

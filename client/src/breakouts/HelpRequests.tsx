import { useId } from 'react';
import type { SessionView } from '@circle/shared';
import type { Send } from '../net/connection';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import { timeAgo } from '../support/supportModel';
import { staffBreakouts } from './breakoutsModel';
import { useArrivals, usePanelCommands, useNow } from './hooks';
import './breakouts.css';

type Props = { view: SessionView; selfId: string; send: Send };

/** Staff: breakout rooms that asked for help and are still waiting, shown above everything else. */
export function HelpRequests({ view, selfId, send }: Props) {
  const id = useId();
  const { run, error } = usePanelCommands(send);
  const waiting = (staffBreakouts(view, selfId)?.help ?? []).filter((h) => !h.acknowledged);
  const now = useNow(waiting.length > 0, 30_000);
  const announcement = useArrivals(waiting.map((h) => h.text));
  return (
    <>
      <StatusRegion className="visually-hidden">{announcement}</StatusRegion>
      {waiting.length > 0 && (
        <section className="attention" aria-labelledby={id}>
          <h2 id={id} className="attention-heading">
            Help requested
          </h2>
          <ul className="attention-list">
            {waiting.map((h) => (
              <li key={h.roomId} className="attention-item">
                <span id={`${id}-${h.roomId}`} className="attention-text">
                  {h.text} <span className="attention-when">— {timeAgo(h.at, now)}</span>
                </span>
                <span className="attention-actions">
                  <button type="button" className="button button-small" aria-describedby={`${id}-${h.roomId}`} onClick={() => void run('breakouts:ackHelp', { roomId: h.roomId })}>
                    Acknowledge
                  </button>
                  <button type="button" className="button button-secondary button-small" onClick={() => void run('breakouts:visit', { roomId: h.roomId })}>
                    Visit {h.roomName}
                  </button>
                </span>
              </li>
            ))}
          </ul>
          <ErrorAlert message={error} />
        </section>
      )}
    </>
  );
}

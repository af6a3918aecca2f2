import { useId } from 'react';
import type { SessionView } from '@circle/shared';
import type { Send } from '../net/connection';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import { useArrivals, usePanelCommands, useNow } from '../breakouts/hooks';
import { busySupporting, signalRows } from './supportModel';
import '../breakouts/breakouts.css';
import './support.css';

type Props = { view: SessionView; selfId: string; send: Send };

/**
 * Staff: "I need support" signals, prominently and with their time. Acknowledge tells the member
 * someone saw it; Take NAME to support room opens a 1:1 room with them.
 */
export function SupportSignals({ view, selfId, send }: Props) {
  const id = useId();
  const { run, error, busy } = usePanelCommands(send);
  const now = useNow(view.support.signals.length > 0, 30_000);
  const rows = signalRows(view, now);
  const announcement = useArrivals(rows.map((r) => `${r.name} needs support`));
  const occupied = busySupporting(view, selfId);
  return (
    <>
      <StatusRegion className="visually-hidden">{announcement}</StatusRegion>
      {rows.length > 0 && (
        <section className="attention attention-support" aria-labelledby={id}>
          <h2 id={id} className="attention-heading">
            Support requested
          </h2>
          <ul className="attention-list">
            {rows.map((row) => (
              <li key={row.personId} className="attention-item">
                <span id={`${id}-${row.personId}`} className="attention-text">
                  {row.text}
                  {row.acknowledged && <span className="attention-when"> · acknowledged</span>}
                </span>
                <span className="attention-actions">
                  {!row.acknowledged && (
                    <button
                      type="button"
                      className="button button-small"
                      aria-describedby={`${id}-${row.personId}`}
                      onClick={() => void run('support:acknowledge', { personId: row.personId })}
                    >
                      Acknowledge
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={busy}
                    aria-disabled={occupied || undefined}
                    aria-describedby={occupied ? `${id}-occupied` : undefined}
                    onClick={() => !occupied && void run('support:start', { personId: row.personId })}
                  >
                    Take {row.name} to support room
                  </button>
                </span>
              </li>
            ))}
          </ul>
          {occupied && (
            <p id={`${id}-occupied`} className="hint">
              You are in a support room now; return that member to the group first.
            </p>
          )}
          <ErrorAlert message={error} />
        </section>
      )}
    </>
  );
}

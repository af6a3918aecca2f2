import type { SessionView } from '@circle/shared';
import type { Send } from '../net/connection';
import { AttentionPanel } from '../ui/AttentionPanel';
import { usePanelCommands, useNow } from '../breakouts/hooks';
import { busySupporting, signalRows } from './supportModel';
import './support.css';

type Props = { view: SessionView; selfId: string; send: Send };

/**
 * Staff: "I need support" signals, prominently and with their time. Acknowledge tells the member
 * someone saw it; Take NAME to support room opens a 1:1 room with them.
 */
export function SupportSignals({ view, selfId, send }: Props) {
  const { run, error, busy } = usePanelCommands(send);
  const now = useNow(view.support.signals.length > 0, 30_000);
  const rows = signalRows(view, now);
  const occupied = busySupporting(view, selfId);
  return (
    <AttentionPanel
      heading="Support requested"
      arrivals={rows.map((r) => `${r.name} needs support`)}
      error={error}
      items={rows.map((row) => ({
        key: row.personId,
        text: (
          <>
            {row.text}
            {row.acknowledged && <span className="attention-when"> · acknowledged</span>}
          </>
        ),
        actions: (ids) => (
          <>
            {!row.acknowledged && (
              <button type="button" className="button button-small" aria-describedby={ids.text} onClick={() => void run('support:acknowledge', { personId: row.personId })}>
                Acknowledge
              </button>
            )}
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={busy}
              aria-disabled={occupied || undefined}
              aria-describedby={occupied ? `${ids.panel}-occupied` : undefined}
              onClick={() => !occupied && void run('support:start', { personId: row.personId })}
            >
              Take {row.name} to support room
            </button>
          </>
        ),
      }))}
      footer={(panelId) =>
        occupied && (
          <p id={`${panelId}-occupied`} className="hint">
            You are in a support room now; return that member to the group first.
          </p>
        )
      }
    />
  );
}

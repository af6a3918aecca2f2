import { useId } from 'react';
import { notYetShared, type ShareRow } from './queueModel';

/** Staff only: who has not had a turn yet, and everyone's turns so far. */
export function SharesPanel({ rows }: { rows: ShareRow[] }) {
  const id = useId();
  const waiting = notYetShared(rows);
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Not yet shared</span> <span className="count">{waiting.length}</span>
      </h2>
      {rows.length === 0 ? (
        <p className="muted panel-empty">No members are in the group yet.</p>
      ) : waiting.length === 0 ? (
        <p className="muted panel-empty">Every member has had a turn.</p>
      ) : (
        <ul className="shares-waiting" aria-labelledby={id}>
          {waiting.map((row) => (
            <li key={row.personId}>{row.name}</li>
          ))}
        </ul>
      )}
      {rows.length > 0 && (
        <>
          <h3 className="shares-heading" id={`${id}-counts`}>
            Turns so far
          </h3>
          <ul className="shares-counts" aria-labelledby={`${id}-counts`}>
            {rows.map((row) => (
              <li key={row.personId}>
                <span className="person-name">{row.name}</span> <span className="muted">{row.count}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

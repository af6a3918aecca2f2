import { useId } from 'react';
import type { ParticipantRow } from './roomModel';
import { SpeakingBadge } from './VideoGrid';

type Props = {
  rows: ParticipantRow[];
  busy: boolean;
  /** Staff: Mute everyone under the list. */
  staff: boolean;
  onSendToWaiting: (personId: string) => void;
  onRemove: (personId: string, name: string) => void;
  onMute: (personId: string, name: string) => void;
  onMuteAll: () => void;
  onHandFor: (personId: string, raise: boolean) => void;
};

/** Who is in the group; staff also get the actions for each member and observer. */
export function ParticipantsPanel({ rows, busy, staff, onSendToWaiting, onRemove, onMute, onMuteAll, onHandFor }: Props) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Participants</span> <span className="count">{rows.length}</span>
      </h2>
      <ul className="people" aria-labelledby={id}>
        {rows.map((row) => (
          <li key={row.personId} className="person">
            <div className="person-info">
              <span className="person-name">
                {row.name}
                {row.isSelf && <span className="muted"> (you)</span>}
              </span>
              {row.roleLabel && <span className="badge">{row.roleLabel}</span>}
              {row.speaking && <SpeakingBadge />}
              {row.detail && <span className="person-detail">{row.detail}</span>}
            </div>
            {(row.manageable || row.mutable || row.handFor) && (
              <div className="person-actions">
                {row.handFor && (
                  <button type="button" className="button button-secondary button-small" onClick={() => onHandFor(row.personId, row.handFor === 'raise')}>
                    <span>
                      {row.handFor === 'raise' ? 'Raise hand' : 'Lower hand'}
                      <span className="visually-hidden"> for {row.name}</span>
                    </span>
                  </button>
                )}
                {row.mutable && (
                  <button type="button" className="button button-secondary button-small" onClick={() => onMute(row.personId, row.name)}>
                    <span>
                      Mute<span className="visually-hidden"> {row.name}</span>
                    </span>
                  </button>
                )}
                {row.manageable && (
                  <>
                    <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => onSendToWaiting(row.personId)}>
                      <span>
                        Send<span className="visually-hidden"> {row.name}</span> to waiting room
                      </span>
                    </button>
                    <button type="button" className="button button-danger-outline button-small" disabled={busy} onClick={() => onRemove(row.personId, row.name)}>
                      <span>
                        Remove<span className="visually-hidden"> {row.name}</span>
                      </span>
                    </button>
                  </>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {staff && (
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={onMuteAll}>
            Mute everyone
          </button>
        </div>
      )}
    </section>
  );
}

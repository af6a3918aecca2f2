import { useEffect, useId, useRef, useState } from 'react';
import type { PersonView } from '@circle/shared';
import { StatusRegion } from '../ui/messages';
import { arrivals, waitingSummary } from './roomModel';

type Props = {
  waiting: PersonView[];
  /** The session's media is end-to-end encrypted: staff are told whose browser cannot take part. */
  encrypted?: boolean;
  busy: boolean;
  onAdmit: (personId: string) => void;
  onAdmitAll: () => void;
};

/** Staff only: the people waiting to be let in. New arrivals are announced politely. */
export function WaitingRoomPanel({ waiting, encrypted = false, busy, onAdmit, onAdmitAll }: Props) {
  const id = useId();
  const seen = useRef<PersonView[]>(waiting);
  const [announcement, setAnnouncement] = useState<string | null>(null);

  useEffect(() => {
    const arrived = arrivals(seen.current, waiting);
    seen.current = waiting;
    if (arrived.length > 0) setAnnouncement(`${arrived.join(', ')} ${arrived.length === 1 ? 'is' : 'are'} waiting to be let in.`);
  }, [waiting]);

  return (
    <section className={`panel panel-waiting${waiting.length > 0 ? ' has-waiting' : ''}`} aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Waiting room</span> <span className="count">{waiting.length}</span>
      </h2>
      {waiting.length === 0 ? (
        <p className="muted panel-empty">{waitingSummary(0)}</p>
      ) : (
        <>
          <ul className="people" aria-labelledby={id}>
            {waiting.map((person) => (
              <li key={person.id} className="person">
                <div className="person-info">
                  <span className="person-name">{person.name}</span>
                  {person.role === 'observer' && <span className="badge">Observer</span>}
                  {encrypted && person.e2eeSupported === false && (
                    <span className="person-note">Their browser can’t do encrypted video: if admitted, they join without video.</span>
                  )}
                </div>
                <div className="person-actions">
                  <button type="button" className="button button-small" disabled={busy} onClick={() => onAdmit(person.id)}>
                    <span>
                      Admit<span className="visually-hidden"> {person.name}</span>
                    </span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
          <div className="button-row">
            <button type="button" className="button button-secondary" disabled={busy} onClick={onAdmitAll}>
              Admit all
            </button>
          </div>
        </>
      )}
      <StatusRegion className="visually-hidden">{announcement}</StatusRegion>
    </section>
  );
}

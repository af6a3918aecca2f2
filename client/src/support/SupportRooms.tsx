import { useId } from 'react';
import { isStaff, type SelfView, type SessionView } from '@circle/shared';
import type { Send } from '../net/connection';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import { usePanelCommands } from '../breakouts/hooks';
import { otherSupportRooms, ownSupportRoom } from './supportModel';
import './support.css';

type Props = { view: SessionView; self: SelfView; send: Send };

/**
 * The 1:1 support room as each person sees it: the two in it see who they are with (and staff
 * can bring the member back); everyone else sees only that someone stepped out for a moment.
 */
export function SupportRooms({ view, self, send }: Props) {
  const id = useId();
  const { run, error, busy } = usePanelCommands(send);
  const own = ownSupportRoom(view, self.personId);
  const others = otherSupportRooms(view, self.personId, self.role);
  const staff = isStaff(self.role);
  const back = (personId: string) => void run('support:end', { personId });

  return (
    <>
      {own && (
        <section className="panel support-room" aria-labelledby={id}>
          <h2 id={id} className="support-room-title">
            {own.title}
          </h2>
          <p className="support-room-text">
            {own.returnable
              ? `Only the two of you are in this room. ${own.returnable.name} returns to the group when you choose.`
              : 'Only the two of you are in this room. Take the time you need; you will return to the group afterwards.'}
          </p>
          {own.returnable && (
            <button type="button" className="button" disabled={busy} onClick={() => own.returnable && back(own.returnable.personId)}>
              Return {own.returnable.name} to the group
            </button>
          )}
        </section>
      )}
      {staff ? (
        others.length > 0 && (
          <ul className="support-others">
            {others.map((o) => (
              <li key={o.memberId} className="notice notice-calm notice-action">
                <span>{o.text}</span>
                {o.returnable && (
                  <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => o.returnable && back(o.returnable.personId)}>
                    Return {o.returnable.name} to the group
                  </button>
                )}
              </li>
            ))}
          </ul>
        )
      ) : (
        <StatusRegion className="notice notice-calm support-stepped-out">
          {others.length > 0 ? others.map((o) => <span key={o.memberId}>{o.text}</span>) : null}
        </StatusRegion>
      )}
      <ErrorAlert message={error} />
    </>
  );
}

import { useEffect, useState } from 'react';
import type { SelfView, SessionView } from '@circle/shared';
import type { Send } from '../net/connection';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import { usePanelCommands } from '../breakouts/hooks';
import { memberSupportStatus } from './supportModel';
import './support.css';

type Props = { view: SessionView; self: SelfView; send: Send };

/**
 * Members: I need support, always at hand in the group and in breakouts. Only staff learn of
 * it; the member is told it arrived, and again once a facilitator has seen it.
 */
export function NeedSupportButton({ view, self, send }: Props) {
  const { run, error, busy } = usePanelCommands(send);
  const [sentHere, setSentHere] = useState(false);
  const inSupportRoom = view.support.rooms.some((r) => r.memberId === self.personId);
  // Once a support room has come and gone, the request is done with.
  useEffect(() => {
    if (inSupportRoom) setSentHere(false);
  }, [inSupportRoom]);
  const status = memberSupportStatus(self.support, sentHere);
  // With a facilitator already: the support room itself says so.
  if (inSupportRoom) return null;
  return (
    <div className="support-ask">
      <button
        type="button"
        className="button button-secondary button-small support-button"
        disabled={busy}
        onClick={() => void run('support:signal', {}).then((ack) => ack.ok && setSentHere(true))}
      >
        I need support
      </button>
      <StatusRegion className="support-status">{status}</StatusRegion>
      <ErrorAlert message={error} />
    </div>
  );
}

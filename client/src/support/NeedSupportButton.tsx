import type { SelfView } from '@circle/shared';
import type { Send } from '../net/connection';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import { usePanelCommands } from '../breakouts/hooks';
import { memberSupportStatus } from './supportModel';
import './support.css';

type Props = { self: SelfView; send: Send };

/**
 * Members: I need support, always at hand. Only staff learn of it; the member is told it
 * arrived, and again once a facilitator has seen it.
 */
export function NeedSupportButton({ self, send }: Props) {
  const { run, error, busy } = usePanelCommands(send);
  const status = memberSupportStatus(self.support);
  return (
    <div className="support-ask">
      <button type="button" className="button button-secondary button-small support-button" disabled={busy} onClick={() => void run('support:signal', {})}>
        I need support
      </button>
      <StatusRegion className="support-status">{status}</StatusRegion>
      <ErrorAlert message={error} />
    </div>
  );
}

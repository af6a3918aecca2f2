import type { SessionView } from '@circle/shared';
import type { Send } from '../net/connection';
import { AttentionPanel } from '../ui/AttentionPanel';
import { timeAgo } from '../support/supportModel';
import { staffBreakouts } from './breakoutsModel';
import { usePanelCommands, useNow } from './hooks';

type Props = { view: SessionView; selfId: string; send: Send };

/** Staff: breakout rooms that asked for help and are still waiting, shown above everything else. */
export function HelpRequests({ view, selfId, send }: Props) {
  const { run, error } = usePanelCommands(send);
  const waiting = (staffBreakouts(view, selfId)?.help ?? []).filter((h) => !h.acknowledged);
  const now = useNow(waiting.length > 0, 30_000);
  return (
    <AttentionPanel
      heading="Help requested"
      arrivals={waiting.map((h) => h.text)}
      error={error}
      items={waiting.map((h) => ({
        key: h.roomId,
        text: (
          <>
            {h.text} <span className="attention-when">— {timeAgo(h.at, now)}</span>
          </>
        ),
        actions: (ids) => (
          <>
            <button type="button" className="button button-small" aria-describedby={ids.text} onClick={() => void run('breakouts:ackHelp', { roomId: h.roomId })}>
              Acknowledge
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => void run('breakouts:visit', { roomId: h.roomId })}>
              Visit {h.roomName}
            </button>
          </>
        ),
      }))}
    />
  );
}

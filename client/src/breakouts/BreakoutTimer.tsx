import { StatusRegion } from '../ui/messages';
import { breakoutClock, clockAnnouncement } from './countdown';
import { useNow } from './hooks';

type Props = { startedAt: number; endsAt: number; clock?: () => number };

/**
 * The time left, ticking once a second. The timer itself is not announced each second; the
 * last minute and the end are, once each, in a polite live region.
 */
export function BreakoutTimer({ startedAt, endsAt, clock }: Props) {
  const now = useNow(true, 1_000, clock);
  const state = breakoutClock({ startedAt, endsAt }, now);
  return (
    <div className="bo-time">
      <p role="timer" aria-label="Time left" className={`bo-clock${state.lastMinute ? ' is-last-minute' : ''}`}>
        {state.label}
      </p>
      <StatusRegion className="notice bo-warning">{clockAnnouncement(state)}</StatusRegion>
    </div>
  );
}

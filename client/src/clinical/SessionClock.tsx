import type { ClinicalView } from '@circle/shared';
import { StatusRegion } from '../ui/messages';
import { clockText, phaseText } from './clock';
import { useNow } from './hooks';
import './clinical.css';

/** For everyone in the room: how long the group has been meeting, of how long, and the phase it is in. */
export function SessionClock({ clinical }: { clinical: ClinicalView }) {
  const running = clinical.clock.startedAt !== null && clinical.clock.endedAt === null;
  const now = useNow(running);
  return (
    <div className="session-clock">
      <p className="session-clock-time">
        <span className="visually-hidden">Session time: </span>
        {clockText(clinical.clock, now)}
      </p>
      {/* A new phase is announced; the minutes ticking by are not. */}
      <StatusRegion className="session-clock-phase">{phaseText(clinical.agenda)}</StatusRegion>
    </div>
  );
}

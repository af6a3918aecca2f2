import { useEffect, useRef, useState } from 'react';
import { sameTurn, TIME_UP_HOLD_MS, timeUpTurn, type EndedTurn, type Turn } from './queueModel';

const TICK_MS = 1_000;

/**
 * The clock of the current turn: the time now, ticking once a second only while a timed turn
 * runs or "Time is up" is showing, and the turn whose time is up (see `timeUpTurn`).
 */
export function useTurnClock(current: Turn | null, clock: () => number = Date.now): { now: number; timeUp: Turn | null } {
  const [now, setNow] = useState(clock);
  const [ended, setEnded] = useState<EndedTurn | null>(null);
  const last = useRef(current);

  useEffect(() => {
    const previous = last.current;
    last.current = current;
    if (previous && !sameTurn(previous, current)) setEnded({ turn: previous, endedAt: clock() });
  }, [current, clock]);

  const ticking = current?.endsAt != null || (ended !== null && now < ended.endedAt + TIME_UP_HOLD_MS);
  useEffect(() => {
    if (!ticking) return;
    setNow(clock());
    const timer = setInterval(() => setNow(clock()), TICK_MS);
    return () => clearInterval(timer);
  }, [ticking, clock]);

  return { now, timeUp: timeUpTurn(current, ended, now) };
}

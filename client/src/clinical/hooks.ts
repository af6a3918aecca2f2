import { useCallback, useEffect, useState } from 'react';
import type { Ack } from '@circle/shared';

/** The time now, refreshed every `everyMs` while `ticking` (a minute clock needs no more). */
export function useNow(ticking: boolean, everyMs = 10_000, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!ticking) return;
    setNow(clock());
    const timer = setInterval(() => setNow(clock()), everyMs);
    return () => clearInterval(timer);
  }, [ticking, everyMs, clock]);
  return now;
}

/**
 * One panel's commands: whether one is on its way, and the words of the last refusal (cleared
 * by the next success). Each panel shows its own error beside its own controls.
 */
export function useCommandState() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  const run = useCallback(async <A extends Ack>(sent: Promise<A> | null): Promise<A | null> => {
    if (sent === null) return null;
    setPending((n) => n + 1);
    try {
      const ack = await sent;
      setError(ack.ok ? null : ack.error.message);
      return ack;
    } finally {
      setPending((n) => n - 1);
    }
  }, []);
  return { error, setError, busy: pending > 0, run };
}

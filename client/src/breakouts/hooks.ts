import { useEffect, useMemo, useState } from 'react';
import type { Send } from '../net/connection';
import { commandRunner } from '../room/commandRunner';

/**
 * One panel's commands: sent through the room's runner (a second press while one is on its
 * way is not sent twice), with the panel's own error and busy state, so a refusal shows where
 * the person acted.
 */
export function usePanelCommands(send: Send) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const run = useMemo(() => commandRunner(send, { error: setError, notice: setNotice, busy: setBusy }), [send]);
  return { run, error, setError, busy, notice };
}

/** The time now, ticking every `everyMs` while `active`; injectable for tests and screenshots. */
export function useNow(active: boolean, everyMs = 1_000, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!active) return;
    setNow(clock());
    const timer = setInterval(() => setNow(clock()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, clock]);
  return now;
}


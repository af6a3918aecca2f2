import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Send } from '../net/connection';
import { turnCommands } from '../queue/turnCommands';
import { commandRunner } from './commandRunner';

export type { Send };

export type PendingRemoval = { personId: string; name: string };

/** How long a calm word about an action (e.g. "Everyone is muted") stays. */
const NOTICE_MS = 8_000;

/** The room's actions: each sends one command through the runner, which shows what went wrong. */
export function useRoomActions(send: Send) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pendingRemoval, setPendingRemoval] = useState<PendingRemoval | null>(null);
  const [busy, setBusy] = useState(false);
  const noticeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => () => clearTimeout(noticeTimer.current), []);

  const say = useCallback((message: string | null) => {
    clearTimeout(noticeTimer.current);
    setNotice(message);
    if (message !== null) noticeTimer.current = setTimeout(() => setNotice(null), NOTICE_MS);
  }, []);

  const run = useMemo(() => commandRunner(send, { error: setError, notice: say, busy: setBusy }), [send, say]);

  const turns = useMemo(() => turnCommands(run), [run]);

  return {
    error,
    notice,
    busy,
    pendingRemoval,
    turns,
    admit: (personId: string) => void run('person:admit', { personId }),
    admitAll: () => void run('person:admitAll', {}),
    sendToWaiting: (personId: string) => void run('person:sendToWaiting', { personId }),
    askRemove: (personId: string, name: string) => setPendingRemoval({ personId, name }),
    cancelRemove: () => setPendingRemoval(null),
    confirmRemove: async () => {
      if (!pendingRemoval) return;
      await run('person:remove', { personId: pendingRemoval.personId });
      setPendingRemoval(null);
    },
    mute: async (personId: string, name: string) => {
      const ack = await turns.mute(personId);
      if (ack.ok) say(`${name}’s microphone is muted. They can unmute when they are ready.`);
    },
    muteAll: async () => {
      const ack = await turns.muteAll();
      if (ack.ok) say(ack.muted === 0 ? 'No member has a microphone connected.' : 'Every member’s microphone is muted. Each can unmute when they are ready.');
    },
  };
}

export type RoomActions = ReturnType<typeof useRoomActions>;

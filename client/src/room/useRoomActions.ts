import { useCallback, useState } from 'react';
import type { Ack, CommandName, CommandPayload, CommandResult } from '@circle/shared';

export type Send = <K extends CommandName>(command: K, payload: CommandPayload<K>) => Promise<Ack<CommandResult<K>>>;

export type PendingRemoval = { personId: string; name: string };

/** The room's staff actions: each sends one command and shows a refusal in words. */
export function useRoomActions(send: Send) {
  const [error, setError] = useState<string | null>(null);
  const [pendingRemoval, setPendingRemoval] = useState<PendingRemoval | null>(null);
  const [busy, setBusy] = useState(false);

  const run = useCallback(
    async <K extends CommandName>(command: K, payload: CommandPayload<K>): Promise<boolean> => {
      setBusy(true);
      const ack = await send(command, payload);
      setBusy(false);
      setError(ack.ok ? null : ack.error.message);
      return ack.ok;
    },
    [send],
  );

  return {
    error,
    busy,
    pendingRemoval,
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
  };
}

import { ErrorCode, type CommandName } from '@circle/shared';
import type { Send } from '../net/connection';
import { STALE_QUEUE } from '../queue/words';

/** What a runner tells the screen. */
export type RunnerOutput = {
  /** A refusal to show as an error, or null once a command went through. */
  error(message: string | null): void;
  /** A calm word, e.g. that the speaking queue changed a moment ago. */
  notice(message: string): void;
  /** Whether some command is still on its way. */
  busy(busy: boolean): void;
};

/** A second press of a button whose command is still on its way: not sent again, and not an error. */
export const ALREADY_SENT = { ok: false, error: { code: ErrorCode.conflict, message: '' } } as const;

/**
 * Sends the room's commands. A refusal is shown in words; a stale speaking queue (someone
 * else changed it a moment before) is said gently instead, since the server sends the fresh
 * view right after and pressing again is all it takes. A command already on its way is not
 * sent twice, so a double click on Next speaker moves the queue once.
 */
export function commandRunner(send: Send, out: RunnerOutput): Send {
  const inFlight = new Set<CommandName>();
  const run = async (command: CommandName, payload: never) => {
    if (inFlight.has(command)) return ALREADY_SENT;
    inFlight.add(command);
    out.busy(true);
    try {
      const ack = await send(command, payload);
      if (ack.ok) {
        out.error(null);
      } else if (ack.error.code === ErrorCode.staleVersion) {
        out.error(null);
        out.notice(STALE_QUEUE);
      } else {
        out.error(ack.error.message);
      }
      return ack;
    } finally {
      inFlight.delete(command);
      out.busy(inFlight.size > 0);
    }
  };
  return run as Send;
}

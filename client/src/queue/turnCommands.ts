import { exhaustiveSwitchError, type TurnsView } from '@circle/shared';
import type { Send } from '../net/connection';
import { TurnButton } from './turnControls';

/**
 * What pressing a turn-taking control sends. Staff commands on the queue carry the
 * `queueVersion` of the view on screen, so two staff pressing at once move the queue once
 * (the later press is refused as stale and the fresh view follows).
 */
export function turnCommands(send: Send) {
  return {
    turnButton(button: TurnButton) {
      switch (button) {
        case TurnButton.raise:
          return send('hand:raise', {});
        case TurnButton.lower:
          return send('hand:lower', {});
        case TurnButton.pass:
          return send('turn:pass', {});
        default:
          return exhaustiveSwitchError(button);
      }
    },
    /** For someone without a device of their own (an in-room member). */
    raiseHandFor: (personId: string) => send('hand:raise', { personId }),
    lowerHandFor: (personId: string) => send('hand:lower', { personId }),
    /** One place towards the front (`-1`) or the back (`+1`); null when already there. */
    move(turns: TurnsView, personId: string, by: -1 | 1) {
      const from = turns.queue.findIndex((e) => e.personId === personId);
      const toIndex = from + by;
      if (from < 0 || toIndex < 0 || toIndex >= turns.queue.length) return null;
      return send('queue:move', { personId, toIndex, queueVersion: turns.queueVersion });
    },
    remove: (turns: TurnsView, personId: string) => send('queue:remove', { personId, queueVersion: turns.queueVersion }),
    next: (turns: TurnsView) => send('queue:next', { queueVersion: turns.queueVersion }),
    endTurn: (turns: TurnsView) => send('turn:end', { queueVersion: turns.queueVersion }),
    /** The turn length in seconds (null: none); keeps the other setting as the view shows it. */
    setTurnLength: (turns: TurnsView, seconds: number | null) => send('timer:set', { seconds, autoEnd: turns.autoEnd }),
    setAutoEnd: (turns: TurnsView, autoEnd: boolean) => send('timer:set', { seconds: turns.turnSeconds, autoEnd }),
    /** In roster order: the server fills the round with everyone present. */
    startGoRound: () => send('goRound:start', {}),
    endGoRound: () => send('goRound:end', {}),
    setTalkingPiece: (on: boolean) => send('talkingPiece:set', { on }),
    mute: (personId: string) => send('mic:mute', { personId }),
    muteAll: () => send('mic:muteAll', {}),
  };
}

export type TurnCommands = ReturnType<typeof turnCommands>;

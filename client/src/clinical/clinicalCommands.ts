import type { FeelingRound } from '@circle/shared';
import type { Send } from '../net/connection';
import { nextPhaseIndex, type Agenda } from './clock';

/** What pressing a clinical control sends: one command each, named for what the person means. */
export function clinicalCommands(send: Send) {
  return {
    /** Someone sitting with the facilitator in the physical room. */
    addInRoom: (name: string) => send('roster:addInRoom', { name: name.trim() }),
    setAgenda: (phases: string[]) => send('agenda:set', { phases }),
    goToPhase: (index: number) => send('agenda:goTo', { index }),
    /** Null at the last phase: there is nothing to send. */
    nextPhase(agenda: Agenda) {
      const index = nextPhaseIndex(agenda);
      return index === null ? null : send('agenda:goTo', { index });
    },
    openFeelings: (round: FeelingRound) => send('feelings:open', { round }),
    closeFeelings: () => send('feelings:close', {}),
    /** A member's own answer. */
    answer: (score: number) => send('feelings:answer', { score }),
    /** Staff answering for an in-room member. */
    answerFor: (personId: string, score: number) => send('feelings:answer', { score, personId }),
    addNote: (text: string) => send('note:add', { text: text.trim() }),
    endSession: () => send('session:end', {}),
    exportAttendance: () => send('attendance:export', {}),
  };
}

export type ClinicalCommands = ReturnType<typeof clinicalCommands>;

import { ErrorCode, isStaff, type FeelingRound } from '@circle/shared';
import { accept, refuse, type Decision } from './decision.js';
import type { Person, SessionState } from './state.js';

export function openFeelings(state: SessionState, round: FeelingRound): Decision {
  if (state.feelings.open === round) return accept(state);
  return accept({ ...state, feelings: { ...state.feelings, open: round } });
}

export function closeFeelings(state: SessionState): Decision {
  if (state.feelings.open === null) return accept(state);
  return accept({ ...state, feelings: { ...state.feelings, open: null } });
}

/** A member answers for themselves; staff answer for someone in the physical room. Answers stay private to staff. */
export function answerFeeling(state: SessionState, me: Person, score: number, personId: string | undefined): Decision {
  const round = state.feelings.open;
  if (!round) return refuse(ErrorCode.conflict, 'The feelings check is not open right now');
  const target = personId ? state.people[personId] : me;
  if (personId && personId !== me.id) {
    if (!isStaff(me.role)) return refuse(ErrorCode.forbidden, 'You can only answer for yourself');
    if (target?.attendance !== 'inRoom') return refuse(ErrorCode.forbidden, 'Staff can answer only for someone in the room');
  }
  if (!target || target.role !== 'member' || target.status !== 'admitted') {
    return refuse(ErrorCode.forbidden, 'Only members in the group answer the feelings check');
  }
  if (state.feelings[round][target.id] === score) return accept(state);
  return accept({ ...state, feelings: { ...state.feelings, [round]: { ...state.feelings[round], [target.id]: score } } });
}

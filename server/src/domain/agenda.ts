import { ErrorCode } from '@circle/shared';
import { accept, refuse, type Decision } from './decision.js';
import type { SessionState } from './state.js';

export function setAgenda(state: SessionState, phases: string[]): Decision {
  const current = Math.min(state.agenda.current, phases.length - 1);
  return accept({ ...state, agenda: { phases, current } });
}

export function goToPhase(state: SessionState, index: number): Decision {
  if (index >= state.agenda.phases.length) return refuse(ErrorCode.invalidCommand, 'The agenda has no such phase');
  if (index === state.agenda.current) return accept(state);
  return accept({ ...state, agenda: { ...state.agenda, current: index } });
}

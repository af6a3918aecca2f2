import type { Role } from '@circle/shared';
import { accept, type Decision } from './decision.js';
import type { SessionState } from './state.js';

/** Locks or unlocks the session's door: while locked, no new person joins by a role link. */
export function setLocked(state: SessionState, locked: boolean): Decision {
  return state.locked === locked ? accept(state) : accept({ ...state, locked });
}

/**
 * Revokes every link of the role issued so far (anyone could have forwarded it); the service
 * signs the new one. Personal links are not generation-checked, so people already in stay in.
 */
export function reissueLink(state: SessionState, role: Extract<Role, 'member' | 'observer'>): Decision {
  const linkGeneration = { ...state.linkGeneration, [role]: state.linkGeneration[role] + 1 };
  return accept({ ...state, linkGeneration });
}

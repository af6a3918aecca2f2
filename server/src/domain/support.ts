import { ErrorCode } from '@circle/shared';
import type { Context } from './commands.js';
import { accept, refuse, type Decision } from './decision.js';
import type { Person, SessionState } from './state.js';

/** "I need support": private to staff; a second press while one is open changes nothing. */
export function signalSupport(state: SessionState, me: Person, ctx: Context): Decision {
  if (me.role !== 'member') return refuse(ErrorCode.forbidden, 'Only members send the support signal');
  const open = state.support.signals[me.id];
  if (open && !open.acknowledged) return accept(state);
  return accept({ ...state, support: { ...state.support, signals: { ...state.support.signals, [me.id]: { at: ctx.now, acknowledged: false } } } });
}

export function acknowledgeSupport(state: SessionState, personId: string): Decision {
  const signal = state.support.signals[personId];
  if (!signal) return refuse(ErrorCode.notFound, 'That person has not asked for support');
  if (signal.acknowledged) return accept(state);
  return accept({ ...state, support: { ...state.support, signals: { ...state.support.signals, [personId]: { ...signal, acknowledged: true } } } });
}

/** A staff member takes a member into a 1:1 room; the rest of the group sees only that they stepped out. */
export function startSupport(state: SessionState, me: Person, personId: string, ctx: Context): Decision {
  const member = state.people[personId];
  if (!member || member.role !== 'member' || member.status !== 'admitted' || member.attendance === 'inRoom') {
    return refuse(ErrorCode.notPresent, 'That member is not online in the group');
  }
  if (state.support.rooms[personId]) return refuse(ErrorCode.conflict, `${member.name} is already in a support room`);
  if (Object.values(state.support.rooms).some((r) => r.staffId === me.id)) {
    return refuse(ErrorCode.conflict, 'You are already in a support room; return that member first');
  }
  const signals = { ...state.support.signals };
  const signal = signals[personId];
  if (signal) signals[personId] = { ...signal, acknowledged: true };
  return accept({ ...state, support: { signals, rooms: { ...state.support.rooms, [personId]: { staffId: me.id, startedAt: ctx.now } } } });
}

/** Back to the group with one action; the signal is done with. */
export function endSupport(state: SessionState, personId: string): Decision {
  if (!state.support.rooms[personId]) return refuse(ErrorCode.notFound, 'That member is not in a support room');
  const rooms = { ...state.support.rooms };
  delete rooms[personId];
  const signals = { ...state.support.signals };
  delete signals[personId];
  return accept({ ...state, support: { signals, rooms } });
}

import { ErrorCode, exhaustiveSwitchError, isStaff } from '@circle/shared';
import type { Actor, Context, DomainCommand, SystemCommand, WireCommand } from './commands.js';
import { accept, refuse, type Decision } from './decision.js';
import type { SessionState } from './state.js';
import { retentionDeadline } from './retention.js';
import { join, leave, deviceDisconnected } from './roster.js';
import { admit, admitAll, sendToWaiting, remove } from './admission.js';

export type { Decision } from './decision.js';

/**
 * The session model: `(state, command, actor) → {state, effects}`. No I/O; time and ids
 * come from `ctx`. A refused command leaves the state exactly as it was.
 */
export function decide(state: SessionState, command: DomainCommand, actor: Actor | 'system', ctx: Context): Decision {
  const outcome = actor === 'system' ? decideSystem(state, command as SystemCommand, ctx) : decideWire(state, command as WireCommand, actor, ctx);
  if (!outcome.ok || outcome.state === state) return outcome;
  const next = { ...outcome.state, version: state.version + 1, lastActivityAt: ctx.now };
  return { ...outcome, state: { ...next, retainUntil: retentionDeadline(next) } };
}

function decideSystem(state: SessionState, command: SystemCommand, ctx: Context): Decision {
  switch (command.type) {
    case 'device:disconnected':
      return deviceDisconnected(state, command.personId, command.deviceId, command.connectionId, ctx);
    default:
      return exhaustiveSwitchError(command.type);
  }
}

function decideWire(state: SessionState, command: WireCommand, actor: Actor, ctx: Context): Decision {
  if (state.status === 'ended') return refuse(ErrorCode.sessionEnded, 'This session has ended');
  if (command.type === 'session:join') return join(state, command, actor, ctx);

  const me = actor.personId ? state.people[actor.personId] : undefined;
  if (!me || !me.devices[actor.deviceId]) return refuse(ErrorCode.forbidden, 'Join the session first');
  if (me.status === 'removed') return refuse(ErrorCode.removed, 'You were removed from this session');

  switch (command.type) {
    case 'session:leave':
      return leave(state, me.id, actor.deviceId, ctx);
    case 'session:sync':
      return accept(state);
    case 'media:renew':
      return me.status === 'admitted' ? accept(state) : refuse(ErrorCode.forbidden, 'You have not been admitted yet');
    case 'person:admit':
    case 'person:admitAll':
    case 'person:sendToWaiting':
    case 'person:remove': {
      if (!isStaff(me.role)) return refuse(ErrorCode.forbidden, 'Only the facilitator or co-therapist can do that');
      if (command.type === 'person:admitAll') return admitAll(state, ctx);
      if (command.type === 'person:admit') return admit(state, command.personId, ctx);
      if (command.type === 'person:sendToWaiting') return sendToWaiting(state, command.personId);
      return remove(state, command.personId, ctx);
    }
    default:
      return exhaustiveSwitchError(command);
  }
}

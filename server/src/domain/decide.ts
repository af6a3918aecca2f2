import { ErrorCode, exhaustiveSwitchError, isStaff } from '@circle/shared';
import type { Actor, Context, DomainCommand, SystemCommand, WireCommand } from './commands.js';
import { accept, refuse, type Decision } from './decision.js';
import type { Person, SessionState } from './state.js';
import { retentionDeadline } from './retention.js';
import { join, leave, deviceDisconnected } from './roster.js';
import { admit, admitAll, sendToWaiting, remove } from './admission.js';
import { mediaRoomEffects, microphoneEffects } from './microphones.js';
import * as breakouts from './breakouts.js';
import * as support from './support.js';
import { withoutAbsentees } from './absentees.js';
import { muteAll, muteOne } from './muting.js';
import * as turns from './turns.js';
import { reissueLink, setLocked } from './access.js';
import { rotateMediaKey } from './media-keys.js';
import { addInRoom } from './in-room.js';
import { goToPhase, setAgenda } from './agenda.js';
import { answerFeeling, closeFeelings, openFeelings } from './feelings.js';
import { addNote } from './notes.js';
import { endSession } from './ending.js';

export type { Decision } from './decision.js';

/**
 * The session model: `(state, command, actor) → {state, effects}`. No I/O; time and ids
 * come from `ctx`. A refused command leaves the state exactly as it was.
 */
export function decide(state: SessionState, command: DomainCommand, actor: Actor | 'system', ctx: Context): Decision {
  const outcome = actor === 'system' ? decideSystem(state, command as SystemCommand, ctx) : decideWire(state, command as WireCommand, actor, ctx);
  if (!outcome.ok || outcome.state === state) return outcome;
  const settled = withoutAbsentees(outcome.state);
  const next = rotateMediaKey(state, { ...settled, version: state.version + 1, lastActivityAt: ctx.now }, ctx);
  const effects = [...outcome.effects, ...mediaRoomEffects(state, next), ...microphoneEffects(state, next)];
  return { ...outcome, effects, state: { ...next, retainUntil: retentionDeadline(next) } };
}

function decideSystem(state: SessionState, command: SystemCommand, ctx: Context): Decision {
  switch (command.type) {
    case 'device:disconnected':
      return deviceDisconnected(state, command.personId, command.deviceId, command.connectionId, ctx);
    case 'turn:timeUp':
      return turns.turnTimeUp(state, command.startedAt, ctx);
    case 'breakouts:timeUp':
      return breakouts.breakoutsTimeUp(state, command.startedAt, ctx);
    default:
      return exhaustiveSwitchError(command);
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
      if (command.type === 'person:sendToWaiting') return sendToWaiting(state, command.personId, ctx);
      return remove(state, command.personId, ctx);
    }
    case 'hand:raise':
      return needsAdmission(me) ?? turns.raiseHand(state, me, command.personId, ctx);
    case 'hand:lower':
      return needsAdmission(me) ?? turns.lowerHand(state, me, command.personId);
    case 'turn:pass':
      return needsAdmission(me) ?? turns.pass(state, me, ctx);
    case 'queue:move':
    case 'queue:remove':
    case 'queue:next':
    case 'turn:end':
    case 'timer:set':
    case 'goRound:start':
    case 'goRound:end':
    case 'mic:mute':
    case 'mic:muteAll':
    case 'talkingPiece:set':
    case 'session:lock':
    case 'links:reissue':
    case 'roster:addInRoom':
    case 'agenda:set':
    case 'agenda:goTo':
    case 'feelings:open':
    case 'feelings:close':
    case 'session:end':
      if (!isStaff(me.role)) return refuse(ErrorCode.forbidden, 'Only the facilitator or co-therapist can do that');
      return decideStaff(state, command, ctx);
    case 'note:add':
      if (!isStaff(me.role)) return refuse(ErrorCode.forbidden, 'Only the facilitator or co-therapist can do that');
      return addNote(state, me, command.text, ctx);
    case 'attendance:export':
      // A read: the gateway builds the record from the state once allowed.
      return isStaff(me.role) ? accept(state) : refuse(ErrorCode.forbidden, 'Only the facilitator or co-therapist can do that');
    case 'feelings:answer':
      return needsAdmission(me) ?? answerFeeling(state, me, command.score, command.personId);
    case 'breakouts:help':
      return needsAdmission(me) ?? breakouts.askForHelp(state, me, ctx);
    case 'reflection:save':
      return needsAdmission(me) ?? breakouts.saveReflection(state, me, command.text, command.shared, ctx);
    case 'support:signal':
      return needsAdmission(me) ?? support.signalSupport(state, me, ctx);
    case 'breakouts:start':
    case 'breakouts:close':
    case 'breakouts:extend':
    case 'breakouts:broadcast':
    case 'breakouts:move':
    case 'breakouts:visit':
    case 'breakouts:ackHelp':
    case 'support:acknowledge':
    case 'support:start':
    case 'support:end':
      if (!isStaff(me.role)) return refuse(ErrorCode.forbidden, 'Only the facilitator or co-therapist can do that');
      return decideRooms(state, command, me, ctx);
    default:
      return exhaustiveSwitchError(command);
  }
}

function needsAdmission(me: Person): Decision | null {
  return me.status === 'admitted' ? null : refuse(ErrorCode.forbidden, 'You have not been admitted yet');
}

type StaffCommand = Extract<
  WireCommand,
  {
    type:
      | 'queue:move' | 'queue:remove' | 'queue:next' | 'turn:end' | 'timer:set' | 'goRound:start' | 'goRound:end'
      | 'mic:mute' | 'mic:muteAll' | 'talkingPiece:set' | 'session:lock' | 'links:reissue'
      | 'roster:addInRoom' | 'agenda:set' | 'agenda:goTo' | 'feelings:open' | 'feelings:close' | 'session:end';
  }
>;

function decideStaff(state: SessionState, command: StaffCommand, ctx: Context): Decision {
  switch (command.type) {
    case 'queue:move':
      return turns.moveInQueue(state, command.personId, command.toIndex, command.queueVersion);
    case 'queue:remove':
      return turns.removeFromQueue(state, command.personId, command.queueVersion);
    case 'queue:next':
      return turns.nextSpeaker(state, command.queueVersion, ctx);
    case 'turn:end':
      return turns.endTurn(state, command.queueVersion, ctx);
    case 'timer:set':
      return turns.setTimer(state, command.seconds, command.autoEnd);
    case 'goRound:start':
      return turns.startGoRound(state, command.order, ctx);
    case 'goRound:end':
      return turns.endGoRound(state);
    case 'mic:mute':
      return muteOne(state, command.personId);
    case 'mic:muteAll':
      return muteAll(state);
    case 'talkingPiece:set':
      return turns.setTalkingPiece(state, command.on);
    case 'session:lock':
      return setLocked(state, command.locked);
    case 'links:reissue':
      return reissueLink(state, command.role);
    case 'roster:addInRoom':
      return addInRoom(state, command.name, ctx);
    case 'agenda:set':
      return setAgenda(state, command.phases);
    case 'agenda:goTo':
      return goToPhase(state, command.index);
    case 'feelings:open':
      return openFeelings(state, command.round);
    case 'feelings:close':
      return closeFeelings(state);
    case 'session:end':
      return endSession(state, ctx);
    default:
      return exhaustiveSwitchError(command);
  }
}

type RoomsCommand = Extract<
  WireCommand,
  {
    type:
      | 'breakouts:start' | 'breakouts:close' | 'breakouts:extend' | 'breakouts:broadcast' | 'breakouts:move'
      | 'breakouts:visit' | 'breakouts:ackHelp' | 'support:acknowledge' | 'support:start' | 'support:end';
  }
>;

/** Breakout rooms and support rooms: staff only. */
function decideRooms(state: SessionState, command: RoomsCommand, me: Person, ctx: Context): Decision {
  switch (command.type) {
    case 'breakouts:start':
      return breakouts.startBreakouts(state, command, ctx);
    case 'breakouts:close':
      return breakouts.closeBreakouts(state);
    case 'breakouts:extend':
      return breakouts.extendBreakouts(state, command.minutes);
    case 'breakouts:broadcast':
      return breakouts.broadcast(state, command.text, ctx);
    case 'breakouts:move':
      return breakouts.moveToRoom(state, command.personId, command.roomId);
    case 'breakouts:visit':
      return breakouts.visit(state, me, command.roomId);
    case 'breakouts:ackHelp':
      return breakouts.acknowledgeHelp(state, command.roomId);
    case 'support:acknowledge':
      return support.acknowledgeSupport(state, command.personId);
    case 'support:start':
      return support.startSupport(state, me, command.personId, ctx);
    case 'support:end':
      return support.endSupport(state, command.personId);
    default:
      return exhaustiveSwitchError(command);
  }
}

import { isStaff } from '@circle/shared';
import type { Decision } from '../../src/domain/decide.js';
import type { Effect } from '../../src/domain/effects.js';
import { micAllowed, publishingDevices } from '../../src/domain/microphones.js';
import { connectedDeviceIds, mediaIdentity } from '../../src/domain/people.js';
import type { Person, SessionState } from '../../src/domain/state.js';
import { mediaPermission } from '../../src/media/grants.js';

/**
 * What must hold of turn-taking in every reachable session state, and of every change. Each
 * check returns sentences naming what broke (empty when all is well), so a fuzz failure reads
 * as a diagnosis rather than a bare `false`.
 */

const inGroup = (p: Person | undefined): boolean => p !== undefined && p.status === 'admitted' && p.leftAt === null;

export function stateViolations(state: SessionState): string[] {
  const out: string[] = [];
  const { queue, current, goRound, talkingPiece } = state.turns;
  const counts = state.shareCounts;
  const ids = queue.map((e) => e.personId);

  if (new Set(ids).size !== ids.length) out.push(`someone is twice in the queue: ${ids.join(',')}`);
  for (const id of ids) {
    const p = state.people[id];
    if (!inGroup(p)) out.push(`queued ${id} is not in the group (${p?.status ?? 'unknown'}, left ${p?.leftAt ?? '-'})`);
    else if (p?.role !== 'member') out.push(`queued ${id} is a ${p?.role}`);
  }
  if (current) {
    const p = state.people[current.personId];
    if (!inGroup(p)) out.push(`speaker ${current.personId} is not in the group (${p?.status ?? 'unknown'})`);
    else if (p?.role !== 'member') out.push(`speaker ${current.personId} is a ${p?.role}`);
    if (ids.includes(current.personId)) out.push(`speaker ${current.personId} is also in the queue`);
    if (current.endsAt !== null && current.endsAt <= current.startedAt) out.push('a turn ends before it starts');
  }

  // A go-round is running exactly while some of it is left: in line, or speaking.
  const roundLeft = queue.some((e) => e.source === 'goRound') || current?.source === 'goRound';
  if (goRound !== null && !roundLeft) out.push('a go-round is running with no one left in it');
  if (goRound === null && queue.some((e) => e.source === 'goRound')) out.push('go-round entries are queued with no go-round running');

  for (const person of Object.values(state.people)) {
    const allowed = micAllowed(state, person);
    if (person.status !== 'admitted' && allowed) out.push(`${person.status} ${person.id} is allowed a microphone`);
    if (person.role === 'observer' && allowed) out.push(`observer ${person.id} is allowed a microphone`);
  }
  const eligible = Object.values(state.people).filter((p) => p.status === 'admitted' && p.role !== 'observer');
  const allowedIds = eligible.filter((p) => micAllowed(state, p)).map((p) => p.id).sort();
  const expected = talkingPiece
    ? eligible.filter((p) => isStaff(p.role) || p.id === current?.personId).map((p) => p.id).sort()
    : eligible.map((p) => p.id).sort();
  if (allowedIds.join() !== expected.join()) {
    out.push(`microphones allowed to [${allowedIds.join()}], expected [${expected.join()}] (talking piece ${talkingPiece ? 'on' : 'off'})`);
  }

  for (const [id, c] of Object.entries(counts)) {
    if (c.turns < 0 || c.passes < 0) out.push(`negative counts for ${id}: ${JSON.stringify(c)}`);
  }
  return out;
}

/** Checks one decision against the state it was made on. */
export function changeViolations(before: SessionState, decision: Decision): string[] {
  if (!decision.ok) return [];
  const out: string[] = [];
  const after = decision.state;
  if (after !== before) {
    if (after.version !== before.version + 1) out.push(`version went ${before.version} → ${after.version}`);
    if (after.turns.queueVersion < before.turns.queueVersion) out.push('queueVersion went down');
    const turnChanged =
      JSON.stringify(after.turns.queue) !== JSON.stringify(before.turns.queue) ||
      JSON.stringify(after.turns.current) !== JSON.stringify(before.turns.current);
    if (turnChanged && after.turns.queueVersion <= before.turns.queueVersion) out.push('the queue or turn changed without a new queueVersion');
  } else {
    const forbidden = decision.effects.filter((e) => e.kind !== 'softMute');
    if (forbidden.length > 0) out.push(`an unchanged state came with ${forbidden.map((e) => e.kind).join(',')}`);
  }
  for (const effect of decision.effects) out.push(...effectViolations(after, effect));
  return out;
}

function effectViolations(state: SessionState, effect: Effect): string[] {
  if (effect.kind === 'closeMedia') return state.status === 'ended' ? [] : ['closeMedia while the session is open'];
  const person = state.people[effect.personId];
  if (!person) return [`${effect.kind} for unknown ${effect.personId}`];
  const out: string[] = [];
  switch (effect.kind) {
    case 'grantMic':
    case 'revokeMic': {
      const allowed = micAllowed(state, person);
      if (effect.kind === 'grantMic' && !allowed) out.push(`grantMic to ${person.id}, who may not use a microphone`);
      if (effect.kind === 'revokeMic' && allowed) out.push(`revokeMic from ${person.id}, who may use a microphone`);
      const publishing = publishingDevices(person);
      for (const d of effect.deviceIds) if (!publishing.includes(d)) out.push(`${effect.kind} names ${d}, not a publishing device of ${person.id}`);
      return out;
    }
    case 'grantMedia':
      if (person.status !== 'admitted') out.push(`grantMedia to ${person.status} ${person.id}`);
      for (const d of effect.deviceIds) {
        const device = person.devices[d];
        if (!device?.connected) out.push(`grantMedia to ${person.id}'s device ${d}, which is not connected`);
        else if (mediaPermission(state, person, device).canPublishSources.includes('microphone') && !micAllowed(state, person)) {
          out.push(`a token for ${person.id} carries a microphone they may not use`);
        }
      }
      return out;
    case 'softMute':
      if (person.role !== 'member') out.push(`softMute of ${person.role} ${person.id}`);
      return out;
    case 'revokeMedia':
    case 'disconnect':
    case 'moveMedia':
      return out;
    default:
      return effect satisfies never;
  }
}

/**
 * What the media server would hold for each device's microphone if every effect were
 * performed: tokens set it, grantMic/revokeMic flip it, revokeMedia forgets the device.
 */
export class MicrophoneMirror {
  private readonly held = new Map<string, boolean>();

  apply(state: SessionState, effects: Effect[]): void {
    for (const effect of effects) {
      if (effect.kind === 'closeMedia') continue;
      const person = state.people[effect.personId];
      if (!person) continue;
      for (const deviceId of 'deviceIds' in effect ? effect.deviceIds : []) {
        const identity = mediaIdentity(person.id, deviceId);
        const device = person.devices[deviceId];
        if (effect.kind === 'grantMedia' && device) {
          this.held.set(identity, mediaPermission(state, person, device).canPublishSources.includes('microphone'));
        }
        if (effect.kind === 'revokeMedia') this.held.delete(identity);
        if (effect.kind === 'grantMic') this.held.set(identity, true);
        if (effect.kind === 'revokeMic') this.held.set(identity, false);
      }
    }
  }

  /** Every connected, publishing device of an admitted person holds exactly the microphone the model allows. */
  violations(state: SessionState): string[] {
    const out: string[] = [];
    for (const person of Object.values(state.people)) {
      if (person.status !== 'admitted') continue;
      const allowed = micAllowed(state, person);
      for (const deviceId of connectedDeviceIds(person)) {
        if (person.devices[deviceId]?.kind === 'console') continue;
        const held = this.held.get(mediaIdentity(person.id, deviceId));
        if (held !== allowed) out.push(`device ${deviceId} of ${person.id} holds microphone=${String(held)}, model says ${allowed}`);
      }
    }
    return out;
  }
}

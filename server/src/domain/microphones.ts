import { isStaff } from '@circle/shared';
import type { Effect } from './effects.js';
import type { Person, SessionState } from './state.js';
import { connectedDeviceIds } from './people.js';
import { mediaRoomOf, mediaRoomsMayDiffer } from './media-rooms.js';

/**
 * Whether a person may open their microphone. In talking-piece mode that is exactly the
 * current speaker and the staff; the media server enforces it, not the honour system.
 */
export function micAllowed(state: SessionState, person: Person): boolean {
  if (person.status !== 'admitted' || person.role === 'observer') return false;
  if (isStaff(person.role) || !state.turns.talkingPiece) return true;
  // The talking piece belongs to the main room; a breakout or support room talks freely.
  if (mediaRoomOf(state, person) !== state.mediaRoom) return true;
  return state.turns.current?.personId === person.id;
}

/** Devices whose microphone can be granted or revoked: connected, publishing ones. */
function publishingDevices(person: Person): string[] {
  return connectedDeviceIds(person).filter((id) => person.devices[id]?.kind !== 'console');
}

/** Devices that follow a person from room to room: connected and publishing or watching (not consoles). */
export function mediaRoomEffects(before: SessionState, after: SessionState): Effect[] {
  if (!mediaRoomsMayDiffer(before, after)) return [];
  const effects: Effect[] = [];
  for (const person of Object.values(after.people)) {
    const was = before.people[person.id];
    if (!was || was.status !== 'admitted' || person.status !== 'admitted') continue;
    const from = mediaRoomOf(before, was);
    const to = mediaRoomOf(after, person);
    if (from === to) continue;
    const deviceIds = publishingDevices(person);
    if (deviceIds.length > 0) effects.push({ kind: 'moveMedia', personId: person.id, deviceIds, from });
  }
  return effects;
}

/**
 * The grant and revoke effects that follow from a change: for everyone who stayed admitted
 * and whose right to a microphone flipped. People who just arrived get tokens that already
 * carry the right permission; people who were sent out lose their media altogether.
 */
export function microphoneEffects(before: SessionState, after: SessionState): Effect[] {
  const effects: Effect[] = [];
  for (const person of Object.values(after.people)) {
    const was = before.people[person.id];
    if (!was || was.status !== 'admitted' || person.status !== 'admitted') continue;
    const allowed = micAllowed(after, person);
    if (allowed === micAllowed(before, was)) continue;
    // Someone changing rooms gets a new token with the right permission instead.
    if (mediaRoomOf(before, was) !== mediaRoomOf(after, person)) continue;
    const deviceIds = publishingDevices(person);
    if (deviceIds.length === 0) continue;
    effects.push({ kind: allowed ? 'grantMic' : 'revokeMic', personId: person.id, deviceIds });
  }
  return effects;
}

/** Members whose microphones a soft mute reaches. */
export function softMuteTargets(state: SessionState): Person[] {
  return Object.values(state.people).filter(
    (p) => p.status === 'admitted' && p.role === 'member' && publishingDevices(p).length > 0,
  );
}

export { publishingDevices };

import { ErrorCode } from '@circle/shared';
import { accept, refuse, type Decision } from './decision.js';
import type { Effect } from './effects.js';
import type { Person, SessionState } from './state.js';
import { publishingDevices, softMuteTargets } from './microphones.js';

function softMute(person: Person): Effect {
  return { kind: 'softMute', personId: person.id, deviceIds: publishingDevices(person) };
}

/** A soft mute changes nothing in the session: the member can unmute; the effect does the muting. */
export function muteOne(state: SessionState, personId: string): Decision {
  const person = state.people[personId];
  if (!person || person.status !== 'admitted') return refuse(ErrorCode.notPresent, 'That person is not in the group');
  if (person.role !== 'member') return refuse(ErrorCode.forbidden, 'Only members can be muted');
  if (publishingDevices(person).length === 0) return refuse(ErrorCode.notPresent, `${person.name} has no microphone connected`);
  return accept(state, [softMute(person)], { muted: 1 });
}

export function muteAll(state: SessionState): Decision {
  const targets = softMuteTargets(state);
  return accept(state, targets.map(softMute), { muted: targets.length });
}

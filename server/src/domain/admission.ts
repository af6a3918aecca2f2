import { ErrorCode, isStaff } from '@circle/shared';
import type { Context } from './commands.js';
import type { Effect } from './effects.js';
import type { Person, SessionState } from './state.js';
import { accept, refuse, type Decision } from './decision.js';
import { connectedDeviceIds, disconnectDevice, isPresent, withPerson } from './people.js';
import { withoutTurns } from './turns.js';

function target(state: SessionState, personId: string): Person | Decision {
  const person = state.people[personId];
  if (!person || person.status === 'removed') return refuse(ErrorCode.notFound, 'That person is not in this session');
  if (isStaff(person.role)) return refuse(ErrorCode.forbidden, 'Staff cannot be admitted, sent to the waiting room or removed');
  return person;
}

function isDecision(x: Person | Decision): x is Decision {
  return 'ok' in x;
}

function admitted(person: Person, now: number): Person {
  return { ...person, status: 'admitted', admittedAt: person.admittedAt ?? now };
}

function grant(person: Person): Effect {
  return { kind: 'grantMedia', personId: person.id, deviceIds: connectedDeviceIds(person) };
}

export function admit(state: SessionState, personId: string, ctx: Context): Decision {
  const person = target(state, personId);
  if (isDecision(person)) return person;
  if (person.status !== 'waiting') return refuse(ErrorCode.conflict, `${person.name} is already in the group`);
  if (!isPresent(person)) return refuse(ErrorCode.notPresent, `${person.name} has left the waiting room`);
  return accept(withPerson(state, admitted(person, ctx.now)), [grant(person)]);
}

export function admitAll(state: SessionState, ctx: Context): Decision {
  const waiting = Object.values(state.people).filter((p) => p.status === 'waiting' && isPresent(p));
  if (waiting.length === 0) return accept(state, [], { admitted: 0 });
  const next = waiting.reduce((s, p) => withPerson(s, admitted(p, ctx.now)), state);
  return accept(next, waiting.map(grant), { admitted: waiting.length });
}

export function sendToWaiting(state: SessionState, personId: string, ctx: Context): Decision {
  const person = target(state, personId);
  if (isDecision(person)) return person;
  if (person.status !== 'admitted') return refuse(ErrorCode.conflict, `${person.name} is already in the waiting room`);
  const devices = connectedDeviceIds(person);
  return accept(withoutTurns(withPerson(state, { ...person, status: 'waiting' }), personId, ctx.now), [
    { kind: 'revokeMedia', personId, deviceIds: devices, reason: 'The facilitator moved you to the waiting room' },
  ]);
}

export function remove(state: SessionState, personId: string, ctx: Context): Decision {
  const person = target(state, personId);
  if (isDecision(person)) return person;
  const devices = connectedDeviceIds(person);
  const gone = devices.reduce((p, d) => disconnectDevice(p, d, ctx.now), person);
  return accept(withoutTurns(withPerson(state, { ...gone, status: 'removed' }), personId, ctx.now), [
    { kind: 'revokeMedia', personId, deviceIds: devices, reason: 'You were removed from the session' },
    { kind: 'disconnect', personId, reason: 'removed' },
  ]);
}

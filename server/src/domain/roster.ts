import { ErrorCode, isStaff, Role } from '@circle/shared';
import type { Actor, Context, WireCommand } from './commands.js';
import type { Person, SessionState } from './state.js';
import { accept, refuse, type Decision } from './decision.js';
import { connectedDeviceIds, disconnectDevice, withPerson } from './people.js';
import { withoutTurns } from './turns.js';

type JoinCommand = Extract<WireCommand, { type: 'session:join' }>;

/**
 * A device enters the session. A person already known (a staff link, or a personal link
 * after a first join) gets the device attached and keeps their place: no second admission.
 * A member or observer arriving by the role link becomes a new person in the waiting room.
 */
export function join(state: SessionState, command: JoinCommand, actor: Actor, ctx: Context): Decision {
  if (command.deviceKind === 'roomDevice' && !isStaff(actor.role)) {
    return refuse(ErrorCode.forbidden, 'Only staff can join as the room device');
  }
  const known = actor.personId ? state.people[actor.personId] : undefined;
  if (known) return attachDevice(state, known, actor, command, ctx);
  if (actor.personId && !isStaff(actor.role)) {
    return refuse(ErrorCode.notFound, 'This personal link does not match anyone in the session');
  }
  // Checked here as well as at the handshake: the device may have connected before the change.
  if (actor.linkGeneration !== undefined && actor.linkGeneration !== state.linkGeneration[actor.role]) {
    return refuse(ErrorCode.forbidden, 'This link has been replaced. Please ask your facilitator for the new one.');
  }
  if (state.locked && !isStaff(actor.role)) {
    return refuse(ErrorCode.sessionLocked, 'The facilitator has locked this session. Please contact them if you should be in it.');
  }
  if (command.name === undefined) return refuse(ErrorCode.invalidCommand, 'Please enter your name');
  if (command.agreed !== true) return refuse(ErrorCode.invalidCommand, 'You need to agree to the group agreement');

  const name = command.name;
  const taken = Object.values(state.people).some(
    (p) => p.status !== 'removed' && p.name.toLocaleLowerCase() === name.toLocaleLowerCase(),
  );
  if (taken) return refuse(ErrorCode.conflict, `Someone in this session is already called ${name}; please add an initial`);
  if (actor.role === Role.member) {
    const members = Object.values(state.people).filter((p) => p.role === Role.member && p.status !== 'removed');
    if (members.length >= state.capacity) return refuse(ErrorCode.sessionFull, 'This group is full');
  }

  const person: Person = {
    id: isStaff(actor.role) && actor.personId ? actor.personId : ctx.newId(),
    role: actor.role,
    name,
    status: isStaff(actor.role) ? 'admitted' : 'waiting',
    attendance: 'online',
    agreedAt: ctx.now,
    joinedAt: ctx.now,
    admittedAt: isStaff(actor.role) ? ctx.now : null,
    devices: {},
    presence: [],
    leftAt: null,
    e2eeSupported: null,
    location: null,
  };
  return attachDevice(withPerson(state, person), person, actor, command, ctx);
}

function attachDevice(state: SessionState, person: Person, actor: Actor, command: JoinCommand, ctx: Context): Decision {
  if (person.status === 'removed') return refuse(ErrorCode.removed, 'You were removed from this session');
  const kind = command.deviceKind;
  const { deviceId, connectionId, server } = actor;
  const existing = person.devices[deviceId];
  const reconnecting = existing?.connected === true;
  const next: Person = {
    ...person,
    devices: {
      ...person.devices,
      [deviceId]: {
        id: deviceId,
        kind,
        connected: true,
        connectionId,
        ...(server === undefined ? {} : { server }),
        firstSeenAt: existing?.firstSeenAt ?? ctx.now,
        lastSeenAt: ctx.now,
      },
    },
    presence: reconnecting ? person.presence : [...person.presence, { deviceId, from: ctx.now, to: null }],
    leftAt: null,
    // The device joining now speaks for the person's browser; one that does not say keeps what is known.
    e2eeSupported: command.e2eeSupported ?? person.e2eeSupported,
    location: command.location ? { city: command.location.city, region: command.location.region } : person.location,
  };
  const effects = next.status === 'admitted' ? [{ kind: 'grantMedia' as const, personId: person.id, deviceIds: [deviceId] }] : [];
  // The session starts, clinically, when a facilitator or co-therapist first comes in.
  const startedAt = state.startedAt ?? (isStaff(person.role) ? ctx.now : null);
  return accept({ ...withPerson(state, next), startedAt }, effects, { personId: person.id });
}

/** Leave pressed on one device. Leaving from the last one gives up any place in the queue. */
export function leave(state: SessionState, personId: string, deviceId: string, ctx: Context): Decision {
  const person = state.people[personId];
  if (!person) return accept(state);
  let next = disconnectDevice(person, deviceId, ctx.now);
  const effects =
    person.status === 'admitted'
      ? [{ kind: 'revokeMedia' as const, personId, deviceIds: [deviceId], reason: 'You left the session' }]
      : [];
  if (connectedDeviceIds(next).length > 0 || next.attendance === 'inRoom') return accept(withPerson(state, next), effects);
  next = { ...next, leftAt: ctx.now };
  return accept(withoutTurns(withPerson(state, next), personId, ctx.now), effects);
}

/** A connection closed. Ignored when the device has since been attached by a newer connection (a reload). */
export function deviceDisconnected(state: SessionState, personId: string, deviceId: string, connectionId: string, ctx: Context): Decision {
  const person = state.people[personId];
  if (!person || person.devices[deviceId]?.connectionId !== connectionId) return accept(state);
  const next = disconnectDevice(person, deviceId, ctx.now);
  return accept(next === person ? state : withPerson(state, next));
}

export { connectedDeviceIds };

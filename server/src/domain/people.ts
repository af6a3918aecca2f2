import type { Person, SessionState } from './state.js';

export function isPresent(person: Person): boolean {
  return person.attendance === 'inRoom' || Object.values(person.devices).some((d) => d.connected);
}

export function connectedDeviceIds(person: Person): string[] {
  return Object.values(person.devices)
    .filter((d) => d.connected)
    .map((d) => d.id);
}

export function withPerson(state: SessionState, person: Person): SessionState {
  const order = state.order.includes(person.id) ? state.order : [...state.order, person.id];
  return { ...state, people: { ...state.people, [person.id]: person }, order };
}

/** People in roster order. */
export function roster(state: SessionState): Person[] {
  return state.order.map((id) => state.people[id]).filter((p): p is Person => p !== undefined);
}

/** The LiveKit identity of one device: one per device, because a second connection with the same identity kicks the first. */
export function mediaIdentity(personId: string, deviceId: string): string {
  return `${personId}.${deviceId}`;
}

/** Closes the open presence span of a device, if any. */
export function disconnectDevice(person: Person, deviceId: string, now: number): Person {
  const device = person.devices[deviceId];
  if (!device || !device.connected) return person;
  return {
    ...person,
    devices: { ...person.devices, [deviceId]: { ...device, connected: false, connectionId: null, lastSeenAt: now } },
    presence: person.presence.map((span) => (span.deviceId === deviceId && span.to === null ? { ...span, to: now } : span)),
  };
}

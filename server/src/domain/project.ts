import { isStaff, type PersonView, type SelfView, type SessionView } from '@circle/shared';
import type { Person, SessionState } from './state.js';
import { isPresent, mediaIdentity, roster } from './people.js';

/** Who a view is for. Each audience sees only what its role may see. */
export type Audience = 'staff' | 'participant' | 'waiting';

export function audienceOf(person: Pick<Person, 'role' | 'status'>): Audience {
  if (isStaff(person.role)) return 'staff';
  return person.status === 'admitted' ? 'participant' : 'waiting';
}

function personView(p: Person): PersonView {
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    status: p.status,
    attendance: p.attendance,
    present: isPresent(p),
    devices: Object.values(p.devices).map((d) => ({
      id: d.id,
      kind: d.kind,
      connected: d.connected,
      identity: mediaIdentity(p.id, d.id),
    })),
  };
}

export function viewFor(state: SessionState, audience: Audience): SessionView {
  const people = roster(state);
  return {
    sessionId: state.id,
    version: state.version,
    title: state.title,
    status: state.status,
    agreement: state.agreement,
    mediaRoom: state.mediaRoom,
    // Someone still waiting has not been let in: they learn nothing about who is in the group.
    people: audience === 'waiting' ? [] : people.filter((p) => p.status === 'admitted').map(personView),
    waiting: audience === 'staff' ? people.filter((p) => p.status === 'waiting' && isPresent(p)).map(personView) : [],
  };
}

export function selfView(person: Person, deviceId: string): SelfView {
  return { personId: person.id, deviceId, role: person.role, name: person.name, status: person.status };
}

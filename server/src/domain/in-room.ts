import { ErrorCode } from '@circle/shared';
import type { Context } from './commands.js';
import { accept, refuse, type Decision } from './decision.js';
import type { Person, SessionState } from './state.js';
import { withPerson } from './people.js';

/** The presence span of someone in the physical room carries this in place of a device id. */
export const IN_ROOM_DEVICE = 'in-room';

/**
 * Someone sitting with the facilitator in the physical room: a name and no device. They are
 * admitted at once (the facilitator sees them), count as present until removed or the end,
 * and take turns like everyone else.
 */
export function addInRoom(state: SessionState, name: string, ctx: Context): Decision {
  const taken = Object.values(state.people).some(
    (p) => p.status !== 'removed' && p.name.toLocaleLowerCase() === name.toLocaleLowerCase(),
  );
  if (taken) return refuse(ErrorCode.conflict, `Someone in this session is already called ${name}; please add an initial`);
  const members = Object.values(state.people).filter((p) => p.role === 'member' && p.status !== 'removed');
  if (members.length >= state.capacity) return refuse(ErrorCode.sessionFull, 'This group is full');
  const person: Person = {
    id: ctx.newId(),
    role: 'member',
    name,
    status: 'admitted',
    attendance: 'inRoom',
    // They agree to the group agreement in person, with the facilitator; Circle has no record of it.
    agreedAt: null,
    joinedAt: ctx.now,
    admittedAt: ctx.now,
    devices: {},
    presence: [{ deviceId: IN_ROOM_DEVICE, from: ctx.now, to: null }],
    leftAt: null,
    e2eeSupported: null,
    location: null,
  };
  return accept(withPerson(state, person), [], { personId: person.id });
}

import { isStaff, type BreakoutsView, type SupportView, type ClinicalView, type PersonView, type SelfView, type SessionView, type TurnsView } from '@circle/shared';
import { micAllowed } from './microphones.js';
import type { Person, SessionState } from './state.js';
import { isPresent, mediaIdentity, roster } from './people.js';

/** Who a view is for. Each audience sees only what its role may see. */
export type Audience = 'staff' | 'participant' | 'waiting';

export function audienceOf(person: Pick<Person, 'role' | 'status'>): Audience {
  if (isStaff(person.role)) return 'staff';
  return person.status === 'admitted' ? 'participant' : 'waiting';
}

function personView(p: Person, audience: Audience): PersonView {
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
    // Staff decide whether to admit someone whose browser cannot encrypt; no one else needs to know.
    e2eeSupported: audience === 'staff' ? p.e2eeSupported : null,
    location: audience === 'staff' ? p.location : null,
  };
}

/** `viewerId` matters only for what is personal to a member, such as which breakout room is theirs. */
export function viewFor(state: SessionState, audience: Audience, viewerId: string | null = null): SessionView {
  const people = roster(state);
  return {
    sessionId: state.id,
    version: state.version,
    title: state.title,
    status: state.status,
    locked: state.locked,
    e2ee: state.mediaKey !== null,
    agreement: state.agreement,
    mediaRoom: state.mediaRoom,
    // Someone still waiting has not been let in: they learn nothing about who is in the group.
    people: audience === 'waiting' ? [] : people.filter((p) => p.status === 'admitted').map((p) => personView(p, audience)),
    waiting: audience === 'staff' ? people.filter((p) => p.status === 'waiting' && isPresent(p)).map((p) => personView(p, audience)) : [],
    turns: audience === 'waiting' ? EMPTY_TURNS : turnsView(state),
    shares: audience === 'staff' ? shares(state) : [],
    clinical: clinicalView(state, audience),
    breakouts: audience === 'waiting' ? null : breakoutsView(state, audience, viewerId),
    support: supportView(state, audience, viewerId),
    reflections: audience === 'waiting' || state.breakouts ? [] : sharedReflections(state),
  };
}

/** Staff see every room, help requests and visits; a member sees only their own room. */
function breakoutsView(state: SessionState, audience: Audience, viewerId: string | null): BreakoutsView | null {
  const b = state.breakouts;
  if (!b) return null;
  const staff = audience === 'staff';
  return {
    prompt: b.prompt,
    startedAt: b.startedAt,
    endsAt: b.endsAt,
    rooms: staff ? b.rooms : b.rooms.filter((r) => viewerId !== null && r.memberIds.includes(viewerId)),
    broadcasts: b.broadcasts,
    help: staff ? Object.entries(b.help).map(([roomId, h]) => ({ roomId, ...h })) : [],
    visits: staff ? Object.entries(b.visits).map(([staffId, roomId]) => ({ staffId, roomId })) : [],
  };
}

/** Staff see the signals and who is with whom; the member in a support room sees who is with them; everyone else only who stepped out. */
function supportView(state: SessionState, audience: Audience, viewerId: string | null): SupportView {
  if (audience === 'waiting') return { signals: [], rooms: [] };
  const staff = audience === 'staff';
  return {
    signals: staff ? Object.entries(state.support.signals).map(([personId, s]) => ({ personId, ...s })) : [],
    rooms: Object.entries(state.support.rooms).map(([memberId, r]) => {
      const told = staff || memberId === viewerId;
      return { memberId, staffId: told ? r.staffId : null, startedAt: told ? r.startedAt : null };
    }),
  };
}

/** The last round's shared reflections, in the order written; private ones and their authors never appear. */
function sharedReflections(state: SessionState): SessionView['reflections'] {
  return state.reflections
    .filter((r) => r.round === state.breakoutRounds && r.shared && r.text.length > 0)
    .sort((a, b) => a.at - b.at)
    .map((r) => ({ name: state.people[r.personId]?.name ?? '', text: r.text }));
}

/** Feelings and notes are for staff alone; the clock, the agenda and the closing card are for everyone let in. */
function clinicalView(state: SessionState, audience: Audience): ClinicalView {
  const staff = audience === 'staff';
  const answers = staff
    ? (['checkIn', 'checkOut'] as const).flatMap((round) =>
        Object.entries(state.feelings[round]).map(([personId, score]) => ({ personId, round, score })),
      )
    : [];
  return {
    clock: { startedAt: state.startedAt, plannedMinutes: state.plannedMinutes, endedAt: state.endedAt },
    agenda: audience === 'waiting' ? { phases: [], current: 0 } : state.agenda,
    feelings: { open: audience === 'waiting' ? null : state.feelings.open, answers },
    notes: staff ? state.notes : [],
    closing: state.status === 'ended' ? state.closing : null,
  };
}

function turnsView(state: SessionState): TurnsView {
  const { queue, queueVersion, current, turnSeconds, autoEnd, goRound, talkingPiece } = state.turns;
  return {
    queue,
    queueVersion,
    current: current ? { personId: current.personId, source: current.source, startedAt: current.startedAt, endsAt: current.endsAt } : null,
    turnSeconds,
    autoEnd,
    goRound: goRound ? { remaining: queue.filter((e) => e.source === 'goRound').length, passed: goRound.passed } : null,
    talkingPiece,
  };
}

const EMPTY_TURNS: TurnsView = { queue: [], queueVersion: 0, current: null, turnSeconds: null, autoEnd: false, goRound: null, talkingPiece: false };

/** Turns taken by each member in the group, for "not yet shared". */
function shares(state: SessionState): SessionView['shares'] {
  return roster(state)
    .filter((p) => p.role === 'member' && p.status === 'admitted')
    .map((p) => ({ personId: p.id, turns: state.turns.counts[p.id]?.turns ?? 0, passes: state.turns.counts[p.id]?.passes ?? 0 }));
}

export function selfView(state: SessionState, person: Person, deviceId: string): SelfView {
  return {
    personId: person.id,
    deviceId,
    role: person.role,
    name: person.name,
    status: person.status,
    micAllowed: micAllowed(state, person),
    feelings: { checkIn: state.feelings.checkIn[person.id] ?? null, checkOut: state.feelings.checkOut[person.id] ?? null },
    reflection: ownReflection(state, person.id),
    support: state.support.signals[person.id] ?? null,
  };
}

function ownReflection(state: SessionState, personId: string): { text: string; shared: boolean } | null {
  const mine = state.reflections.find((r) => r.personId === personId && r.round === state.breakoutRounds);
  return mine ? { text: mine.text, shared: mine.shared } : null;
}

import sameJson from 'fast-deep-equal';
import { isStaff, type BreakoutsView, type SupportView, type ClinicalView, type PersonView, type SelfView, type SessionView, type TurnsView } from '@circle/shared';
import { micAllowed } from './microphones.js';
import { MEDIA_ROOM_READS } from './media-rooms.js';
import { partsChanged, type Person, type SessionState } from './state.js';
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

export type ViewField = Exclude<keyof SessionView, 'version'>;
type StateKey = keyof SessionState;

/**
 * How each field of a view is made, and the only parts of the state it reads. A field whose
 * parts are the very same objects before and after a change (the model never mutates; it
 * builds new states by spreading old ones) is the same, and need not be made again: a hand
 * raise remakes `turns`, nothing else. `test/domain/view-fields.test.ts` checks
 * every projection against its list, reading the state through a proxy.
 */
const FIELDS: {
  [F in ViewField]: {
    reads: readonly StateKey[];
    make: (state: SessionState, audience: Audience, viewerId: string | null) => SessionView[F];
    /** Staff and every admitted member see the same value, so one patch of it serves both audiences. */
    alike?: true;
  };
} = {
  sessionId: { reads: ['id'], make: (s) => s.id, alike: true },
  title: { reads: ['title'], make: (s) => s.title, alike: true },
  status: { reads: ['status'], make: (s) => s.status, alike: true },
  locked: { reads: ['locked'], make: (s) => s.locked, alike: true },
  e2ee: { reads: ['mediaKey'], make: (s) => s.mediaKey !== null, alike: true },
  agreement: { reads: ['agreement'], make: (s) => s.agreement, alike: true },
  mediaRoom: { reads: ['mediaRoom'], make: (s) => s.mediaRoom, alike: true },
  // Someone still waiting has not been let in: they learn nothing about who is in the group.
  people: {
    reads: ['order', 'people'],
    make: (s, audience) => (audience === 'waiting' ? [] : roster(s).filter((p) => p.status === 'admitted').map((p) => personView(p, audience))),
  },
  waiting: {
    reads: ['order', 'people'],
    make: (s, audience) => (audience === 'staff' ? roster(s).filter((p) => p.status === 'waiting' && isPresent(p)).map((p) => personView(p, audience)) : []),
  },
  turns: { reads: ['turns'], make: (s, audience) => (audience === 'waiting' ? EMPTY_TURNS : turnsView(s)), alike: true },
  shares: { reads: ['order', 'people', 'shareCounts'], make: (s, audience) => (audience === 'staff' ? shares(s) : []) },
  clinical: {
    reads: ['startedAt', 'plannedMinutes', 'endedAt', 'agenda', 'feelings', 'notes', 'status', 'closing'],
    make: (s, audience) => clinicalView(s, audience),
  },
  breakouts: { reads: ['breakouts'], make: (s, audience, viewerId) => (audience === 'waiting' ? null : breakoutsView(s, audience, viewerId)) },
  support: { reads: ['support'], make: (s, audience, viewerId) => supportView(s, audience, viewerId) },
  reflections: {
    reads: ['breakouts', 'reflections', 'breakoutRounds', 'people'],
    make: (s, audience) => (audience === 'waiting' || s.breakouts ? [] : sharedReflections(s)),
    alike: true,
  },
};

export const VIEW_FIELDS = Object.keys(FIELDS) as ViewField[];

/** What the state parts a field reads are; for the test that checks the list against the projection. */
export function fieldReads(field: ViewField): readonly StateKey[] {
  return FIELDS[field].reads;
}

/** `viewerId` matters only for what is personal to a member, such as which breakout room is theirs. */
export function viewFor(state: SessionState, audience: Audience, viewerId: string | null = null): SessionView {
  const view: Record<string, unknown> = { version: state.version };
  for (const field of VIEW_FIELDS) view[field] = FIELDS[field].make(state, audience, viewerId);
  return view as SessionView;
}

/** One field of a view. */
export function viewField<F extends ViewField>(field: F, state: SessionState, audience: Audience, viewerId: string | null = null): SessionView[F] {
  return FIELDS[field].make(state, audience, viewerId);
}

/** Whether staff and every admitted member, whoever the viewer, see the same value of `field`. */
export function alikeForStaffAndMembers(field: ViewField): boolean {
  return FIELDS[field].alike === true;
}

/** The fields of every view that a change from `before` to `after` may have changed. */
export function fieldsTouched(before: SessionState, after: SessionState): ViewField[] {
  return VIEW_FIELDS.filter((field) => partsChanged(FIELDS[field].reads, before, after));
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
    .map((p) => ({ personId: p.id, turns: state.shareCounts[p.id]?.turns ?? 0, passes: state.shareCounts[p.id]?.passes ?? 0 }));
}

type SelfField = Exclude<keyof SelfView, 'deviceId'>;

/**
 * How each field of a person's own view is made from the state and the person, and the only
 * parts of the state (besides the person) it reads; checked like FIELDS. Most commands change
 * `turns`, which only `micAllowed` reads: comparing two booleans is then all a person's own
 * view costs.
 */
const SELF_FIELDS: { [F in SelfField]: { reads: readonly StateKey[]; make: (state: SessionState, person: Person) => SelfView[F] } } = {
  personId: { reads: [], make: (_s, p) => p.id },
  role: { reads: [], make: (_s, p) => p.role },
  name: { reads: [], make: (_s, p) => p.name },
  status: { reads: [], make: (_s, p) => p.status },
  // In talking-piece mode the microphone depends on the person's media room too.
  micAllowed: { reads: ['turns', ...MEDIA_ROOM_READS], make: micAllowed },
  feelings: { reads: ['feelings'], make: (s, p) => ({ checkIn: s.feelings.checkIn[p.id] ?? null, checkOut: s.feelings.checkOut[p.id] ?? null }) },
  reflection: { reads: ['reflections', 'breakoutRounds'], make: (s, p) => ownReflection(s, p.id) },
  support: { reads: ['support'], make: (s, p) => s.support.signals[p.id] ?? null },
};

export const SELF_VIEW_FIELDS = Object.keys(SELF_FIELDS) as SelfField[];

/** What the state parts a field of the self view reads are; for the test that checks the list. */
export function selfFieldReads(field: SelfField): readonly StateKey[] {
  return SELF_FIELDS[field].reads;
}

/** One field of a person's own view. */
export function selfViewField<F extends SelfField>(field: F, state: SessionState, person: Person): SelfView[F] {
  return SELF_FIELDS[field].make(state, person);
}

/** Whether a change from `before` to `after` changed this person's own view (`was` is the person before). */
export function selfViewChanged(before: SessionState, was: Person, after: SessionState, person: Person): boolean {
  // Plain loops: this runs for everyone in the session on every change.
  for (const field of SELF_VIEW_FIELDS) {
    const { reads, make } = SELF_FIELDS[field];
    if (was === person && !partsChanged(reads, before, after)) continue;
    if (!sameJson(make(before, was), make(after, person))) return true;
  }
  return false;
}

export function selfView(state: SessionState, person: Person, deviceId: string): SelfView {
  const view: Record<string, unknown> = { deviceId };
  for (const field of SELF_VIEW_FIELDS) view[field] = selfViewField(field, state, person);
  return view as SelfView;
}

function ownReflection(state: SessionState, personId: string): { text: string; shared: boolean } | null {
  const mine = state.reflections.find((r) => r.personId === personId && r.round === state.breakoutRounds);
  return mine ? { text: mine.text, shared: mine.shared } : null;
}

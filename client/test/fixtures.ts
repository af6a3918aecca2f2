import type { DeviceKind, MediaGrant, PersonView, Role, SelfView, SessionView } from '@circle/shared';

/** Small builders of protocol values, with defaults a test overrides where it matters. */
export function person(id: string, name: string, over: Partial<PersonView> & { kinds?: DeviceKind[] } = {}): PersonView {
  const { kinds = ['media'], ...rest } = over;
  return {
    id,
    name,
    role: 'member',
    status: 'admitted',
    attendance: 'online',
    present: true,
    devices: kinds.map((kind, i) => ({ id: `${id}d${i}`, kind, connected: true, identity: `${id}.${id}d${i}` })),
    e2eeSupported: true,
    location: null,
    ...rest,
  };
}

export function view(over: Partial<SessionView> = {}): SessionView {
  return {
    sessionId: 'sess1',
    version: 1,
    title: 'Tuesday group',
    status: 'open',
    locked: false,
    e2ee: false,
    agreement: 'Be kind.\nKeep it here.',
    mediaRoom: 'circle-sess1',
    people: [],
    waiting: [],
    turns: { queue: [], queueVersion: 0, current: null, turnSeconds: null, autoEnd: false, goRound: null, talkingPiece: false },
    shares: [],
    clinical: {
      clock: { startedAt: null, plannedMinutes: 90, endedAt: null },
      agenda: { phases: ['Check-in', 'Sharing', 'Check-out'], current: 0 },
      feelings: { open: null, answers: [] },
      notes: [],
      closing: null,
    },
    breakouts: null,
    support: { signals: [], rooms: [] },
    reflections: [],
    ...over,
  };
}

export function self(over: Partial<SelfView> & { role?: Role } = {}): SelfView {
  return { personId: 'p1', deviceId: 'dev1', role: 'member', name: 'Alice', status: 'waiting', micAllowed: true, feelings: { checkIn: null, checkOut: null }, reflection: null, support: null, ...over };
}

export function grant(over: Partial<MediaGrant> = {}): MediaGrant {
  return { url: 'ws://media', room: 'circle-sess1', identity: 'p1.dev1', token: 'lk-token-1', canPublish: true, ...over };
}

import type { AttendanceMode, DeviceKind, FeelingRound, PersonStatus, Role } from '@circle/shared';

/** One stretch of a device being connected; `to` is null while it still is. */
export type PresenceSpan = { deviceId: string; from: number; to: number | null };

export type Device = {
  id: string;
  kind: DeviceKind;
  connected: boolean;
  /** The connection that attached this device last: a late disconnect of an older connection (a reload) is ignored. */
  connectionId: string | null;
  /**
   * While connected: the server process that connection is on, so that other processes know whether to pass it
   * the session's changes (see scale/served-elsewhere.ts). Absent in devices stored before
   * devices named their process, which count as anywhere.
   */
  server?: string;
  firstSeenAt: number;
  lastSeenAt: number;
};

export type Person = {
  id: string;
  role: Role;
  name: string;
  status: PersonStatus;
  attendance: AttendanceMode;
  agreedAt: number | null;
  joinedAt: number;
  admittedAt: number | null;
  devices: Record<string, Device>;
  presence: PresenceSpan[];
  /** Set when the person pressed Leave on their last device; cleared when they come back. */
  leftAt: number | null;
  /** What their browser last said about encrypted media (null: it did not say). */
  e2eeSupported: boolean | null;
  /** Where a member said they are at join, for emergencies; staff only. */
  location: { city: string; region: string } | null;
};

export type QueueEntry = { personId: string; source: 'hand' | 'goRound'; raisedAt: number };
export type Turn = { personId: string; source: 'hand' | 'goRound'; startedAt: number; endsAt: number | null };

/** Who speaks and when. */
export type Turns = {
  queue: QueueEntry[];
  /** Grows with every change to the queue or the current turn; staff commands name the one they saw. */
  queueVersion: number;
  current: Turn | null;
  turnSeconds: number | null;
  autoEnd: boolean;
  goRound: { passed: string[] } | null;
  talkingPiece: boolean;
};

/**
 * Turns taken and passes, per person, for the whole session: "not yet shared" and the attendance
 * record. Apart from `turns`, since they change only when a turn starts or is passed: a raised or
 * lowered hand neither stores them again nor remakes the staff's `shares`.
 */
export type ShareCounts = Record<string, { turns: number; passes: number }>;

export type BreakoutRoom = { id: string; name: string; memberIds: string[] };

/** Small rooms for paired reflection; null when everyone is in the main room. */
export type Breakouts = {
  /** Counts breakout rounds in the session, so reflections belong to one. */
  round: number;
  prompt: string;
  startedAt: number;
  endsAt: number;
  rooms: BreakoutRoom[];
  broadcasts: Array<{ text: string; at: number }>;
  help: Record<string, { at: number; acknowledged: boolean }>;
  /** Staff visiting a room, by staff person id. */
  visits: Record<string, string>;
};

export type Reflection = { personId: string; round: number; text: string; shared: boolean; at: number };

export type Support = {
  /** "I need support" signals, by member. */
  signals: Record<string, { at: number; acknowledged: boolean }>;
  /** 1:1 support rooms, by member: who is with them. */
  rooms: Record<string, { staffId: string; startedAt: number }>;
};

export type SessionStatus = 'open' | 'ended';

/** Everything Circle knows about one session; stored whole, updated atomically. */
export type SessionState = {
  id: string;
  /** Grows by one with every change: the store's check-and-set and the clients' catch-up rely on it. */
  version: number;
  title: string;
  agreement: string;
  plannedMinutes: number;
  capacity: number;
  createdAt: number;
  lastActivityAt: number;
  endedAt: number | null;
  status: SessionStatus;
  /** After this instant nothing of the session may remain in the store. */
  retainUntil: number;
  mediaRoom: string;
  /** How long links stay valid after the planned end. */
  linkGraceMs: number;
  /** Bumped to revoke every link of a role issued before (personal links of members and observers excepted). */
  linkGeneration: Record<Role, number>;
  /** No new person may join, not even the waiting room; people already known still reconnect. */
  locked: boolean;
  /**
   * The end-to-end media key (base64 of 32 random bytes) and its index; null when the session
   * was created without encryption. Only admitted devices ever receive it.
   */
  mediaKey: { key: string; index: number } | null;
  /** The people behind the facilitator and co-therapist links, fixed at creation. */
  staff: { facilitator: string; cotherapist: string };
  people: Record<string, Person>;
  turns: Turns;
  shareCounts: ShareCounts;
  /** When the first staff member came in: the session's clinical start. */
  startedAt: number | null;
  /** How long data is kept; see retention.ts. */
  retention: { afterEndMs: number; afterActivityMs: number };
  agenda: { phases: string[]; current: number };
  /** "How are you feeling?" answers, 0–10, per round and person. */
  feelings: { open: FeelingRound | null; checkIn: Record<string, number>; checkOut: Record<string, number> };
  /** Staff notes: never shown to members or observers; gone when the session expires. */
  notes: Array<{ id: string; authorId: string; text: string; at: number }>;
  /** Aftercare and crisis resources shown when the session ends. */
  closing: string;
  breakouts: Breakouts | null;
  /** The number of breakout rounds so far. */
  breakoutRounds: number;
  /** Kept only for the session's life; never logged. */
  reflections: Reflection[];
  support: Support;
  /** Roster order: the order in which people first joined. */
  order: string[];
};

/**
 * Whether any of these top-level parts is another object in `after` than in `before`. The model
 * never mutates a state, so a part that is the very same object is unchanged: what reads only
 * such parts need not be made again.
 */
export function partsChanged(keys: readonly (keyof SessionState)[], before: SessionState, after: SessionState): boolean {
  for (const key of keys) if (before[key] !== after[key]) return true;
  return false;
}

/**
 * The top-level parts `after` holds other objects in than `before` (by the same reasoning, the
 * only ones that changed), and those it no longer has. Parts holding undefined count as absent,
 * as in JSON.
 */
export function partsReplaced(before: SessionState, after: SessionState): { replaced: string[]; dropped: string[] } {
  const replaced: string[] = [];
  const dropped: string[] = [];
  const was = before as Record<string, unknown>;
  const is = after as Record<string, unknown>;
  for (const key in is) {
    if (is[key] === was[key]) continue;
    (is[key] === undefined ? dropped : replaced).push(key);
  }
  for (const key in was) if (!(key in is) && was[key] !== undefined) dropped.push(key);
  return { replaced, dropped };
}

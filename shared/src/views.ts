import { z } from 'zod';
import { DeviceKindSchema, RoleSchema } from './roles.js';
import { ClinicalViewSchema, LocationSchema } from './clinical.js';
import { BreakoutsViewSchema, SharedReflectionSchema, SupportViewSchema } from './breakouts.js';

/** Where a person stands with the session. */
export const PersonStatus = { waiting: 'waiting', admitted: 'admitted', removed: 'removed' } as const;
export type PersonStatus = (typeof PersonStatus)[keyof typeof PersonStatus];
export const PersonStatusSchema = z.enum([PersonStatus.waiting, PersonStatus.admitted, PersonStatus.removed]);

export const AttendanceMode = { online: 'online', inRoom: 'inRoom' } as const;
export type AttendanceMode = (typeof AttendanceMode)[keyof typeof AttendanceMode];
export const AttendanceModeSchema = z.enum([AttendanceMode.online, AttendanceMode.inRoom]);

export const DeviceViewSchema = z.object({
  id: z.string(),
  kind: DeviceKindSchema,
  connected: z.boolean(),
  /** LiveKit identity of this device, so the client can match video tiles to people. */
  identity: z.string(),
});
export type DeviceView = z.infer<typeof DeviceViewSchema>;

export const PersonViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  status: PersonStatusSchema,
  attendance: AttendanceModeSchema,
  /** True while at least one of the person's devices is connected (in-room members: always). */
  present: z.boolean(),
  devices: z.array(DeviceViewSchema),
  /** Whether their browser said it can do encrypted media (null: unknown, or not shown to this audience). Staff only. */
  e2eeSupported: z.boolean().nullable(),
  /** Staff only: where a member said they are (null otherwise). */
  location: LocationSchema.nullable(),
});
export type PersonView = z.infer<typeof PersonViewSchema>;

export const QueueEntrySchema = z.object({
  personId: z.string(),
  /** Raised their own hand, or placed by a go-round. */
  source: z.enum(['hand', 'goRound']),
  raisedAt: z.number(),
});

export const TurnSchema = z.object({
  personId: z.string(),
  /** A raised hand, or their place in a go-round (only a go-round turn can be passed). */
  source: z.enum(['hand', 'goRound']),
  startedAt: z.number(),
  /** Absolute time the turn's length runs out (null: no timer), so every client agrees. */
  endsAt: z.number().nullable(),
});

export const TurnsViewSchema = z.object({
  queue: z.array(QueueEntrySchema),
  queueVersion: z.number().int(),
  current: TurnSchema.nullable(),
  turnSeconds: z.number().int().nullable(),
  autoEnd: z.boolean(),
  goRound: z.object({ remaining: z.number().int(), passed: z.array(z.string()) }).nullable(),
  talkingPiece: z.boolean(),
});
export type TurnsView = z.infer<typeof TurnsViewSchema>;

/** Staff only: who has spoken how often, for "not yet shared". */
export const ShareCountSchema = z.object({ personId: z.string(), turns: z.number().int(), passes: z.number().int() });

/**
 * What one audience sees of a session. Staff see the waiting room; members and observers see
 * only admitted people. `version` grows with every change so a client can tell it is behind.
 */
export const SessionViewSchema = z.object({
  sessionId: z.string(),
  version: z.number().int(),
  title: z.string(),
  status: z.enum(['open', 'ended']),
  /** No new person can join, not even the waiting room. */
  locked: z.boolean(),
  /** Media is end-to-end encrypted: the client sets the key from media:key before connecting. */
  e2ee: z.boolean(),
  agreement: z.string(),
  mediaRoom: z.string(),
  people: z.array(PersonViewSchema),
  waiting: z.array(PersonViewSchema),
  turns: TurnsViewSchema,
  /** Staff only (empty for everyone else). */
  shares: z.array(ShareCountSchema),
  clinical: ClinicalViewSchema,
  breakouts: BreakoutsViewSchema.nullable(),
  support: SupportViewSchema,
  /** Reflections shared back from the last breakouts (never the private ones, never who kept theirs). */
  reflections: z.array(SharedReflectionSchema),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

/** What a connected person needs to know about themselves. */
export const SelfViewSchema = z.object({
  personId: z.string(),
  deviceId: z.string(),
  role: RoleSchema,
  name: z.string(),
  status: PersonStatusSchema,
  /** False while talking-piece mode holds this person's microphone closed. */
  micAllowed: z.boolean(),
  /** Their own check-in and check-out answers; nobody else's. */
  feelings: z.object({ checkIn: z.number().int().nullable(), checkOut: z.number().int().nullable() }),
  /** Their own reflection in the current or last breakouts. */
  reflection: z.object({ text: z.string(), shared: z.boolean() }).nullable(),
  /** Their own "I need support" signal, if one is open. */
  support: z.object({ at: z.number(), acknowledged: z.boolean() }).nullable(),
});
export type SelfView = z.infer<typeof SelfViewSchema>;

/** Facts a link's holder may see before joining. */
export const LinkInfoSchema = z.object({
  sessionId: z.string(),
  title: z.string(),
  role: RoleSchema,
  agreement: z.string(),
  /** Set when the link names a person who already joined (a personal link). */
  personName: z.string().nullable(),
});
export type LinkInfo = z.infer<typeof LinkInfoSchema>;

export const MediaGrantSchema = z.object({
  url: z.string(),
  room: z.string(),
  identity: z.string(),
  token: z.string(),
  canPublish: z.boolean(),
});
export type MediaGrant = z.infer<typeof MediaGrantSchema>;

import { z } from 'zod';
import { DeviceKindSchema, Role } from './roles.js';
import { NameSchema, PersonIdSchema } from './fields.js';
import { MediaGrantSchema, SelfViewSchema, SessionViewSchema } from './views.js';
import { clinicalCommands, LocationSchema } from './clinical.js';
import { breakoutCommands } from './breakouts.js';

/**
 * Client → server commands. One entry per command: the payload schema (strict, so unknown
 * keys are refused) and the schema of what a successful ack carries besides `ok: true`.
 */
const Nothing = z.strictObject({});
const target = z.strictObject({ personId: PersonIdSchema });
/** The queue version the sender acted on: two staff pressing at once advance the queue once. */
const QueueVersion = z.number({ error: 'queueVersion is required' }).int().nonnegative();
/** Members act for themselves; staff may name someone (an in-room member, say). */
const selfOrTarget = z.strictObject({ personId: PersonIdSchema.optional() });

export const commands = {
  /** Enter the session from this device: a new person (name + agreement) or one already known by a personal link. */
  'session:join': {
    payload: z.strictObject({
      name: NameSchema.optional(),
      agreed: z.literal(true, { error: 'You need to agree to the group agreement' }).optional(),
      deviceKind: DeviceKindSchema,
      /** Whether this browser can do end-to-end encrypted media; shown to staff before they admit. */
      e2eeSupported: z.boolean().optional(),
      /** Members: where they are right now (optional, encouraged); only staff see it. */
      location: LocationSchema.optional(),
    }),
    result: z.object({
      self: SelfViewSchema,
      view: SessionViewSchema,
      /** A personal link token: keeps this person across reloads and lets a second device join as them. */
      personToken: z.string(),
    }),
  },
  /** Leave the session from this device. */
  'session:leave': { payload: Nothing, result: z.object({}) },
  /** Ask again for the current view (after a reconnect, or when a version gap shows a missed change). */
  'session:sync': {
    payload: Nothing,
    result: z.object({ self: SelfViewSchema, view: SessionViewSchema }),
  },
  /** A fresh LiveKit token for this device (before the old one expires, or after a reconnect). */
  'media:renew': { payload: Nothing, result: z.object({ grant: MediaGrantSchema }) },
  'person:admit': { payload: target, result: z.object({}) },
  'person:admitAll': { payload: Nothing, result: z.object({ admitted: z.number().int() }) },
  'person:sendToWaiting': { payload: target, result: z.object({}) },
  'person:remove': { payload: target, result: z.object({}) },
  'hand:raise': { payload: selfOrTarget, result: z.object({}) },
  'hand:lower': { payload: selfOrTarget, result: z.object({}) },
  /** Moves someone in the speaking queue to a new place (0 = first in line). */
  'queue:move': {
    payload: z.strictObject({ personId: PersonIdSchema, toIndex: z.number().int().min(0).max(100), queueVersion: QueueVersion }),
    result: z.object({}),
  },
  'queue:remove': { payload: z.strictObject({ personId: PersonIdSchema, queueVersion: QueueVersion }), result: z.object({}) },
  /** The first in line becomes the current speaker; the current turn ends. */
  'queue:next': { payload: z.strictObject({ queueVersion: QueueVersion }), result: z.object({}) },
  /** Ends the current turn without starting another. */
  'turn:end': { payload: z.strictObject({ queueVersion: QueueVersion }), result: z.object({}) },
  /** During a go-round: the current speaker (or someone waiting for their turn) passes. */
  'turn:pass': { payload: Nothing, result: z.object({}) },
  /** The per-turn length (null: none) and whether a turn ends by itself when the time is up. */
  'timer:set': {
    payload: z.strictObject({
      seconds: z.number().int().min(15, 'A turn must be at least 15 seconds').max(1800, 'A turn can be at most 30 minutes').nullable(),
      autoEnd: z.boolean(),
    }),
    result: z.object({}),
  },
  /** Fills the queue with every present member, in roster order or the order given. */
  'goRound:start': {
    payload: z.strictObject({ order: z.array(PersonIdSchema).max(30).optional() }),
    result: z.object({ queued: z.number().int() }),
  },
  'goRound:end': { payload: Nothing, result: z.object({}) },
  /** Soft mute: the member can unmute. */
  'mic:mute': { payload: target, result: z.object({ muted: z.number().int() }) },
  'mic:muteAll': { payload: Nothing, result: z.object({ muted: z.number().int() }) },
  /** Only the current speaker and staff may use a microphone, enforced at the media server. */
  'talkingPiece:set': { payload: z.strictObject({ on: z.boolean() }), result: z.object({}) },
  /** While locked no new person gets in, not even to the waiting room; people already known still reconnect. */
  'session:lock': { payload: z.strictObject({ locked: z.boolean() }), result: z.object({}) },
  /** A fresh role link; the old one stops working at once. Personal links of people who joined keep working. */
  'links:reissue': {
    payload: z.strictObject({ role: z.enum([Role.member, Role.observer]) }),
    result: z.object({ link: z.string() }),
  },
  ...clinicalCommands,
  ...breakoutCommands,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandPayload<K extends CommandName> = z.infer<Commands[K]['payload']>;
export type CommandResult<K extends CommandName> = z.infer<Commands[K]['result']>;
export const commandNames = Object.keys(commands) as CommandName[];

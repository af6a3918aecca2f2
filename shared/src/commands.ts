import { z } from 'zod';
import { DeviceKindSchema } from './roles.js';
import { NameSchema, PersonIdSchema } from './fields.js';
import { MediaGrantSchema, SelfViewSchema, SessionViewSchema } from './views.js';

/**
 * Client → server commands. One entry per command: the payload schema (strict, so unknown
 * keys are refused) and the schema of what a successful ack carries besides `ok: true`.
 */
const Nothing = z.strictObject({});
const target = z.strictObject({ personId: PersonIdSchema });

export const commands = {
  /** Enter the session from this device: a new person (name + agreement) or one already known by a personal link. */
  'session:join': {
    payload: z.strictObject({
      name: NameSchema.optional(),
      agreed: z.literal(true, { error: 'You need to agree to the group agreement' }).optional(),
      deviceKind: DeviceKindSchema,
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
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandPayload<K extends CommandName> = z.infer<Commands[K]['payload']>;
export type CommandResult<K extends CommandName> = z.infer<Commands[K]['result']>;
export const commandNames = Object.keys(commands) as CommandName[];

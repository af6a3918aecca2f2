import { z } from 'zod';
import { PersonIdSchema, boundedText } from './fields.js';

const Minutes = z
  .number({ error: 'The duration is a number of minutes' })
  .int('The duration is a whole number of minutes')
  .min(1, 'The duration must be at least 1 minute')
  .max(60, 'The duration can be at most 60 minutes');

const RoomId = z.string().regex(/^r[0-9]{1,2}$/, 'Not a breakout room');

/** How the group is split: into pairs, threes, or a given number of rooms. */
export const BreakoutSizeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pairs') }),
  z.strictObject({ kind: z.literal('threes') }),
  z.strictObject({ kind: z.literal('rooms'), count: z.number().int().min(1, 'At least one room').max(8, 'At most 8 rooms') }),
]);

export const breakoutCommands = {
  /** Random assignment by size, or manual: the rooms as lists of people. */
  'breakouts:start': {
    payload: z.strictObject({
      size: BreakoutSizeSchema,
      assignment: z.union([z.literal('random'), z.strictObject({ rooms: z.array(z.array(PersonIdSchema).min(1).max(15)).min(1).max(8) })]),
      prompt: boundedText(2000, 'The prompt'),
      minutes: Minutes,
    }),
    result: z.object({ rooms: z.number().int() }),
  },
  /** Everyone comes back to the main room now. */
  'breakouts:close': { payload: z.strictObject({}), result: z.object({}) },
  'breakouts:extend': { payload: z.strictObject({ minutes: z.number().int().min(1).max(30, 'Extend by at most 30 minutes') }), result: z.object({}) },
  'breakouts:broadcast': { payload: z.strictObject({ text: boundedText(500, 'A message').min(1, 'A message cannot be empty') }), result: z.object({}) },
  'breakouts:move': { payload: z.strictObject({ personId: PersonIdSchema, roomId: RoomId }), result: z.object({}) },
  /** Staff visit a room (null: back to the main room). */
  'breakouts:visit': { payload: z.strictObject({ roomId: RoomId.nullable() }), result: z.object({}) },
  /** A member in a breakout asks staff for help; staff see which room asked. */
  'breakouts:help': { payload: z.strictObject({}), result: z.object({}) },
  'breakouts:ackHelp': { payload: z.strictObject({ roomId: RoomId }), result: z.object({}) },
  /** A member's reflection in a breakout; shared ones appear in the main room after the return. */
  'reflection:save': {
    payload: z.strictObject({ text: boundedText(2000, 'A reflection'), shared: z.boolean() }),
    result: z.object({}),
  },
  /** "I need support": a private signal only staff see. */
  'support:signal': { payload: z.strictObject({}), result: z.object({}) },
  'support:acknowledge': { payload: z.strictObject({ personId: PersonIdSchema }), result: z.object({}) },
  /** Staff take a member into a 1:1 support room, and bring them back. */
  'support:start': { payload: z.strictObject({ personId: PersonIdSchema }), result: z.object({}) },
  'support:end': { payload: z.strictObject({ personId: PersonIdSchema }), result: z.object({}) },
} as const;

export const BreakoutRoomViewSchema = z.object({ id: z.string(), name: z.string(), memberIds: z.array(z.string()) });

export const BreakoutsViewSchema = z.object({
  prompt: z.string(),
  startedAt: z.number(),
  /** Absolute, so every client and server process agrees on the time left. */
  endsAt: z.number(),
  /** Staff: every room. Members: their own room only. */
  rooms: z.array(BreakoutRoomViewSchema),
  broadcasts: z.array(z.object({ text: z.string(), at: z.number() })),
  /** Staff only: rooms that asked for help. */
  help: z.array(z.object({ roomId: z.string(), at: z.number(), acknowledged: z.boolean() })),
  /** Staff only: who is visiting which room. */
  visits: z.array(z.object({ staffId: z.string(), roomId: z.string() })),
});
export type BreakoutsView = z.infer<typeof BreakoutsViewSchema>;

export const SupportViewSchema = z.object({
  /** Staff only: "I need support" signals, with their time. */
  signals: z.array(z.object({ personId: z.string(), at: z.number(), acknowledged: z.boolean() })),
  /** Staff see who is with whom; members see only who stepped out for a moment. */
  rooms: z.array(z.object({ memberId: z.string(), staffId: z.string().nullable(), startedAt: z.number().nullable() })),
});
export type SupportView = z.infer<typeof SupportViewSchema>;

/** Shared reflections from the last breakouts, for the main room after the return. */
export const SharedReflectionSchema = z.object({ name: z.string(), text: z.string() });

import { z } from 'zod';
import { NameSchema, PersonIdSchema, boundedText } from './fields.js';

/** Where a member is right now, for emergencies in telehealth. Only staff ever see it. */
export const LocationSchema = z.strictObject({
  city: boundedText(80, 'City').min(1, 'Please enter a city or leave location empty'),
  region: boundedText(80, 'State or region'),
});
export type Location = z.infer<typeof LocationSchema>;

export const FeelingRound = { checkIn: 'checkIn', checkOut: 'checkOut' } as const;
export type FeelingRound = (typeof FeelingRound)[keyof typeof FeelingRound];
export const FeelingRoundSchema = z.enum([FeelingRound.checkIn, FeelingRound.checkOut]);

const PhaseName = z.string().trim().min(1, 'Phases need a name').max(40, 'Phase names can be at most 40 characters');
const Score = z
  .number({ error: 'A score is a number from 0 to 10' })
  .int('A score is a whole number from 0 to 10')
  .min(0, 'Scores go from 0 to 10')
  .max(10, 'Scores go from 0 to 10');

export const DEFAULT_AGENDA = ['Check-in', 'Sharing', 'Skills', 'Reflection', 'Check-out'];

/** Times are ISO 8601; minutes are whole minutes. */
export const AttendanceRowSchema = z.object({
  name: z.string(),
  role: z.string(),
  attended: z.enum(['online', 'in the room']),
  firstJoin: z.string().nullable(),
  lastLeave: z.string().nullable(),
  minutesPresent: z.number().int(),
  agreedToGroupAgreement: z.boolean(),
  agreedAt: z.string().nullable(),
  checkIn: z.number().int().nullable(),
  checkOut: z.number().int().nullable(),
  turnsTaken: z.number().int(),
});
export type AttendanceRow = z.infer<typeof AttendanceRowSchema>;

export const AttendanceRecordSchema = z.object({
  sessionId: z.string(),
  title: z.string(),
  plannedMinutes: z.number().int(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  durationMinutes: z.number().int().nullable(),
  people: z.array(AttendanceRowSchema),
});
export type AttendanceRecord = z.infer<typeof AttendanceRecordSchema>;

/** The clinical commands: hybrid roster, agenda, check-in and check-out, staff notes, ending, the record. */
export const clinicalCommands = {
  /** Someone sitting with the facilitator in the physical room: a name, no device. */
  'roster:addInRoom': { payload: z.strictObject({ name: NameSchema }), result: z.object({ personId: z.string() }) },
  'agenda:set': {
    payload: z.strictObject({ phases: z.array(PhaseName).min(1, 'The agenda needs at least one phase').max(12, 'An agenda has at most 12 phases') }),
    result: z.object({}),
  },
  'agenda:goTo': { payload: z.strictObject({ index: z.number().int().min(0).max(11) }), result: z.object({}) },
  /** Opens the "How are you feeling?" scale for a round. */
  'feelings:open': { payload: z.strictObject({ round: FeelingRoundSchema }), result: z.object({}) },
  'feelings:close': { payload: z.strictObject({}), result: z.object({}) },
  /** A member answers privately; staff may answer for an in-room member. */
  'feelings:answer': {
    payload: z.strictObject({ score: Score, personId: PersonIdSchema.optional() }),
    result: z.object({}),
  },
  'note:add': {
    payload: z.strictObject({ text: boundedText(1000, 'A note').min(1, 'A note cannot be empty') }),
    result: z.object({}),
  },
  'session:end': { payload: z.strictObject({}), result: z.object({}) },
  'attendance:export': {
    payload: z.strictObject({}),
    result: z.object({ record: AttendanceRecordSchema, csv: z.string() }),
  },
} as const;

export const ClinicalViewSchema = z.object({
  clock: z.object({ startedAt: z.number().nullable(), plannedMinutes: z.number().int(), endedAt: z.number().nullable() }),
  agenda: z.object({ phases: z.array(z.string()), current: z.number().int() }),
  feelings: z.object({
    open: FeelingRoundSchema.nullable(),
    /** Staff only (empty for everyone else). */
    answers: z.array(z.object({ personId: z.string(), round: FeelingRoundSchema, score: z.number().int() })),
  }),
  /** Staff only. */
  notes: z.array(z.object({ id: z.string(), authorId: z.string(), text: z.string(), at: z.number() })),
  /** Aftercare and crisis resources, shown to everyone once the session has ended. */
  closing: z.string().nullable(),
});
export type ClinicalView = z.infer<typeof ClinicalViewSchema>;

export const DEFAULT_CLOSING = [
  'Thank you for being part of the group today.',
  'Take a few minutes for yourself before going back to your day: a glass of water, a short walk, a few slow breaths.',
  'If you are in crisis or thinking about harming yourself, call or text 988 (the Suicide & Crisis Lifeline, in the US), or call your local emergency number (911 in the US and Canada, 112 in Europe, 999 in the UK).',
  'You can reach your care team through the usual channels before the next session.',
].join('\n');

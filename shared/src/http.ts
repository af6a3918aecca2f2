import { z } from 'zod';

/** `POST /api/sessions` body. */
export const CreateSessionSchema = z.strictObject({
  title: z
    .string({ error: 'title is required' })
    .trim()
    .min(1, 'title must not be empty')
    .max(120, 'title can be at most 120 characters'),
  plannedMinutes: z
    .number({ error: 'plannedMinutes must be a number' })
    .int('plannedMinutes must be a whole number')
    .min(15, 'plannedMinutes must be at least 15')
    .max(240, 'plannedMinutes can be at most 240')
    .default(90),
  capacity: z
    .number({ error: 'capacity must be a number' })
    .int('capacity must be a whole number')
    .min(2, 'capacity must be at least 2')
    .max(15, 'capacity can be at most 15')
    .default(12),
  /** End-to-end encrypted media: the server hands a key to admitted devices only. */
  e2ee: z.boolean({ error: 'e2ee must be true or false' }).default(true),
  /** Aftercare and crisis resources for the closing card; the server's default when absent. */
  closing: z.string().trim().min(1, 'closing must not be empty').max(2000, 'closing can be at most 2,000 characters').optional(),
});
export type CreateSession = z.infer<typeof CreateSessionSchema>;

export const CreatedSessionSchema = z.object({
  sessionId: z.string(),
  links: z.object({ facilitator: z.string(), cotherapist: z.string(), member: z.string(), observer: z.string() }),
});
export type CreatedSession = z.infer<typeof CreatedSessionSchema>;

export const HealthSchema = z.object({ ok: z.literal(true), store: z.enum(['redis', 'memory']), livekit: z.string() });

/** Every HTTP error body. */
export type HttpError = { error: { code: string; message: string } };

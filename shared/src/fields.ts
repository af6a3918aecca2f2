import { z } from 'zod';

// Control characters (C0, DEL, C1) and bidi overrides make names that render misleadingly.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export const NameSchema = z
  .string({ error: 'Your name is required' })
  .trim()
  .min(1, 'Please enter your name')
  .max(40, 'Names can be at most 40 characters')
  .refine((s) => !UNPRINTABLE.test(s), 'Names cannot contain control characters');

export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{4,40}$/, 'Not a valid id');
export const PersonIdSchema = IdSchema;
export const DeviceIdSchema = IdSchema;
export const SessionIdSchema = IdSchema;

export function boundedText(max: number, what: string) {
  return z
    .string()
    .trim()
    .max(max, `${what} can be at most ${max.toLocaleString('en-US')} characters`);
}

import pino from 'pino';
import type { Logger } from './gateway/types.js';

/** Fields that could carry personal data or secrets, wherever a caller's object puts them. */
const SECRET_FIELDS = new Set(['name', 'token', 'personToken', 'link', 'links', 'title', 'authorization', 'key', 'mediaKey']);
const CENSOR = '[redacted]';

/**
 * JSON lines on stdout. Callers pass opaque ids only; as a second guard the fields that
 * could carry personal data or secrets are redacted in the object logged and in the objects it
 * holds (the two levels pino's `redact` paths `field` and `*.field` covered). Not pino's
 * `redact` option: from pino 10 on it clones and re-parses its paths for every value of every
 * line, which was about 6 % of all a loaded server allocated (bench/RESULTS.md), for lines that
 * almost never hold such a field.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger & pino.Logger {
  const options: pino.LoggerOptions = { level, base: { service: 'circle' }, formatters: { log: redacted } };
  return destination ? pino(options, destination) : pino(options);
}

/** `fields` as logged: the very object when nothing in it needs hiding, else a copy with those fields censored. */
export function redacted(fields: Record<string, unknown>): Record<string, unknown> {
  return censored(fields, 1) as Record<string, unknown>;
}

/** `value` with the listed fields censored in it and `depth` levels below; copied only where one is found. */
function censored(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const holder = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key in holder) {
    const child = holder[key];
    if (!Object.hasOwn(holder, key) || child === undefined) continue;
    const shown = SECRET_FIELDS.has(key) ? CENSOR : depth > 0 ? censored(child, depth - 1) : child;
    if (shown === child) continue;
    copy ??= copyOf(holder);
    copy[key] = shown;
  }
  return copy ?? value;
}

/** A shallow copy that keeps the prototype and every own property (an Error's message and stack included). */
function copyOf<T extends object>(value: T): T {
  return Object.defineProperties(Object.create(Object.getPrototypeOf(value) as object | null) as T, Object.getOwnPropertyDescriptors(value));
}

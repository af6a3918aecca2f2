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
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination: pino.DestinationStream = logDestination()): Logger & pino.Logger {
  const options: pino.LoggerOptions = { level, base: { service: 'circle' }, formatters: { log: redacted } };
  return pino(options, destination);
}

/**
 * Stdout (or `dest`), written in chunks of 4 KB or every `flushMs`, whichever comes first, and
 * flushed when the process exits. pino's own default writes each line as it comes: with an audit line
 * for every staff command that was a write to stdout each, handed to libuv's thread pool and
 * waking whatever reads the pipe, and in the bench it cost more of the server's time than any of
 * Circle's own functions (bench/RESULTS.md). A process killed outright may lose the lines of its
 * last `flushMs`.
 */
export function logDestination(dest: number | string = 1, flushMs = 250): ReturnType<typeof pino.destination> {
  return pino.destination({ dest, sync: false, minLength: 4096, periodicFlush: flushMs });
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

import pino from 'pino';
import type { Logger } from './gateway/types.js';

/**
 * JSON lines on stdout. Callers pass opaque ids only; as a second guard the fields that
 * could carry personal data or secrets are redacted wherever they appear.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger & pino.Logger {
  return pino({
    level,
    base: { service: 'circle' },
    redact: {
      paths: ['name', 'token', 'personToken', 'link', 'links', 'title', 'authorization', 'key', 'mediaKey'].flatMap((field) => [field, `*.${field}`]),
      censor: '[redacted]',
    },
  });
}

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
    redact: { paths: ['name', '*.name', 'token', '*.token', 'authorization', '*.authorization', 'key', '*.key'], censor: '[redacted]' },
  });
}

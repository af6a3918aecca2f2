import { rateLimit, type RateLimitRequestHandler, type Store } from 'express-rate-limit';
import { ErrorCode, type HttpError } from '@circle/shared';

/** At most `limit` requests per client address in each window of `windowMs`. */
export type HttpRate = { windowMs: number; limit: number };

export type HttpRates = {
  /** Creating sessions needs the admin key: a tight limit also slows anyone guessing it. */
  createSession: HttpRate;
  /** Every join page asks once; a clinic's members may share one address, so this is per minute. */
  inspectLink: HttpRate;
  /** Everything under /api, as a ceiling. */
  api: HttpRate;
};

export const DEFAULT_HTTP_RATES: HttpRates = {
  createSession: { windowMs: 15 * 60_000, limit: 60 },
  inspectLink: { windowMs: 60_000, limit: 120 },
  api: { windowMs: 60_000, limit: 600 },
};

/**
 * One limiter answering like every other HTTP error. Its counts are in this process unless a
 * store is given; a store that fails (Redis down) makes the request fail with it, as a 503,
 * rather than let it through uncounted.
 */
export function httpLimiter(rate: HttpRate, store?: Store): RateLimitRequestHandler {
  return rateLimit({
    ...(store ? { store } : {}),
    windowMs: rate.windowMs,
    limit: rate.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      const body: HttpError = { error: { code: ErrorCode.rateLimited, message: 'Too many requests; please wait a minute and try again' } };
      res.status(429).json(body);
    },
  });
}

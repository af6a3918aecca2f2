import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type NextFunction } from 'express';
import { CreateSessionSchema, ErrorCode, SessionIdSchema, type HttpError } from '@circle/shared';
import type { SessionService } from '../app/session-service.js';
import { attendanceCsv } from '../app/attendance-csv.js';
import type { SessionStore } from '../ports/session-store.js';
import { describeIssues } from '../gateway/socket-gateway.js';
import { DEFAULT_HTTP_RATES, httpLimiter, type HttpRates } from './rate-limits.js';
import type { LimitCounts } from './limit-counts.js';

export type RouteDeps = {
  sessions: SessionService;
  store: SessionStore;
  adminKey: string;
  livekitUrl: string;
  rates?: HttpRates;
  /** Counts shared by every process (in Redis); each process's own when absent. */
  counts?: LimitCounts;
};

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } } satisfies HttpError);
}

function bearer(req: Request): string | null {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  return match?.[1] ?? null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function apiRoutes(deps: RouteDeps): express.Router {
  const router = express.Router();
  const rates = deps.rates ?? DEFAULT_HTTP_RATES;
  const limiter = (name: keyof HttpRates) => httpLimiter(rates[name], deps.counts?.(name));
  // Counted before the body is parsed, so a flood costs as little as possible.
  router.use('/api', limiter('api'));
  router.use(express.json({ limit: '16kb' }));

  const requireAdmin = (req: Request, res: Response, next: NextFunction) => {
    const key = bearer(req);
    if (!key || !sameSecret(key, deps.adminKey)) return fail(res, 401, 'unauthorized', 'A valid admin key is required');
    next();
  };

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, store: deps.store.kind, livekit: deps.livekitUrl });
  });

  router.post('/api/sessions', limiter('createSession'), requireAdmin, async (req, res) => {
    const body = CreateSessionSchema.safeParse(req.body ?? {});
    if (!body.success) return fail(res, 400, ErrorCode.invalidCommand, describeIssues(body.error));
    const created = await deps.sessions.create(body.data);
    res.status(201).json({ sessionId: created.state.id, links: created.links });
  });

  router.get('/api/links/inspect', limiter('inspectLink'), async (req, res) => {
    const token = bearer(req);
    if (!token) return fail(res, 401, 'invalid_link', 'This link is not valid');
    const inspected = await deps.sessions.inspect(token);
    if (inspected.ok) return void res.json(inspected.info);
    const status = { invalid_link: 401, expired_link: 410, removed: 403, session_ended: 410, session_locked: 423 }[inspected.refusal.code];
    fail(res, status, inspected.refusal.code, inspected.refusal.message);
  });

  router.get('/api/sessions/:id/attendance', requireAdmin, async (req, res) => {
    const id = SessionIdSchema.safeParse(req.params.id);
    const record = id.success ? await deps.sessions.attendance(id.data) : null;
    if (!record) return fail(res, 404, ErrorCode.notFound, 'There is no session with that id (it may have expired)');
    if (req.query.format === 'csv') {
      res.type('text/csv').attachment(`attendance-${record.sessionId}.csv`).send(attendanceCsv(record));
      return;
    }
    res.json(record);
  });

  return router;
}

/** Last in the chain: malformed JSON and anything unexpected get a JSON answer, never a stack trace. */
export function errorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
  if (status === 400) return fail(res, 400, ErrorCode.invalidCommand, 'The request body is not valid JSON');
  if (status === 413) return fail(res, 413, ErrorCode.invalidCommand, 'The request body is too large');
  if (status === 503 || (error instanceof Error && error.name === 'StoreUnavailableError')) {
    return fail(res, 503, ErrorCode.unavailable, 'Circle is temporarily unavailable');
  }
  fail(res, 500, ErrorCode.internal, 'Something went wrong');
}

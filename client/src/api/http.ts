import { ErrorCode, LinkInfoSchema, type LinkInfo } from '@circle/shared';

/** The outcome of an HTTP call, with a message fit to show to people when it failed. */
export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; code: string; message: string };

export type SessionLinks = { facilitator: string; cotherapist: string; member: string; observer: string };
export type CreatedSession = { sessionId: string; links: SessionLinks };
export type NewSessionRequest = { title: string; plannedMinutes?: number; capacity?: number };

/** `status: 0` means the server could not be reached at all. */
export const NETWORK_ERROR_CODE = 'network';
/** A 2xx whose body is not what was asked for (a captive portal, a proxy's page). */
const BAD_RESPONSE = 'bad_response';
const UNREACHABLE = "Circle can't be reached right now. Please check your connection and try again.";

/**
 * Whether a failed call says nothing about what was asked, only that Circle could not answer it
 * now (offline, restarting, its store briefly gone, too many requests, a proxy's error page):
 * worth trying again, and no reason to think a link or token is bad.
 */
export function isTemporary(code: string): boolean {
  return (
    code === NETWORK_ERROR_CODE ||
    code === ErrorCode.unavailable ||
    code === ErrorCode.rateLimited ||
    code === ErrorCode.internal ||
    code === BAD_RESPONSE ||
    /^http_5\d\d$/.test(code)
  );
}

type Fetch = typeof fetch;

function fallbackMessage(status: number): string {
  if (status === 401) return 'That key was not accepted.';
  if (status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
  return 'That request was not accepted.';
}

async function failure(response: Response): Promise<ApiResult<never>> {
  let code = `http_${response.status}`;
  let message = fallbackMessage(response.status);
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string' && body.error.message !== '') message = body.error.message;
  } catch {
    // Not JSON: keep the fallback.
  }
  return { ok: false, status: response.status, code, message };
}

async function request<T>(fetchImpl: Fetch, url: string, init: RequestInit, parse: (body: unknown) => T | null): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, code: NETWORK_ERROR_CODE, message: UNREACHABLE };
  }
  if (!response.ok) return failure(response);
  let value: T | null = null;
  try {
    value = parse(await response.json());
  } catch {
    value = null;
  }
  if (value === null) {
    return { ok: false, status: response.status, code: BAD_RESPONSE, message: 'Circle sent an answer this page does not understand. Please reload.' };
  }
  return { ok: true, value };
}

function parseCreated(body: unknown): CreatedSession | null {
  const b = body as Partial<CreatedSession> | null;
  const links = b?.links;
  if (typeof b?.sessionId !== 'string' || !links) return null;
  const roles = ['facilitator', 'cotherapist', 'member', 'observer'] as const;
  if (!roles.every((r) => typeof links[r] === 'string')) return null;
  return { sessionId: b.sessionId, links };
}

/** `POST /api/sessions` with the facilitator's admin key. */
export function createSession(adminKey: string, body: NewSessionRequest, fetchImpl: Fetch = fetch): Promise<ApiResult<CreatedSession>> {
  return request(
    fetchImpl,
    '/api/sessions',
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    },
    parseCreated,
  );
}

/** `GET /api/links/inspect`: what a link (or a personal token) gives access to. The token travels only in the header. */
export function inspectLink(token: string, fetchImpl: Fetch = fetch): Promise<ApiResult<LinkInfo>> {
  return request(fetchImpl, '/api/links/inspect', { headers: { Authorization: `Bearer ${token}` } }, (body) => {
    const parsed = LinkInfoSchema.safeParse(body);
    return parsed.success ? parsed.data : null;
  });
}

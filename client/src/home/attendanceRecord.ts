import { NETWORK_ERROR_CODE, type ApiResult } from '../api/http';

/**
 * `GET /api/sessions/:id/attendance?format=csv` with the admin key: the attendance record of a
 * session, final once it has ended (when the room itself can no longer export it).
 */
export async function fetchAttendanceCsv(adminKey: string, sessionId: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<string>> {
  const id = sessionId.trim();
  if (!/^[A-Za-z0-9_-]{4,40}$/.test(id)) {
    return { ok: false, status: 400, code: 'invalid_command', message: 'That does not look like a session id. It is shown with the session’s links and on the closing card facilitators see.' };
  }
  let response: Response;
  try {
    response = await fetchImpl(`/api/sessions/${id}/attendance?format=csv`, {
      headers: { Authorization: `Bearer ${adminKey}` },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, status: 0, code: NETWORK_ERROR_CODE, message: "Circle can't be reached right now. Please check your connection and try again." };
  }
  if (response.ok) return { ok: true, value: await response.text() };
  let message = response.status === 401 ? 'That key was not accepted.' : response.status === 404 ? 'There is no session with that id (it may have expired).' : 'That request was not accepted.';
  let code = `http_${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string' && body.error.message !== '') message = body.error.message;
  } catch {
    // Not JSON: keep the words above.
  }
  return { ok: false, status: response.status, code, message };
}

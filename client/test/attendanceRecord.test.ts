import { describe, expect, it } from 'vitest';
import { fetchAttendanceCsv } from '../src/home/attendanceRecord';

function fakeFetch(response: () => Response) {
  const calls: { url: string; auth: string | null }[] = [];
  const impl = (async (url: string, init?: RequestInit) => {
    calls.push({ url, auth: new Headers(init?.headers).get('authorization') });
    return response();
  }) as typeof fetch;
  return { calls, impl };
}

describe('the attendance record from the home page', () => {
  it('asks for the CSV with the admin key', async () => {
    const f = fakeFetch(() => new Response('Session,Tuesday\r\n', { status: 200 }));
    expect(await fetchAttendanceCsv('key-1', ' sess1 ', f.impl)).toEqual({ ok: true, value: 'Session,Tuesday\r\n' });
    expect(f.calls).toEqual([{ url: '/api/sessions/sess1/attendance?format=csv', auth: 'Bearer key-1' }]);
  });

  it('says why it was refused, in the server’s words', async () => {
    const f = fakeFetch(() => Response.json({ error: { code: 'unauthorized', message: 'A valid admin key is required' } }, { status: 401 }));
    expect(await fetchAttendanceCsv('wrong', 'sess1', f.impl)).toMatchObject({ ok: false, status: 401, message: 'A valid admin key is required' });
  });

  it('checks the id before asking', async () => {
    const f = fakeFetch(() => new Response(''));
    expect(await fetchAttendanceCsv('key', '../x', f.impl)).toMatchObject({ ok: false, status: 400 });
    expect(f.calls).toEqual([]);
  });

  it('tells when Circle cannot be reached', async () => {
    const impl = (async () => {
      throw new TypeError('offline');
    }) as typeof fetch;
    expect(await fetchAttendanceCsv('key', 'sess1', impl)).toMatchObject({ ok: false, status: 0, code: 'network' });
  });
});

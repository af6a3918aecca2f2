import { describe, expect, it } from 'vitest';
import { createSession, inspectLink, isTemporary } from '../src/api/http';

type Call = { url: string; init: RequestInit };

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  }) as unknown as typeof fetch;
  return { calls, impl };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const links = { facilitator: 'u/f', cotherapist: 'u/c', member: 'u/m', observer: 'u/o' };

describe('creating a session', () => {
  it('sends the admin key as a bearer token and the body as JSON', async () => {
    const f = fakeFetch(() => json(201, { sessionId: 's1', links }));
    const result = await createSession('key-1', { title: 'Group', plannedMinutes: 90, capacity: 12 }, f.impl);
    expect(result).toEqual({ ok: true, value: { sessionId: 's1', links } });
    expect(f.calls[0]?.url).toBe('/api/sessions');
    expect(f.calls[0]?.init.method).toBe('POST');
    expect((f.calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer key-1');
    expect(JSON.parse(String(f.calls[0]?.init.body))).toEqual({ title: 'Group', plannedMinutes: 90, capacity: 12 });
  });

  it('passes on the server’s message', async () => {
    const f = fakeFetch(() => json(401, { error: { code: 'unauthorized', message: 'A valid admin key is required' } }));
    expect(await createSession('bad', { title: 'Group' }, f.impl)).toEqual({
      ok: false,
      status: 401,
      code: 'unauthorized',
      message: 'A valid admin key is required',
    });
  });

  it('says plainly when the server cannot be reached', async () => {
    const f = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const result = await createSession('k', { title: 'Group' }, f.impl);
    expect(result).toMatchObject({ ok: false, status: 0, code: 'network' });
  });
});

describe('inspecting a link', () => {
  it('sends the token in the Authorization header only', async () => {
    const info = { sessionId: 's1', title: 'Group', role: 'member', agreement: 'Be kind.', personName: null };
    const f = fakeFetch(() => json(200, info));
    expect(await inspectLink('tok.sig', f.impl)).toEqual({ ok: true, value: info });
    expect(f.calls[0]?.url).toBe('/api/links/inspect');
    expect((f.calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer tok.sig');
  });

  it('refuses an answer that is not a LinkInfo', async () => {
    const f = fakeFetch(() => json(200, { sessionId: 's1' }));
    expect(await inspectLink('t', f.impl)).toMatchObject({ ok: false, code: 'bad_response' });
  });

  it('reports the refusal code and message', async () => {
    const f = fakeFetch(() => json(410, { error: { code: 'expired_link', message: 'This link has expired' } }));
    expect(await inspectLink('t', f.impl)).toMatchObject({ ok: false, status: 410, code: 'expired_link', message: 'This link has expired' });
  });
});

describe('telling a passing failure from a bad link', () => {
  it('counts offline, a busy or failing server and a proxy’s error page as worth trying again', () => {
    for (const code of ['network', 'unavailable', 'rate_limited', 'internal', 'bad_response', 'http_502', 'http_503']) {
      expect(isTemporary(code), code).toBe(true);
    }
  });

  it('takes what the server says of the link itself at its word', () => {
    for (const code of ['invalid_link', 'expired_link', 'removed', 'session_ended', 'session_locked', 'http_404', 'http_500x']) {
      expect(isTemporary(code), code).toBe(false);
    }
  });
});

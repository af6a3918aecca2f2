import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpError, LinkInfo } from '@circle/shared';
import { ADMIN_KEY, Harness, send, tokenOf } from '../support/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await new Harness().start();
});
afterAll(() => harness.stop());

function post(body: string, key = ADMIN_KEY) {
  return fetch(`${harness.url}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });
}

function inspect(token: string) {
  return fetch(`${harness.url}/api/links/inspect`, { headers: { authorization: `Bearer ${token}` } });
}

describe('HTTP surface', () => {
  it('reports health with the store kind and the LiveKit URL', async () => {
    const res = await fetch(`${harness.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, store: 'memory', livekit: 'ws://localhost:7880' });
  });

  it('creates a session with a link per role', async () => {
    const res = await post(JSON.stringify({ title: 'Tuesday DBT skills', plannedMinutes: 90, capacity: 10 }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { sessionId: string; links: Record<string, string> };
    expect(Object.keys(body.links)).toEqual(['facilitator', 'cotherapist', 'member', 'observer']);
    for (const link of Object.values<string>(body.links)) expect(link).toMatch(/^http:\/\/localhost:0\/join#[\w-]+\.[\w-]+$/);
    const state = await harness.circle.sessions.load(body.sessionId);
    expect(state).toMatchObject({ title: 'Tuesday DBT skills', plannedMinutes: 90, capacity: 10 });
  });

  it('refuses a wrong or missing admin key with 401 and creates nothing', async () => {
    expect((await post(JSON.stringify({ title: 'x' }), 'wrong')).status).toBe(401);
    const res = await fetch(`${harness.url}/api/sessions`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'A valid admin key is required' } });
  });

  it.each([
    ['{}', 'title is required'],
    ['{"title":""}', 'title must not be empty'],
    ['{"title":"x","plannedMinutes":"ninety"}', 'plannedMinutes must be a number'],
    ['{"title":"x","capacity":40}', 'capacity can be at most 15'],
    ['{"title":"x","extra":1}', 'Unrecognized key: "extra"'],
    ['{not json', 'The request body is not valid JSON'],
  ])('answers the malformed body %s with 400 naming the field', async (body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as HttpError).error.message).toContain(message);
  });

  it('describes a link before joining, and refuses tampered or unknown ones', async () => {
    const created = await harness.createSession({ title: 'Evening group' });
    const ok = await inspect(tokenOf(created.links.member));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sessionId: created.sessionId, title: 'Evening group', role: 'member', personName: null });
    const tampered = tokenOf(created.links.member).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const bad = await inspect(tampered);
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as HttpError).error.code).toBe('invalid_link');
  });

  it('names the person behind a personal link', async () => {
    const created = await harness.createSession();
    const socket = await harness.connect(created.links.member, 'alice-phone');
    const ack = await send(socket, 'session:join', { name: 'Alice', agreed: true, deviceKind: 'media' });
    if (!ack.ok) throw new Error(ack.error.message);
    const res = await inspect(ack.personToken);
    expect(((await res.json()) as LinkInfo).personName).toBe('Alice');
  });

  it('sends security headers', async () => {
    const res = await fetch(`${harness.url}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain('connect-src');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from './support/harness.js';
import { ServerProcess } from './reliability/support/server-process.js';

// The README's first command, `npm install && npm start`, runs the server as a bundle under
// plain node (server/build.mjs), with the in-process store when no Redis is given. This builds
// the bundle and starts it the same way.

const BUILD = fileURLToPath(new URL('../build.mjs', import.meta.url));
let server: ServerProcess;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [BUILD]);
  server = await ServerProcess.start({}, { bundle: true });
}, 60_000);
afterAll(() => server?.kill('SIGTERM'));

describe('the bundle npm start runs', () => {
  it('serves health, keeps sessions in memory without Redis, and creates a session', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true, store: 'memory' });
    const created = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Tuesday group' }),
    });
    expect(created.status).toBe(201);
    expect(Object.keys(((await created.json()) as { links: object }).links).sort()).toEqual(['cotherapist', 'facilitator', 'member', 'observer']);
    expect(server.output).toContain('REDIS_URL is not set');
  });

  it('stops cleanly on SIGTERM', async () => {
    server.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});

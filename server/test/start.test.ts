import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from './support/harness.js';
import { ServerProcess, UNREACHABLE_LIVEKIT } from './reliability/support/server-process.js';
import { freePort, waitForHealth } from '../bench/lib/children.js';

// The README's first command, `npm install && npm start`, runs the server as a bundle under
// plain node (server/build.mjs), with the in-process store when no Redis is given. This builds
// the bundle and starts it the same way.

const BUILD = fileURLToPath(new URL('../build.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
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

// `docker stop`, systemd and most process managers send SIGTERM to the process they started:
// npm, here, which hands it to its child, a shell running the script. Unless the script's shell
// gives way to the server (`exec`), the shell dies and the server, never told, runs on without
// a parent: in a container it is then killed outright with the container, no command finished.
describe('npm start, stopped as a container or a process manager stops it', () => {
  it('hands SIGTERM to the server, which shuts down gracefully, and exits 0', async () => {
    const port = await freePort();
    const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), CIRCLE_ADMIN_KEY: ADMIN_KEY, LIVEKIT_URL: UNREACHABLE_LIVEKIT, LOG_LEVEL: 'info' };
    delete env.REDIS_URL;
    // Its own process group, so that whatever it leaves behind can be cleared away below.
    const npm = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise((resolve) => npm.once('exit', (code, signal) => resolve({ code, signal })));
    try {
      await waitForHealth(`http://127.0.0.1:${port}/healthz`, 60_000);
      npm.kill('SIGTERM'); // npm alone, as `docker stop` signals the container's first process
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(output).toContain('"msg":"shutting down"');
      expect(output).toContain('"msg":"stopped"');
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // the group is gone: nothing was left behind
      }
    }
  }, 90_000);
});

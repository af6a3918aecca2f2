import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** This test file's Redis namespace: its servers share sessions; other files' and runs' keys and limit counts stay apart. */
export const REDIS_PREFIX = `circle-e2e-${randomUUID()}`;

export type ServerProcess = { url: string; adminKey: string; output: string[]; stop(): Promise<void> };

/**
 * Starts Circle as users do (`tsx server/src/main.ts`, serving the built client) on a free
 * port, backed by the real Redis and pointed at the given LiveKit URL.
 */
export async function startServer(options: { livekitUrl: string; redisUrl?: string; env?: Record<string, string> }): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminKey = `e2e-${randomUUID()}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: url,
      CIRCLE_ADMIN_KEY: adminKey,
      LIVEKIT_URL: options.livekitUrl,
      LIVEKIT_API_KEY: 'devkey',
      LIVEKIT_API_SECRET: 'secret',
      REDIS_URL: options.redisUrl ?? process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379',
      CIRCLE_REDIS_PREFIX: REDIS_PREFIX,
      NODE_ENV: 'production',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output.join('')}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    adminKey,
    output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export type CreatedSession = {
  sessionId: string;
  links: { facilitator: string; cotherapist: string; member: string; observer: string };
};

/** Creates a session as a scheduling system would, with the admin key over HTTP. */
export async function createSession(server: ServerProcess, body: object): Promise<CreatedSession> {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`creating a session answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CreatedSession;
}

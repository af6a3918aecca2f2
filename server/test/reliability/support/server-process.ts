import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ADMIN_KEY } from '../../support/harness.js';
import { startFlags } from '../../../bench/lib/start-command.js';

const MAIN = fileURLToPath(new URL('../../../src/main.ts', import.meta.url));
/** What `npm start` runs (with startFlags()), once `server/build.mjs` has made it. */
export const BUNDLE = fileURLToPath(new URL('../../../dist/main.js', import.meta.url));
const SERVER_DIR = fileURLToPath(new URL('../../../', import.meta.url));
/** Nothing listens on port 1: media calls fail at once, which the hand-raising paths must not mind. */
export const UNREACHABLE_LIVEKIT = 'ws://127.0.0.1:1';
/**
 * The Redis namespace of this test file's processes: they share it (and so their sessions),
 * while other files' processes and runs keep apart, limit counts included.
 */
export const REDIS_PREFIX = `circle-test-${randomUUID()}`;

/**
 * `node --import tsx server/src/main.ts` (the source `npm start` bundles and runs), or the
 * bundle itself with `{ bundle: true }`, with the given environment.
 */
export class ServerProcess {
  port = 0;
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;

  private constructor(env: Record<string, string>, bundle: boolean) {
    this.#child = spawn(process.execPath, bundle ? [...startFlags(), BUNDLE] : ['--import', 'tsx', MAIN], {
      cwd: SERVER_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        CIRCLE_ADMIN_KEY: ADMIN_KEY,
        LIVEKIT_URL: UNREACHABLE_LIVEKIT,
        LOG_LEVEL: 'info',
        PORT: '0',
        CIRCLE_REDIS_PREFIX: REDIS_PREFIX,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.exited = new Promise((resolve) => this.#child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts a server and resolves once it listens (its port read from the start-up log line). */
  static async start(env: Record<string, string>, { timeoutMs = 20_000, bundle = false } = {}): Promise<ServerProcess> {
    const server = new ServerProcess(env, bundle);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = server.output.split('\n').find((l) => l.includes('"msg":"Circle is listening"'));
      if (line) {
        server.port = (JSON.parse(line) as { port: number }).port;
        return server;
      }
      const exited = await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 50, null))]);
      if (exited) throw new Error(`the server exited before listening: ${JSON.stringify(exited)}\n${server.output}`);
      if (Date.now() > deadline) {
        server.kill('SIGKILL');
        throw new Error(`the server did not listen within ${timeoutMs} ms\n${server.output}`);
      }
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.#child.pid!;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill(signal);
  }

  /** Log lines (pino JSON) whose message matches. */
  logged(message: string): Record<string, unknown>[] {
    return this.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === message);
  }
}

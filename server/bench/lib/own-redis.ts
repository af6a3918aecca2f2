import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { freePort } from './children.js';

/**
 * A redis-server of a test's or the bench's own, durable as production should run it: every
 * write is in the append-only file before Redis answers (appendfsync always), so a write that
 * was acknowledged survives a SIGKILL.
 */
export class OwnRedis {
  #child: ChildProcess | null = null;
  #exited: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly port: number,
    readonly dir: string,
    private settings: string[],
  ) {}

  /** `settings` are redis-server's own arguments, given after (so in place of) the durable ones. */
  static async start(settings: string[] = []): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort(), mkdtempSync(path.join(tmpdir(), 'circle-redis-')), settings);
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * Starts (again) on the same port and directory, with other settings if given; resolves once
   * it answers PING.
   */
  async restart(settings = this.settings, timeoutMs = 10_000): Promise<void> {
    this.settings = settings;
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', ...this.settings];
    this.#child = spawn('redis-server', args, { stdio: 'ignore' });
    const child = this.#child;
    this.#exited = new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.#answers()) return;
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async kill(): Promise<void> {
    this.#child?.kill('SIGKILL');
    await this.#exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async #answers(): Promise<boolean> {
    const client = createClient({ url: this.url, socket: { connectTimeout: 500, reconnectStrategy: false } });
    client.on('error', () => {});
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      if (client.isOpen) client.destroy();
    }
  }
}

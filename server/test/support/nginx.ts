import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../bench/lib/children.js';

/** Debian's nginx (`apt-get install nginx`, which .ci/run does), or NGINX_PATH. */
export const NGINX_PATH = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

const CONF = new URL('../../../deploy/nginx.conf', import.meta.url);

/**
 * deploy/nginx.conf as the scale profile runs it, with only what ties it to compose's network
 * changed: the Circle servers' names become the given local ports, the LiveKit nodes' names
 * closed ports, and each `listen` a free local port. Its `resolve` parameter is dropped: open
 * source nginx has it from 1.27.3 (the profile runs 1.28), Debian 12 ships 1.22, and it only
 * says to look the names up again, which local addresses never need.
 */
export function localConfig(conf: string, ports: { circle: number; livekit: number; servers: [number, number]; closed: number }): string {
  const replaced = conf
    .replace('server server-a:3000 resolve;', `server 127.0.0.1:${ports.servers[0]};`)
    .replace('server server-b:3000 resolve;', `server 127.0.0.1:${ports.servers[1]};`)
    .replace(/server livekit(-b)?:7880 resolve;/g, `server 127.0.0.1:${ports.closed};`)
    .replace('listen 80;', `listen 127.0.0.1:${ports.circle};`)
    .replace('listen 7890;', `listen 127.0.0.1:${ports.livekit};`);
  const left = /server-a|server-b|livekit(-b)?:|listen \d+;| resolve;/.exec(replaced);
  if (left) throw new Error(`deploy/nginx.conf changed shape: "${left[0]}" left unreplaced`);
  return replaced;
}

/** A real nginx in front of two local Circle servers, with deploy/nginx.conf's rules. */
export class Balancer {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly exited: Promise<unknown>,
  ) {}

  static async start(servers: [number, number]): Promise<Balancer> {
    if (!existsSync(NGINX_PATH)) throw new Error(`nginx not found at ${NGINX_PATH}: apt-get install nginx, or set NGINX_PATH`);
    const dir = mkdtempSync(path.join(tmpdir(), 'circle-nginx-'));
    const [circle, livekit, closed] = [await freePort(), await freePort(), await freePort()];
    const site = localConfig(readFileSync(CONF, 'utf8'), { circle, livekit, servers, closed });
    // Compose mounts the file into the image's http block; this is that block, run as this user,
    // with the image's access log (nginx's default, as the image has it: every request, in logs/).
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${dir}/${kind};`).join('\n  ');
    mkdirSync(path.join(dir, 'logs'));
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      `daemon off;\nmaster_process off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 1024; }\n` +
        `http {\n  access_log ${dir}/logs/access.log combined;\n  ${temp}\n${site}\n}\n`,
    );
    const child = spawn(NGINX_PATH, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const url = `http://127.0.0.1:${circle}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`nginx stopped: ${stderr}`);
      const answered = await fetch(`${url}/healthz`).then((res) => res.ok, () => false);
      if (answered) return new Balancer(url, child, dir, exited);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`nginx did not answer: ${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** What nginx wrote to the access log so far. */
  accessLog(): string {
    return readFileSync(path.join(this.dir, 'logs', 'access.log'), 'utf8');
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * Starts `node <script>` with an IPC channel (through tsx for a TypeScript script), through a
 * shell that first raises the open-file limit to the hard limit: thousands of sockets need
 * thousands of descriptors.
 */
export function spawnNode(script: string, env: Record<string, string>, cwd: string, nodeArgs: string[] = []): ChildProcess {
  const raise = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return spawn('/bin/sh', ['-c', raise, process.execPath, ...nodeArgs, ...loader, script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}

/** Resolves with the first IPC message of this type, or fails after `timeoutMs` or if the child exits. */
export function nextMessage<T extends { type: string }>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no ${type} from child within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown) => {
      if (message && typeof message === 'object' && (message as { type?: unknown }).type === type) finish(null, message as T);
    };
    const onExit = (code: number | null) => finish(new Error(`child exited (${code}) while waiting for ${type}`));
    function finish(error: Error | null, message?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200, or fails after `timeoutMs`. */
export async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

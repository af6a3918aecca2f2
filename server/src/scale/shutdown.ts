import type { Circle } from '../app.js';
import type { Logger } from '../gateway/types.js';
import type { SessionStore } from '../ports/session-store.js';
import type { Drain } from './drain.js';
import type { ClusterLink } from './redis-adapter.js';

/** A running process: its server, the drain watching it, the store (unwrapped) and the adapter. */
export type Running = { circle: Circle; drain: Drain; store: SessionStore; cluster: ClusterLink | null; log: Logger };

export type ShutdownBounds = {
  /** How long the commands already received may take to be answered. */
  commandsMs: number;
  /** How long the writes that closing the sockets causes (devices disconnected) may take. */
  writesMs: number;
};

const DEFAULT_BOUNDS: ShutdownBounds = { commandsMs: 5000, writesMs: 5000 };

/**
 * How long a process given SIGTERM takes at most before it exits anyway: the steps below are
 * bounded, and this is the last resort should one still hang. Whatever stops the process
 * (`docker stop`, a process manager) must wait at least this long before it kills it.
 */
export const SHUTDOWN_LIMIT_MS = 20_000;

/**
 * Stops one process of several without losing an acknowledged command:
 * 1. stop accepting connections, so the load balancer sends newcomers elsewhere;
 * 2. answer new commands `unavailable`, and let the ones received finish and be answered;
 * 3. close the connections once their last answers are written, without a Socket.IO disconnect
 *    packet: clients see their transport close, reconnect by themselves (to another process)
 *    and join again. (`io.close()` alone would drop answers still waiting to be written.)
 * 4. let the writes those closures cause (devices disconnected) finish, then close Redis.
 */
export async function shutDownGracefully(running: Running, bounds: ShutdownBounds = DEFAULT_BOUNDS): Promise<void> {
  const { circle, drain, store, cluster, log } = running;
  circle.http.close();
  drain.refuse();
  const unanswered = await drain.settle(bounds.commandsMs);
  // The writes that closing causes must go through. No command can start any more: nothing
  // runs between here and every connection being marked closing (synchronously, below), after
  // which the engine ignores what arrives on it.
  drain.accept();
  await closeConnections(circle, bounds.commandsMs);
  await circle.close();
  const unwritten = await drain.settle(bounds.writesMs);
  // The broadcasts that follow those last writes reach the adapter a moment later.
  await new Promise((resolve) => setImmediate(resolve));
  await cluster?.close();
  await store.close();
  log.info({ unansweredCommands: unanswered.commands, unfinishedWrites: unwritten.storeCalls }, 'stopped');
}

/** Closes every connection after what is queued on it has been written; resolves when all are closed, or after `timeoutMs`. */
async function closeConnections(circle: Circle, timeoutMs: number): Promise<void> {
  const closed = [...circle.io.of('/').sockets.values()].map(
    (socket) =>
      new Promise<void>((resolve) => {
        if (socket.conn.readyState === 'closed') return resolve();
        socket.conn.once('close', () => resolve());
        socket.conn.close();
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

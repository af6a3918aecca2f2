import { monitorEventLoopDelay } from 'node:perf_hooks';
import { watchPauses, type GcPauses } from './gc-pauses.js';

export type BenchStats = {
  type: 'circle:stats';
  rssMb: number;
  heapUsedMb: number;
  /** Event-loop delay since the last request that asked for a reset. */
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** CPU time used since the process started. */
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Garbage-collection pauses since the process started. */
  gc: GcPauses;
};

const MB = 1024 * 1024;

/**
 * For `npm run bench` only (CIRCLE_BENCH_STATS=1): answers the parent process's stats requests
 * over the IPC channel it was started with. Nothing is served over HTTP, so nothing of this
 * reaches production paths.
 */
export function answerBenchStats(): void {
  const send = process.send?.bind(process);
  if (!send) return;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gc = watchPauses();
  process.on('message', (message: unknown) => {
    if (!message || typeof message !== 'object' || (message as { type?: unknown }).type !== 'circle:stats') return;
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const stats: BenchStats = {
      type: 'circle:stats',
      rssMb: memory.rss / MB,
      heapUsedMb: memory.heapUsed / MB,
      loopDelayP50Ms: delay.percentile(50) / 1e6,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      gc: { ...gc },
    };
    if ((message as { reset?: unknown }).reset === true) delay.reset();
    send(stats);
  });
}

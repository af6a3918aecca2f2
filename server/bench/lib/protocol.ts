import type { GcPauses } from '../../src/scale/gc-pauses.js';

/** Messages between the bench's orchestrator (run.ts) and its load generator (load.ts). */

export type Target = 'circle' | 'baseline';

/**
 * With two servers: `alternate` puts a session's people on both in turn (every change crosses
 * between the processes); `by-session` puts each whole session on one, as deploy/nginx.conf routes
 * browsers.
 */
export type Placement = 'alternate' | 'by-session';

export type SetupMessage = {
  type: 'setup';
  target: Target;
  /** Server URLs; with two, where each session's people go is `placement`'s. */
  urls: string[];
  placement: Placement;
  sessions: number;
  adminKey: string;
};

export type RunMessage = {
  type: 'run';
  /** Commands per second, all sessions together. */
  rate: number;
  warmupMs: number;
  durationMs: number;
  /** One member of session 0 sending this many commands per second, not waiting for answers, in alternate phases of the window. */
  floodRate: number | null;
  /** Baseline only: characters of padding in each relayed message, to match the size of Circle's views. */
  baselineBytes: number;
};

export type ReadyMessage = { type: 'ready'; sockets: number; setupMs: number; setupRetries: number };

export type LatencySummary = { count: number; p50: number; p99: number; max: number };

export type ResultMessage = {
  type: 'result';
  /** Send → every member of the session has the resulting view. */
  fanout: LatencySummary;
  /** Two processes: send → every member on the other process has it. */
  crossProcess: LatencySummary | null;
  sameProcess: LatencySummary | null;
  /** Send → the sender's ack. */
  ack: LatencySummary;
  measuredSeconds: number;
  /** Commands whose change reached every member within the measured window, per second. */
  commandsPerSec: number;
  /** Commands sent, warm-up included. */
  sent: number;
  /** Due by the schedule while every session still had a command under way. */
  skipped: number;
  /** No change seen by every member within 5 s. */
  lost: number;
  /** Whole views asked for because a patch did not follow on from the view held (Circle only). */
  syncs: number;
  errors: Record<string, number>;
  flood: { sent: number; answered: Record<string, number> } | null;
  /**
   * With a flooding client, which floods and rests in turn through the measured window: the
   * others' fan-out for commands sent while it flooded and while it rested (lib/flood-schedule.ts).
   */
  floodHalves: { phaseMs: number; settleMs: number; flood: LatencySummary; quiet: LatencySummary } | null;
  generator: {
    rssMb: number;
    loopDelayP99Ms: number;
    loopDelayMaxMs: number;
    cpuPercent: number;
    /** Its collections from the measured window's start to the end of the drain, which lasted `gcElapsedMs`. */
    gc: GcPauses;
    gcElapsedMs: number;
  };
};

export type TeardownMessage = { type: 'teardown' };
export type DoneMessage = { type: 'done' };

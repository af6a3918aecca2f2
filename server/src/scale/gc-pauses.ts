import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** Garbage-collection pauses since a process started: the counts and times the bench reports. */
export type GcPauses = {
  scavenges: number;
  scavengeMs: number;
  /** Full (mark-compact) collections' final pauses. */
  markCompacts: number;
  markCompactMs: number;
  /**
   * Node's other GC events: incremental marking's start and finish, weak callbacks. Not the
   * marking steps themselves, which Node does not report: under load they held the thread
   * 105–187 ms per mark-compact (`--trace-gc-nvp`, bench/RESULTS.md), none of it counted here.
   */
  otherMs: number;
};

export function noPauses(): GcPauses {
  return { scavenges: 0, scavengeMs: 0, markCompacts: 0, markCompactMs: 0, otherMs: 0 };
}

/** Counts one pause, by Node's kind of collection, into `into`. */
export function countPause(into: GcPauses, kind: number, durationMs: number): void {
  if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
    into.scavenges++;
    into.scavengeMs += durationMs;
  } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
    into.markCompacts++;
    into.markCompactMs += durationMs;
  } else {
    into.otherMs += durationMs;
  }
}

/** What happened between two readings of the same process. */
export function pausesBetween(before: GcPauses, after: GcPauses): GcPauses {
  return {
    scavenges: after.scavenges - before.scavenges,
    scavengeMs: after.scavengeMs - before.scavengeMs,
    markCompacts: after.markCompacts - before.markCompacts,
    markCompactMs: after.markCompactMs - before.markCompactMs,
    otherMs: after.otherMs - before.otherMs,
  };
}

/** Starts counting this process's collections; the object it answers keeps growing. */
export function watchPauses(): GcPauses {
  const pauses = noPauses();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) countPause(pauses, (entry as PerformanceEntry & { detail: { kind: number } }).detail.kind, entry.duration);
  }).observe({ entryTypes: ['gc'] });
  return pauses;
}

import { constants } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { countPause, noPauses, pausesBetween, watchPauses } from '../../src/scale/gc-pauses.js';

describe("the bench's tally of garbage-collection pauses", () => {
  it('counts scavenges and mark-compacts apart, and every other pause as time only', () => {
    const pauses = noPauses();
    countPause(pauses, constants.NODE_PERFORMANCE_GC_MINOR, 4);
    countPause(pauses, constants.NODE_PERFORMANCE_GC_MINOR, 6.5);
    countPause(pauses, constants.NODE_PERFORMANCE_GC_MAJOR, 20);
    countPause(pauses, constants.NODE_PERFORMANCE_GC_INCREMENTAL, 1.5);
    countPause(pauses, constants.NODE_PERFORMANCE_GC_WEAKCB, 0.5);
    expect(pauses).toEqual({ scavenges: 2, scavengeMs: 10.5, markCompacts: 1, markCompactMs: 20, otherMs: 2 });
  });

  it('answers what happened between two readings', () => {
    const before = { scavenges: 3, scavengeMs: 12, markCompacts: 1, markCompactMs: 9, otherMs: 1 };
    const after = { scavenges: 10, scavengeMs: 40, markCompacts: 2, markCompactMs: 30, otherMs: 4 };
    expect(pausesBetween(before, after)).toEqual({ scavenges: 7, scavengeMs: 28, markCompacts: 1, markCompactMs: 21, otherMs: 3 });
  });

  it("sees this process's own scavenges", async () => {
    const pauses = watchPauses();
    const before = { ...pauses };
    // Far more short-lived objects than any young generation holds.
    let kept = 0;
    for (let i = 0; i < 2_000_000; i++) kept += [i, i + 1, { i }].length;
    expect(kept).toBe(6_000_000);
    await vi.waitFor(() => expect(pausesBetween(before, pauses).scavenges).toBeGreaterThan(0), { timeout: 5000 });
    expect(pausesBetween(before, pauses).scavengeMs).toBeGreaterThan(0);
  });
});

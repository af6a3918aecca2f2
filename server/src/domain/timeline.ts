/** A stretch of time; `to` null means "still going". */
export type Span = { from: number; to: number | null };

/** Gaps shorter than this (a reconnect, a device switch) do not count as absence. */
export const ABSENCE_THRESHOLD_MS = 2 * 60_000;

/**
 * One timeline from many spans: a person's devices and reconnects merged, overlaps joined,
 * and gaps under the threshold bridged. Open spans run until `until`; nothing counts after it.
 */
export function mergeSpans(spans: Span[], until: number, gapMs = ABSENCE_THRESHOLD_MS): Array<{ from: number; to: number }> {
  const closed = spans
    .map((s) => ({ from: s.from, to: Math.min(s.to ?? until, until) }))
    .filter((s) => s.to > s.from)
    .sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number }> = [];
  for (const span of closed) {
    const last = merged[merged.length - 1];
    if (last && span.from - last.to < gapMs) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

export function totalMinutes(timeline: Array<{ from: number; to: number }>): number {
  const ms = timeline.reduce((sum, s) => sum + (s.to - s.from), 0);
  return Math.round(ms / 60_000);
}

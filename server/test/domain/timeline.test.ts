import { describe, expect, it } from 'vitest';
import { mergeSpans, totalMinutes } from '../../src/domain/timeline.js';

const T0 = Date.UTC(2026, 10, 22, 18, 0);
const min = (m: number) => T0 + m * 60_000;

describe('attendance timeline', () => {
  it('merges two devices that overlap into one stretch', () => {
    const timeline = mergeSpans([{ from: min(0), to: min(60) }, { from: min(10), to: min(70) }], min(90));
    expect(timeline).toEqual([{ from: min(0), to: min(70) }]);
    expect(totalMinutes(timeline)).toBe(70);
  });

  it('bridges a reconnect gap under two minutes, and counts a longer one as absence', () => {
    const short = mergeSpans([{ from: min(0), to: min(30) }, { from: min(31.5), to: min(60) }], min(90));
    expect(totalMinutes(short)).toBe(60);
    const long = mergeSpans([{ from: min(0), to: min(30) }, { from: min(32), to: min(60) }], min(90));
    expect(long).toHaveLength(2);
    expect(totalMinutes(long)).toBe(58);
  });

  it('runs an open span until the session end, and ignores time after it', () => {
    expect(totalMinutes(mergeSpans([{ from: min(15), to: null }], min(90)))).toBe(75);
    expect(totalMinutes(mergeSpans([{ from: min(80), to: min(120) }], min(90)))).toBe(10);
  });

  it('counts nothing for spans that are empty or reversed', () => {
    expect(mergeSpans([{ from: min(5), to: min(5) }, { from: min(9), to: min(8) }], min(90))).toEqual([]);
  });

  it('keeps late arrivals and early leavers to what they attended, in any order of spans', () => {
    const timeline = mergeSpans(
      [
        { from: min(50), to: min(60) },
        { from: min(20), to: min(45) },
      ],
      min(90),
    );
    expect(timeline).toEqual([
      { from: min(20), to: min(45) },
      { from: min(50), to: min(60) },
    ]);
    expect(totalMinutes(timeline)).toBe(35);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FloodSchedule } from '../../bench/lib/flood-schedule.js';

// A 3 s warm-up from t = 1000, then a window of 5 s phases: flood 4000–9000, quiet 9000–14000, flood 14000–19000...
const schedule = () => new FloodSchedule({ rate: 1000, startedAt: 1000, windowStartsAt: 4000, phaseMs: 5000, settleMs: 1000 });

describe("the flooding client's schedule", () => {
  it('floods through the warm-up and the first phase, rests through the second, floods again in the third', () => {
    const s = schedule();
    expect(s.due(1000)).toBe(0);
    expect(s.due(4000)).toBe(3000);
    expect(s.due(9000)).toBe(8000);
    expect(s.due(12_000)).toBe(8000);
    expect(s.due(14_000)).toBe(8000);
    expect(s.due(14_500)).toBe(8500);
    expect(s.due(24_000)).toBe(13_000);
  });

  it('counts a command in the half it was sent in, and in neither during the warm-up or the second after a switch', () => {
    const s = schedule();
    expect(s.halfAt(3999)).toBeNull();
    // The first phase continues the warm-up's flood: nothing switched, nothing to settle.
    expect(s.halfAt(4000)).toBe('flood');
    expect(s.halfAt(8999)).toBe('flood');
    expect(s.halfAt(9000)).toBeNull();
    expect(s.halfAt(9999)).toBeNull();
    expect(s.halfAt(10_000)).toBe('quiet');
    expect(s.halfAt(14_500)).toBeNull();
    expect(s.halfAt(15_000)).toBe('flood');
  });

  it('sends no more than it should at any moment, and floods exactly half of a window of whole phase pairs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 20 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2 }), (phaseMs, pairs, fractions) => {
        const s = new FloodSchedule({ rate: 1000, startedAt: 0, windowStartsAt: 0, phaseMs, settleMs: 0 });
        const end = 2 * pairs * phaseMs;
        const times = fractions.map((f) => f * end).sort((a, b) => a - b);
        for (let i = 1; i < times.length; i++) {
          const sent = s.due(times[i]!) - s.due(times[i - 1]!);
          expect(sent).toBeGreaterThanOrEqual(0);
          expect(sent).toBeLessThanOrEqual(Math.ceil(times[i]! - times[i - 1]!) + 1);
        }
        expect(s.due(end)).toBe(pairs * phaseMs);
      }),
    );
  });

  it('refuses a settling time that would leave a phase nothing to count', () => {
    expect(() => new FloodSchedule({ rate: 1000, startedAt: 0, windowStartsAt: 0, phaseMs: 1000, settleMs: 1000 })).toThrow(/longer than the time allowed to settle/);
  });
});

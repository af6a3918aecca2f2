/**
 * When the flooding client sends. Through the warm-up it floods; through the measured window it
 * floods and rests in turn, in phases of equal length starting with a flood, so the same run, on
 * the same connections, server and machine, measures everyone else's latency both with the
 * flood and without it. Runs minutes apart cannot: on these machines the same build's p99 has
 * doubled from one run to the next.
 *
 * A command sent just after a switch is counted in neither half: what the flood left queued
 * (or had not yet queued) would blur the two.
 */
export type FloodHalf = 'flood' | 'quiet';

export class FloodSchedule {
  constructor(
    private readonly options: {
      /** Commands per second while flooding. */
      rate: number;
      /** When the generator started (the warm-up) and when the measured window starts. */
      startedAt: number;
      windowStartsAt: number;
      phaseMs: number;
      /** Right after each switch, commands count in neither half. */
      settleMs: number;
    },
  ) {
    if (!(options.phaseMs > 0) || !(options.settleMs >= 0) || options.settleMs >= options.phaseMs) {
      throw new Error('A flood phase must be longer than the time allowed to settle after a switch');
    }
  }

  /** How many flood commands should have been sent by `now`. */
  due(now: number): number {
    // Multiplied before divided: whole milliseconds at a whole rate then come out exact.
    return Math.floor((this.floodingMsBy(now) * this.options.rate) / 1000);
  }

  /** Which half a command sent at `now` is counted in, or null (warm-up, or just after a switch). */
  halfAt(now: number): FloodHalf | null {
    const { windowStartsAt, phaseMs, settleMs } = this.options;
    if (now < windowStartsAt) return null;
    const intoWindow = now - windowStartsAt;
    const phase = Math.floor(intoWindow / phaseMs);
    // The first phase follows the warm-up's flood without a switch, so it needs no settling.
    if (phase > 0 && intoWindow - phase * phaseMs < settleMs) return null;
    return phase % 2 === 0 ? 'flood' : 'quiet';
  }

  /** Time spent flooding from the start to `now`: all of the warm-up, then every other phase. */
  private floodingMsBy(now: number): number {
    const { startedAt, windowStartsAt, phaseMs } = this.options;
    const warmup = Math.max(0, Math.min(now, windowStartsAt) - startedAt);
    if (now <= windowStartsAt) return warmup;
    const intoWindow = now - windowStartsAt;
    const whole = Math.floor(intoWindow / phaseMs);
    const partOfCurrent = whole % 2 === 0 ? intoWindow - whole * phaseMs : 0;
    return warmup + Math.ceil(whole / 2) * phaseMs + partOfCurrent;
  }
}

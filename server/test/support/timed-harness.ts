import { createCircle } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Timers } from '../../src/gateway/deadline-timer.js';
import { ADMIN_KEY, Harness } from './harness.js';

/** A clock that moves only when told. Starts at the real time, so signed links are current. */
export class ManualClock {
  private time = Date.now();
  readonly now = (): number => this.time;

  moveTo(time: number): void {
    this.time = Math.max(this.time, time);
  }
}

/**
 * Timers that fire only when the test moves the clock past them: a turn's time runs out
 * without anyone waiting for it.
 */
export class ManualTimers implements Timers {
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private handles = 0;

  constructor(private readonly clock: ManualClock) {}

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = ++this.handles;
    this.pending.set(handle, { at: this.clock.now() + ms, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** When the timers still pending are due, earliest first. */
  dueTimes(): number[] {
    return [...this.pending.values()].map((t) => t.at).sort((a, b) => a - b);
  }

  /** Moves the clock on by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const until = this.clock.now() + ms;
    for (;;) {
      const next = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!next) break;
      const [handle, timer] = next;
      this.pending.delete(handle);
      this.clock.moveTo(timer.at);
      timer.callback();
    }
    this.clock.moveTo(until);
  }
}

/** The socket harness with the server's clock and timers in the test's hands. */
export class TimedHarness extends Harness {
  readonly clock = new ManualClock();
  readonly timers = new ManualTimers(this.clock);
  /** The presence sweep's own timers, so deadline tests see only deadlines. */
  readonly presenceTimers = new ManualTimers(this.clock);

  override async start(): Promise<this> {
    const config = loadConfig({ CIRCLE_ADMIN_KEY: ADMIN_KEY, PORT: '0' });
    this.circle = createCircle({
      config,
      store: this.store,
      media: this.media,
      log: this.log,
      clientDir: '/nonexistent',
      clock: this.clock,
      timers: this.timers,
      presenceTimers: this.presenceTimers,
    });
    const port = await this.circle.listen(0);
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }
}

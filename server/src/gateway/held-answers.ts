import type { Timers } from './deadline-timer.js';

/**
 * A flooding connection's refusals, answered together. Each answer is a frame and a system call
 * of its own, and at a flood's rate those cost the server more than deciding to refuse (0.11–0.13 ms
 * a refusal on the twentieth session's machine, a third of it `writev`; see server/bench/RESULTS.md):
 * answers released in one turn of the event loop leave in a few writes. The gateway answers the
 * first refusal of a flood at once; the rest wait at most `everyMs`, which a person pressing too
 * fast would not notice.
 */
export class HeldAnswers {
  #held: Array<() => void> | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly everyMs = 50,
  ) {}

  /** Resolves with `answer` when the batch it joins is released. */
  hold<T>(answer: T): Promise<T> {
    return new Promise((resolve) => {
      if (!this.#held) {
        const held: Array<() => void> = [];
        this.#held = held;
        this.timers.setTimeout(() => {
          this.#held = null;
          for (const release of held) release();
        }, this.everyMs);
      }
      this.#held.push(() => resolve(answer));
    });
  }
}

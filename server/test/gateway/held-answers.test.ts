import { describe, expect, it } from 'vitest';
import { HeldAnswers } from '../../src/gateway/held-answers.js';
import { ManualClock, ManualTimers } from '../support/timed-harness.js';

/** Lets every settled promise run its callbacks. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('held answers', () => {
  it('releases every answer held in a batch together, once its time is up, and starts a new batch after', async () => {
    const timers = new ManualTimers(new ManualClock());
    const held = new HeldAnswers(timers, 50);
    const released: string[] = [];
    for (const answer of ['a', 'b', 'c']) void held.hold(answer).then((value) => released.push(value));
    expect(timers.dueTimes()).toHaveLength(1); // one timer for the batch, not one per answer

    timers.advance(49);
    await settle();
    expect(released).toEqual([]);
    timers.advance(1);
    await settle();
    expect(released).toEqual(['a', 'b', 'c']);

    void held.hold('d').then((value) => released.push(value));
    expect(timers.dueTimes()).toHaveLength(1);
    timers.advance(50);
    await settle();
    expect(released).toEqual(['a', 'b', 'c', 'd']);
  });
});

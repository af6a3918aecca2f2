import { describe, expect, it } from 'vitest';
import { Peers } from '../../src/scale/peers.js';

/** A count whose answer the test gives when it likes, as Redis's reply on another connection would come. */
function pendingCount() {
  let answer!: (count: number) => void;
  let fail!: (error: Error) => void;
  const reply = new Promise<number>((resolve, reject) => {
    answer = resolve;
    fail = reject;
  });
  return { ask: () => reply, answer, fail };
}

/** Two counts of one in a row: the first only settles what the last trouble (or the start) left uncertain. */
async function countedAlone(peers: Peers): Promise<void> {
  await peers.count(async () => 1);
  await peers.count(async () => 1);
  expect(peers.alone).toBe(true);
}

describe('whether other server processes listen', () => {
  it('assumes they do until Redis counts this process alone', async () => {
    const peers = new Peers(() => true);
    expect(peers.alone).toBe(false);
    await peers.count(async () => 1);
    expect(peers.alone).toBe(false);
    await peers.count(async () => 2);
    expect(peers.alone).toBe(false);
    await peers.count(async () => 1);
    expect(peers.alone).toBe(true);
    await peers.count(async () => 3);
    expect(peers.alone).toBe(false);
  });

  it('stops counting itself alone the moment a new process greets it', async () => {
    const peers = new Peers(() => true);
    await countedAlone(peers);
    peers.greeted();
    expect(peers.alone).toBe(false);
  });

  it('ignores a count of one asked before a greeting that overtook its answer', async () => {
    const peers = new Peers(() => true);
    // Settled by a first count, so a count of one could be believed.
    await peers.count(async () => 2);
    const count = pendingCount();
    const counted = peers.count(count.ask);
    // The new process subscribed after Redis counted, and its greeting came in first.
    peers.greeted();
    count.answer(1);
    await counted;
    expect(peers.alone).toBe(false);
    // The next count, asked after the greeting, is believed.
    await peers.count(async () => 1);
    expect(peers.alone).toBe(true);
  });

  it('does not believe a count of one taken while its own link to Redis was down or blinked', async () => {
    let up = true;
    const peers = new Peers(() => up);
    await peers.count(async () => 2);
    up = false;
    // Without its own subscription, the one process counted is another.
    await peers.count(async () => 1);
    expect(peers.alone).toBe(false);

    up = true;
    const count = pendingCount();
    const counted = peers.count(count.ask);
    peers.unsure();
    count.answer(1);
    await counted;
    expect(peers.alone).toBe(false);
    // Nor the first count after the blink (a margin in case the subscriber was reported ready before it re-subscribed).
    await peers.count(async () => 1);
    expect(peers.alone).toBe(false);
    await peers.count(async () => 1);
    expect(peers.alone).toBe(true);
  });

  it('assumes others again when the link fails or a count cannot be taken', async () => {
    const peers = new Peers(() => true);
    await countedAlone(peers);
    peers.unsure();
    expect(peers.alone).toBe(false);

    await countedAlone(peers);
    const count = pendingCount();
    const counted = peers.count(count.ask);
    count.fail(new Error('Redis went away'));
    await expect(counted).rejects.toThrow('Redis went away');
    expect(peers.alone).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyQueueDelta, applyTurnsPatch, diffQueue, diffTurns, TurnsPatchSchema, type TurnsView } from '../src/index.js';

type Entry = TurnsView['queue'][number];

const entry = (personId: string, raisedAt = 1000): Entry => ({ personId, source: 'hand', raisedAt });
const turns = (queue: Entry[], overrides: Partial<TurnsView> = {}): TurnsView => ({
  queue,
  queueVersion: 0,
  current: null,
  turnSeconds: null,
  autoEnd: false,
  goRound: null,
  talkingPiece: false,
  ...overrides,
});

// A small pool, so that two queues share entries as a session's successive queues do.
const anEntry = fc.record({
  personId: fc.constantFrom('alice', 'bob', 'carol', 'dev', 'eli'),
  source: fc.constantFrom('hand' as const, 'goRound' as const),
  raisedAt: fc.integer({ min: 1, max: 3 }),
});
const aQueue = fc.array(anEntry, { maxLength: 8 });

describe('diffQueue', () => {
  it('says a raised hand with one entry, and a lowered hand or the next speaker with one place', () => {
    const queue = [entry('alice'), entry('bob'), entry('carol')];
    expect(diffQueue(queue, [...queue, entry('dev')])).toEqual({ add: [entry('dev')] });
    expect(diffQueue(queue, [entry('alice'), entry('carol')])).toEqual({ drop: [1] });
    expect(diffQueue(queue, queue.slice(1))).toEqual({ drop: [0] });
    expect(diffQueue(queue, [...queue])).toBeNull();
  });

  it('makes any queue from any other, exactly', () => {
    fc.assert(
      fc.property(aQueue, aQueue, (before, after) => {
        const delta = diffQueue(before, after);
        expect(delta === null ? before : applyQueueDelta(before, delta)).toEqual(after);
        if (delta) expect(TurnsPatchSchema.parse({ queue: delta })).toEqual({ queue: delta });
      }),
    );
  });

  it('sends only what left and what joined when entries only leave the queue and join its end', () => {
    fc.assert(
      fc.property(aQueue, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), aQueue, (before, leaves, joined) => {
        const after = [...before.filter((_, i) => !leaves[i]), ...joined];
        const delta = diffQueue(before, after) ?? {};
        // Entries alike may trade places with the one that left; the counts cannot be smaller.
        expect((delta.drop ?? []).length).toBeLessThanOrEqual(before.filter((_, i) => leaves[i]).length);
        expect((delta.add ?? []).length).toBeLessThanOrEqual(joined.length);
      }),
    );
  });
});

describe('diffTurns', () => {
  const someTurns = fc.record({
    queue: aQueue,
    queueVersion: fc.nat(5),
    current: fc.option(fc.record({ personId: fc.constantFrom('alice', 'bob'), source: fc.constant('hand' as const), startedAt: fc.nat(9), endsAt: fc.option(fc.nat(9)) })),
    turnSeconds: fc.option(fc.nat(300)),
    autoEnd: fc.boolean(),
    goRound: fc.option(fc.record({ remaining: fc.nat(5), passed: fc.array(fc.constantFrom('alice', 'bob'), { maxLength: 2 }) })),
    talkingPiece: fc.boolean(),
  });

  it('carries only the parts that changed, and makes the later turns from the earlier', () => {
    fc.assert(
      fc.property(someTurns, someTurns, (before, after) => {
        const patch = diffTurns(before, after);
        if (patch === null) return expect(after).toEqual(before);
        expect(TurnsPatchSchema.parse(patch)).toEqual(patch);
        expect(applyTurnsPatch(before, patch)).toEqual(after);
        for (const part of Object.keys(patch) as (keyof TurnsView)[]) expect(after[part]).not.toEqual(before[part]);
      }),
    );
  });

  it('says the next speaker in a few dozen bytes, whatever the queue holds', () => {
    const queue = ['alice', 'bob', 'carol', 'dev', 'eli'].map((id, i) => entry(`${id}-0123456789`, 1000 + i));
    const before = turns(queue, { queueVersion: 5 });
    const after = turns(queue.slice(1), { queueVersion: 6, current: { personId: queue[0]!.personId, source: 'hand', startedAt: 2000, endsAt: null } });
    const patch = diffTurns(before, after);
    expect(patch).toEqual({ queue: { drop: [0] }, queueVersion: 6, current: after.current });
    expect(JSON.stringify(patch).length).toBeLessThan(JSON.stringify(after).length / 2);
  });
});

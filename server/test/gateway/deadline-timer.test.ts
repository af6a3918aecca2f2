import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/domain/create.js';
import type { SystemCommand } from '../../src/domain/commands.js';
import type { SessionState } from '../../src/domain/state.js';
import { DeadlineTimer, type Timers } from '../../src/gateway/deadline-timer.js';
import { fixedContext } from '../support/session-fixture.js';

/** Timers that fire only when told, and say which are armed. */
class ManualTimers implements Timers {
  readonly armed = new Map<number, { callback: () => void; ms: number }>();
  #next = 0;
  setTimeout(callback: () => void, ms: number): unknown {
    this.armed.set(++this.#next, { callback, ms });
    return this.#next;
  }
  clearTimeout(handle: unknown): void {
    this.armed.delete(handle as number);
  }
  fire(handle: number): void {
    const timer = this.armed.get(handle);
    this.armed.delete(handle);
    timer?.callback();
  }
}

const ctx = fixedContext();
const NOW = ctx.now;

function session(id: string): SessionState {
  return { ...createSession({ title: 'Group', plannedMinutes: 90, capacity: 12 }, ctx), id, status: 'open' };
}

/** `state` with a timed turn that ends by itself `inMs` from now. */
function timedTurn(state: SessionState, inMs: number): SessionState {
  const current = { personId: 'p1', source: 'hand' as const, startedAt: NOW, endsAt: NOW + inMs };
  return { ...state, version: state.version + 1, turns: { ...state.turns, autoEnd: true, current } };
}

function untimed(state: SessionState): SessionState {
  return { ...state, version: state.version + 1, turns: { ...state.turns, current: null } };
}

function setup() {
  const timers = new ManualTimers();
  const fired: [string, SystemCommand][] = [];
  const timer = new DeadlineTimer(timers, () => NOW, (sessionId, command) => fired.push([sessionId, command]));
  return { timers, fired, timer };
}

describe('the deadline timer', () => {
  it("arms one timer per session's deadline, and a change of one session leaves the others' alone", () => {
    const { timers, fired, timer } = setup();
    const a = timedTurn(session('a'), 60_000);
    const b = timedTurn(session('b'), 90_000);
    timer.track(a);
    timer.track(b);
    expect([...timers.armed.values()].map((t) => t.ms)).toEqual([60_000, 90_000]);
    const [handleA, handleB] = [...timers.armed.keys()];

    timer.track(untimed(a));
    expect([...timers.armed.keys()]).toEqual([handleB]);

    timers.fire(handleB!);
    expect(fired).toEqual([['b', { type: 'turn:timeUp', startedAt: NOW }]]);
    expect(handleA).not.toBe(handleB);
  });

  it('keeps a deadline that did not move, and re-arms one that did', () => {
    const { timers, timer } = setup();
    const a = timedTurn(session('a'), 60_000);
    timer.track(a);
    const [first] = [...timers.armed.keys()];
    timer.track({ ...a, version: a.version + 1, title: 'Renamed' });
    expect([...timers.armed.keys()]).toEqual([first]);
    timer.track(timedTurn(a, 120_000));
    expect([...timers.armed.values()].map((t) => t.ms)).toEqual([120_000]);
    expect(timers.armed.has(first as number)).toBe(false);
  });

  it('arms a deadline again once its timer fired and a later state still holds it', () => {
    const { timers, fired, timer } = setup();
    const a = timedTurn(session('a'), 60_000);
    timer.track(a);
    timers.fire([...timers.armed.keys()][0]!);
    timer.track({ ...a, version: a.version + 1 });
    expect(timers.armed.size).toBe(1);
    expect(fired).toHaveLength(1);
  });

  it('clears every timer when stopped', () => {
    const { timers, timer } = setup();
    timer.track(timedTurn(session('a'), 60_000));
    timer.track(timedTurn(session('b'), 60_000));
    timer.stop();
    expect(timers.armed.size).toBe(0);
  });
});

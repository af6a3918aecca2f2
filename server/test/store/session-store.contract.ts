import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from '../../src/domain/create.js';
import type { SessionState } from '../../src/domain/state.js';
import type { Mutation, SessionStore } from '../../src/ports/session-store.js';

export type StoreHarness = {
  store: SessionStore;
  /** Moves the store's clock forward; absent for stores that run on real time (Redis). */
  advanceClock?: (ms: number) => void;
  /** The store's clock, when it is not the real one. */
  now?: () => number;
  cleanup: () => Promise<void>;
};

/** A fresh session whose retention runs from now, so it is valid on a real clock too. */
export function newSession(overrides: Partial<SessionState> = {}): SessionState {
  const ctx = { now: Date.now(), newId: () => randomUUID(), newKey: () => randomUUID() };
  return { ...createSession({ title: 'Tuesday group', plannedMinutes: 90, capacity: 12 }, ctx), ...overrides };
}

/** The next version of a state with some fields changed, as a domain command would produce it. */
export function next(state: SessionState, patch: Partial<SessionState> = {}): SessionState {
  return { ...state, ...patch, version: state.version + 1 };
}

function append(entry: string) {
  return (state: SessionState): Mutation<number> => {
    const after = next(state, { order: [...state.order, entry] });
    return { state: after, result: after.version };
  };
}

/** The shared behaviour of every SessionStore; each implementation's test file runs it. */
export function sessionStoreContract(name: string, make: () => Promise<StoreHarness>): void {
  describe(`SessionStore contract: ${name}`, () => {
    let h: StoreHarness;
    let store: SessionStore;
    beforeEach(async () => {
      h = await make();
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    const now = () => (h.now ?? Date.now)();

    /** Lets real or simulated time run until `instant` has passed. */
    async function passInstant(instant: number): Promise<void> {
      if (h.advanceClock) return h.advanceClock(Math.max(0, instant - now()) + 1);
      while (now() <= instant) await sleep(Math.min(20, instant - now() + 1));
    }

    /** Polls `load` until the session is gone; a bounded wait, since Redis expires on its own clock. */
    async function expectGone(id: string): Promise<void> {
      const deadline = Date.now() + 3000;
      while ((await store.load(id)) !== null) {
        if (Date.now() > deadline) throw new Error(`session ${id} still present 3 s after its retention`);
        await sleep(10);
      }
      expect(await store.update(id, append('late'))).toEqual({ found: false });
    }

    it('loads what was created', async () => {
      const state = newSession();
      await store.create(state);
      expect(await store.load(state.id)).toEqual(state);
    });

    it('refuses to create a session twice and keeps the first', async () => {
      const state = newSession();
      await store.create(state);
      await expect(store.create({ ...state, title: 'Other' })).rejects.toThrow(/already exists/);
      expect((await store.load(state.id))?.title).toBe('Tuesday group');
    });

    it('loads null for an unknown id', async () => {
      expect(await store.load(randomUUID())).toBeNull();
    });

    it('reports an unknown id on update without calling fn', async () => {
      let called = false;
      const outcome = await store.update(randomUUID(), (s) => ((called = true), { state: s, result: 0 }));
      expect(outcome).toEqual({ found: false });
      expect(called).toBe(false);
    });

    it('writes an update, raising the version, and hands back the result', async () => {
      const state = newSession();
      await store.create(state);
      const outcome = await store.update(state.id, (s) => ({ state: next(s, { title: 'Renamed' }), result: 'ok' }));
      expect(outcome).toMatchObject({ found: true, changed: true, result: 'ok' });
      expect(outcome.found && outcome.state.version).toBe(state.version + 1);
      expect(await store.load(state.id)).toEqual({ ...state, title: 'Renamed', version: state.version + 1 });
    });

    it('writes nothing when fn returns the state it was given', async () => {
      const state = newSession();
      await store.create(state);
      const outcome = await store.update(state.id, (s) => ({ state: s, result: 42 }));
      expect(outcome).toEqual({ found: true, state, result: 42, changed: false });
      expect(await store.load(state.id)).toEqual(state);
    });

    it('refuses a changed state whose version did not grow', async () => {
      const state = newSession();
      await store.create(state);
      await expect(store.update(state.id, (s) => ({ state: { ...s, title: 'Sneaky' }, result: 0 }))).rejects.toThrow(
        /raise the version/,
      );
      expect(await store.load(state.id)).toEqual(state);
    });

    it('never shares objects with its callers', async () => {
      const state = newSession();
      await store.create(state);
      state.order.push('created-then-mutated');
      const loaded = await store.load(state.id);
      loaded!.order.push('loaded-then-mutated');
      const outcome = await store.update(state.id, append('alice'));
      if (outcome.found) outcome.state.order.push('returned-then-mutated');
      expect((await store.load(state.id))?.order).toEqual(['alice']);
    });

    it('applies each of many concurrent updates of one session exactly once', async () => {
      const state = newSession();
      await store.create(state);
      const n = 50;
      const outcomes = await Promise.all(Array.from({ length: n }, (_, i) => store.update(state.id, append(`u${i}`))));
      const final = await store.load(state.id);
      expect(final?.version).toBe(state.version + n);
      expect([...final!.order].sort()).toEqual(Array.from({ length: n }, (_, i) => `u${i}`).sort());
      // Each update saw a distinct version: none was based on a stale read.
      expect(new Set(outcomes.map((o) => o.found && o.result)).size).toBe(n);
    });

    it('keeps updates of different sessions apart', async () => {
      const a = newSession();
      const b = newSession();
      await Promise.all([store.create(a), store.create(b)]);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => [store.update(a.id, append(`a${i}`)), store.update(b.id, append(`b${i}`))]).flat(),
      );
      const [finalA, finalB] = await Promise.all([store.load(a.id), store.load(b.id)]);
      expect(finalA?.order.every((e) => e.startsWith('a'))).toBe(true);
      expect(finalB?.order.every((e) => e.startsWith('b'))).toBe(true);
      expect([finalA?.version, finalB?.version]).toEqual([a.version + 10, b.version + 10]);
    });

    it('leaves the state unchanged and rejects when fn throws', async () => {
      const state = newSession();
      await store.create(state);
      const boom = new Error('command refused');
      await expect(
        store.update(state.id, () => {
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.load(state.id)).toEqual(state);
      // The session is not left locked by the failure.
      expect(await store.update(state.id, append('after'))).toMatchObject({ found: true, changed: true });
    });

    it('lists the ids of exactly the sessions it holds', async () => {
      expect(await store.sessionIds()).toEqual([]);
      const sessions = [newSession(), newSession(), newSession({ status: 'ended', endedAt: now() })];
      for (const state of sessions) await store.create(state);
      await store.update(sessions[0]!.id, append('one more'));
      expect((await store.sessionIds()).sort()).toEqual(sessions.map((s) => s.id).sort());
    });

    it('forgets a session once its retainUntil has passed', async () => {
      const state = newSession({ retainUntil: now() + 300 });
      await store.create(state);
      expect(await store.load(state.id)).not.toBeNull();
      expect(await store.sessionIds()).toEqual([state.id]);
      await passInstant(state.retainUntil);
      await expectGone(state.id);
      expect(await store.sessionIds()).toEqual([]);
      // Nothing of it remains to collide with: the id can be used again.
      await expect(store.create({ ...state, retainUntil: now() + 60_000 })).resolves.toBeUndefined();
    });

    it('moves the expiry when an update moves retainUntil', async () => {
      const state = newSession({ retainUntil: now() + 300 });
      await store.create(state);
      const later = now() + 60_000;
      await store.update(state.id, (s) => ({ state: next(s, { retainUntil: later }), result: null }));
      await passInstant(state.retainUntil);
      expect(await store.load(state.id)).not.toBeNull();

      const sooner = now() + 300;
      await store.update(state.id, (s) => ({ state: next(s, { retainUntil: sooner }), result: null }));
      await passInstant(sooner);
      await expectGone(state.id);
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../src/domain/state.js';
import { send, waitFor } from '../support/harness.js';
import { ManualTimers, TimedHarness } from '../support/timed-harness.js';
import { PresenceSweep, ServerCountWatch, type PresenceSweepDeps } from '../../src/scale/presence-sweep.js';

// After a restart, the state may still call connected a device whose process died with it. The
// process that serves the session next checks it once, a grace period (30 s) after someone joins.

let harness: TimedHarness;
beforeEach(async () => {
  harness = await new TimedHarness().start();
});
afterEach(() => harness.stop());

async function joined(link: string, deviceId: string, name: string) {
  const { socket, ack } = await harness.join(link, deviceId, name);
  return { socket, personId: ack.self.personId };
}

describe('a device left connected by a process that died', () => {
  it('is marked disconnected a grace period after the session is served again; live devices are not', async () => {
    const session = await harness.createSession();
    const alice = await joined(session.links.member, 'alice-phone', 'Alice');
    alice.socket.disconnect();
    // What a process killed while Alice was connected leaves behind: her phone still "connected".
    await harness.store.update(session.sessionId, (state) => ({ state: stillConnected(state, alice.personId, 'alice-phone'), result: null }));

    // After the restart, the facilitator comes back: from now on the session is served here.
    const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const sync = await send(rivera.socket, 'session:sync', {});
    expect(sync.ok && sync.view.waiting.map((p) => p.id)).toEqual([alice.personId]);
    harness.presenceTimers.advance(29_000);
    expect((await harness.store.load(session.sessionId))!.people[alice.personId]!.devices['alice-phone']!.connected).toBe(true);

    const gone = waitFor(rivera.socket, 'session:changed', ({ view }) => view.waiting.length === 0);
    harness.presenceTimers.advance(1_000);
    await gone;
    const after = (await harness.store.load(session.sessionId))!;
    expect(after.people[alice.personId]!.devices['alice-phone']).toMatchObject({ connected: false, connectionId: null });
    expect(Object.values(after.people[rivera.personId]!.devices).map((d) => d.connected)).toEqual([true]);
  });
});

describe('a session nobody comes back to after its process died', () => {
  it('is checked from the store a grace period after this process starts, or after another process is lost', async () => {
    const [first, second] = [await harness.createSession(), await harness.createSession()];
    const alice = await joined(first.links.member, 'alice-phone', 'Alice');
    const bob = await joined(second.links.member, 'bob-phone', 'Bob');
    for (const { socket } of [alice, bob]) socket.disconnect();
    // Both phones "connected" as a killed process left them, and no one joins either session here.
    await harness.store.update(first.sessionId, (state) => ({ state: stillConnected(state, alice.personId, 'alice-phone'), result: null }));
    await harness.store.update(second.sessionId, (state) => ({ state: stillConnected(state, bob.personId, 'bob-phone'), result: null }));
    const connected = async (sessionId: string, personId: string, deviceId: string) =>
      (await harness.store.load(sessionId))!.people[personId]!.devices[deviceId]!.connected;

    // What a process does as it starts listening.
    await harness.circle.presence.checkStored();
    harness.presenceTimers.advance(30_000);
    await until(async () => !(await connected(first.sessionId, alice.personId, 'alice-phone')));
    const stored = (await harness.store.load(first.sessionId))!;
    // Her time in the group ends, so the attendance record does not run on.
    expect(stored.people[alice.personId]!.presence.at(-1)?.to).not.toBeNull();

    expect(await connected(second.sessionId, bob.personId, 'bob-phone')).toBe(false);

    // Bob's phone is left "connected" again, by another process that dies later. A process that
    // was running all along and never served his session hears of the loss.
    await harness.store.update(second.sessionId, (state) => ({ state: stillConnected(state, bob.personId, 'bob-phone'), result: null }));
    const timers = new ManualTimers(harness.clock);
    const other = anotherSweep(timers, []);
    other.processLost();
    await until(() => timers.dueTimes().length > 0);
    timers.advance(30_000);
    await until(async () => !(await connected(second.sessionId, bob.personId, 'bob-phone')));
    other.stop();
  });
});

/** A sweep of another process over the same sessions; the changes it makes are stored, not published (the tests read the store). */
function anotherSweep(timers: ManualTimers, marked: string[], steadyFor?: (ms: number) => boolean, more: Partial<PresenceSweepDeps> = {}): PresenceSweep {
  return new PresenceSweep({
    io: harness.circle.io,
    sessions: harness.circle.sessions,
    sessionIds: () => harness.store.sessionIds(),
    system: async (sessionId, command) => {
      const result = await harness.circle.sessions.execute(sessionId, command, 'system');
      const changed = result.ok && result.changed;
      if (changed) marked.push(sessionId);
      return changed;
    },
    timers,
    now: harness.clock.now,
    log: harness.log,
    graceMs: 30_000,
    ...(steadyFor ? { steadyFor } : {}),
    ...more,
  });
}

function stillConnected(state: SessionState, personId: string, deviceId: string): SessionState {
  const person = state.people[personId]!;
  const device = { ...person.devices[deviceId]!, connected: true, connectionId: 'a-connection-of-the-dead-process' };
  const people = { ...state.people, [personId]: { ...person, devices: { ...person.devices, [deviceId]: device } } };
  return { ...state, version: state.version + 1, people };
}

describe('a process that finds many stored sessions to check', () => {
  it('checks a few at a time, and every one of them in the end', async () => {
    const members = [];
    for (let i = 0; i < 6; i++) {
      const session = await harness.createSession();
      const member = await joined(session.links.member, `phone-${i}`, `Member ${i}`);
      member.socket.disconnect();
      await harness.store.update(session.sessionId, (state) => ({ state: stillConnected(state, member.personId, `phone-${i}`), result: null }));
      members.push({ sessionId: session.sessionId, ...member });
    }
    let checking = 0;
    let mostAtOnce = 0;
    const sessions = {
      load: async (sessionId: string) => {
        mostAtOnce = Math.max(mostAtOnce, ++checking);
        try {
          return await harness.circle.sessions.load(sessionId);
        } finally {
          checking--;
        }
      },
    };
    const timers = new ManualTimers(harness.clock);
    const marked: string[] = [];
    const sweep = anotherSweep(timers, marked, undefined, { sessions, concurrency: 2 });
    await sweep.checkStored();
    timers.advance(30_000);
    await until(() => marked.length === members.length);
    expect(mostAtOnce).toBe(2);
    for (const { sessionId, personId } of members) {
      const phone = Object.values((await harness.store.load(sessionId))!.people[personId]!.devices)[0]!;
      expect(phone.connected).toBe(false);
    }
    sweep.stop();
  });
});

describe('a check while server processes come and go', () => {
  it('waits until no process has come or gone for a grace period', async () => {
    const session = await harness.createSession();
    const alice = await joined(session.links.member, 'alice-phone', 'Alice');
    alice.socket.disconnect();
    await harness.store.update(session.sessionId, (state) => ({ state: stillConnected(state, alice.personId, 'alice-phone'), result: null }));

    const clock = harness.clock;
    const timers = new ManualTimers(clock);
    const watch = new ServerCountWatch(async () => 0, () => {}, 3_600_000, clock.now);
    watch.stop();
    const marked: string[] = [];
    const sweep = anotherSweep(timers, marked, (ms) => watch.steadyFor(ms));
    sweep.served(session.sessionId);
    watch.observe(2, () => {});
    // Ten seconds on, a process's link to Redis blinks: the count falls and comes back.
    timers.advance(10_000);
    const drops: number[] = [];
    watch.observe(1, () => drops.push(clock.now()));
    watch.observe(2, () => {});
    expect(drops).toHaveLength(1);

    // The check falls due 20 s after the blink: not steady yet, so it is put off by a grace period.
    timers.advance(20_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(marked).toEqual([]);
    expect(timers.dueTimes()).toEqual([clock.now() + 30_000]);
    // Steady at last: the check runs, and finds Alice's phone unheld.
    timers.advance(30_000);
    await until(() => marked.length === 1);
    expect((await harness.store.load(session.sessionId))!.people[alice.personId]!.devices['alice-phone']!.connected).toBe(false);
    sweep.stop();
  });
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

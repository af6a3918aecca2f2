import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/domain/decide.js';
import type { Effect } from '../../src/domain/effects.js';
import { micAllowed } from '../../src/domain/microphones.js';
import { fieldsTouched, selfView, viewFor } from '../../src/domain/project.js';
import { mediaPermission } from '../../src/media/grants.js';
import { Group } from '../support/session-fixture.js';
import { stateViolations } from '../support/turn-invariants.js';

const MINUTE = 60_000;

/** Dr Rivera (facilitator), Kim (co-therapist) and the named members, all admitted, in that roster order. */
function circle(...members: string[]): Group {
  const group = new Group();
  group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
  group.join('Kim', 'cotherapist', { as: 'kim' });
  for (const name of members) group.join(name);
  group.as('dr_rivera').admitAll();
  return group;
}

function effectsOf(decision: Decision): Effect[] {
  if (!decision.ok) throw new Error(`refused: ${decision.error.code} ${decision.error.message}`);
  return decision.effects;
}

/** The command is refused with `code` and the session is exactly as it was. */
function expectRefused(group: Group, act: () => Decision, code: string): void {
  const before = group.state;
  expect(act()).toMatchObject({ ok: false, error: { code } });
  expect(group.state).toBe(before);
}

/** The command is accepted and changes nothing: same state object, so no version bump and no write. */
function expectNoChange(group: Group, act: () => Decision): void {
  const before = group.state;
  const decision = act();
  expect(decision.ok).toBe(true);
  expect(group.state).toBe(before);
}

describe('raising and lowering hands', () => {
  it('keeps the speaking queue in the order hands went up', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    const start = group.ctx.now;
    group.raise('Alice');
    group.ctx.advance(1_000);
    group.raise('Carmen');
    group.ctx.advance(1_000);
    group.raise('Bob');
    expect(group.queue()).toEqual(['Alice', 'Carmen', 'Bob']);
    expect(group.state.turns.queue).toEqual([
      { personId: group.id('Alice'), source: 'hand', raisedAt: start },
      { personId: group.id('Carmen'), source: 'hand', raisedAt: start + 1_000 },
      { personId: group.id('Bob'), source: 'hand', raisedAt: start + 2_000 },
    ]);
    // Everyone in the group sees the same queue.
    expect(viewFor(group.state, 'participant').turns.queue).toEqual(group.state.turns.queue);
  });

  it('keeps one place for a hand raised twice, and changes nothing the second time', () => {
    const group = circle('Alice', 'Bob');
    group.raise('Alice');
    group.raise('Bob');
    expectNoChange(group, () => group.raise('Alice'));
    expect(group.queue()).toEqual(['Alice', 'Bob']);
  });

  it('lowers a hand, and lowering one that is not up changes nothing', () => {
    const group = circle('Alice', 'Bob');
    group.raise('Alice');
    group.raise('Bob');
    expect(group.lower('Alice').ok).toBe(true);
    expect(group.queue()).toEqual(['Bob']);
    expectNoChange(group, () => group.lower('Alice'));
  });

  it('lets staff raise and lower a hand on a member’s behalf', () => {
    const group = circle('Alice', 'Bob');
    expect(group.raise('Bob', { by: 'dr_rivera' }).ok).toBe(true);
    expect(group.raise('Alice', { by: 'kim' }).ok).toBe(true);
    expect(group.queue()).toEqual(['Bob', 'Alice']);
    expect(group.lower('Bob', { by: 'kim' }).ok).toBe(true);
    expect(group.queue()).toEqual(['Alice']);
  });

  it('refuses a member raising or lowering someone else’s hand', () => {
    const group = circle('Alice', 'Bob');
    group.raise('Bob');
    expectRefused(group, () => group.raise('Bob', { by: 'Alice' }), 'forbidden');
    expectRefused(group, () => group.lower('Bob', { by: 'Alice' }), 'forbidden');
  });

  it('puts only members in the group in line: not the waiting, the removed, those who left, staff or observers', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    group.join('Olu', 'observer');
    group.as('dr_rivera').admit('Olu');
    group.join('Wren'); // still in the waiting room
    group.as('dr_rivera').remove('Bob');
    group.as('Carmen').leave();

    expectRefused(group, () => group.raise('Wren'), 'forbidden'); // not admitted yet
    expectRefused(group, () => group.raise('Wren', { by: 'dr_rivera' }), 'not_present');
    expectRefused(group, () => group.raise('Bob', { by: 'dr_rivera' }), 'not_present');
    expectRefused(group, () => group.raise('Carmen', { by: 'dr_rivera' }), 'not_present');
    expectRefused(group, () => group.raise('Olu'), 'forbidden');
    expectRefused(group, () => group.raise('Olu', { by: 'dr_rivera' }), 'not_present');
    expectRefused(group, () => group.raise('dr_rivera'), 'forbidden');
    expectRefused(group, () => group.raise('kim', { by: 'dr_rivera' }), 'not_present');
    expectRefused(group, () => group.as('dr_rivera').run({ type: 'hand:raise', personId: 'nobody00' }), 'not_present');
    expect(group.raise('Alice').ok).toBe(true);
  });

  it('does not queue the person who is speaking', () => {
    const group = circle('Alice');
    group.raise('Alice');
    group.next();
    expectRefused(group, () => group.raise('Alice'), 'conflict');
    expect(group.queue()).toEqual([]);
  });
});

describe('the staff’s controls of the queue', () => {
  it('moves someone to a new place, at most to the end, and a move to where they are changes nothing', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    for (const name of ['Alice', 'Bob', 'Carmen']) group.raise(name);
    expect(group.move('Carmen', 0).ok).toBe(true);
    expect(group.queue()).toEqual(['Carmen', 'Alice', 'Bob']);
    expect(group.move('Carmen', 99, { by: 'kim' }).ok).toBe(true);
    expect(group.queue()).toEqual(['Alice', 'Bob', 'Carmen']);
    expectNoChange(group, () => group.move('Bob', 1));
    expectRefused(group, () => group.move('dr_rivera', 0), 'not_found');
  });

  it('removes an entry from the queue', () => {
    const group = circle('Alice', 'Bob');
    group.raise('Alice');
    group.raise('Bob');
    expect(group.dequeue('Alice').ok).toBe(true);
    expect(group.queue()).toEqual(['Bob']);
    expectRefused(group, () => group.dequeue('Alice'), 'not_found');
  });

  it('gives the turn to the first in line on Next speaker, ending the turn before', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    group.raise('Alice');
    group.raise('Carmen');
    group.ctx.advance(MINUTE);
    expect(group.next().ok).toBe(true);
    expect(group.speaker()).toBe('Alice');
    expect(group.state.turns.current).toEqual({ personId: group.id('Alice'), source: 'hand', startedAt: group.ctx.now, endsAt: null });
    expect(group.queue()).toEqual(['Carmen']);

    group.ctx.advance(MINUTE);
    expect(group.next({ by: 'kim' }).ok).toBe(true);
    expect(group.speaker()).toBe('Carmen');
    expect(group.queue()).toEqual([]);

    // With no one in line, Next speaker ends the turn; with no one speaking either, there is nothing to do.
    expect(group.next().ok).toBe(true);
    expect(group.speaker()).toBeNull();
    expectRefused(group, () => group.next(), 'conflict');
  });

  it('ends a turn without starting another', () => {
    const group = circle('Alice', 'Bob');
    group.raise('Alice');
    group.raise('Bob');
    group.next();
    expect(group.endTurn().ok).toBe(true);
    expect(group.speaker()).toBeNull();
    expect(group.queue()).toEqual(['Bob']);
    expectRefused(group, () => group.endTurn(), 'conflict');
  });

  it('moves the queue version on with every change to the queue or the turn', () => {
    const group = circle('Alice', 'Bob');
    const versions = [group.state.turns.queueVersion];
    const record = (decision: Decision) => {
      expect(decision.ok).toBe(true);
      versions.push(group.state.turns.queueVersion);
    };
    record(group.raise('Alice'));
    record(group.raise('Bob'));
    record(group.move('Bob', 0));
    record(group.next());
    record(group.dequeue('Alice'));
    record(group.endTurn());
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
  });

  it('advances once when two staff press Next speaker on the same queue: the second is stale', () => {
    const group = circle('Alice', 'Bob');
    group.raise('Alice');
    group.raise('Bob');
    const seen = group.state.turns.queueVersion;
    const sessionVersion = group.state.version;
    expect(group.next({ by: 'dr_rivera', queueVersion: seen }).ok).toBe(true);
    expectRefused(group, () => group.next({ by: 'kim', queueVersion: seen }), 'stale_version');
    expect(group.speaker()).toBe('Alice');
    expect(group.queue()).toEqual(['Bob']);
    expect(group.state.version).toBe(sessionVersion + 1);
  });

  it('refuses every queue command made on an old queue', () => {
    const group = circle('Alice', 'Bob');
    group.raise('Alice');
    const old = group.state.turns.queueVersion;
    group.raise('Bob');
    expectRefused(group, () => group.move('Bob', 0, { queueVersion: old }), 'stale_version');
    expectRefused(group, () => group.dequeue('Alice', { queueVersion: old }), 'stale_version');
    expectRefused(group, () => group.next({ queueVersion: old }), 'stale_version');
    group.next();
    expectRefused(group, () => group.endTurn({ queueVersion: old }), 'stale_version');
    expectRefused(group, () => group.next({ queueVersion: group.state.turns.queueVersion + 1 }), 'stale_version');
  });

  it('refuses staff controls to members and observers, and changes nothing', () => {
    const group = circle('Alice', 'Bob');
    group.join('Olu', 'observer');
    group.as('dr_rivera').admit('Olu');
    group.raise('Alice');
    for (const who of ['Alice', 'Olu']) {
      expectRefused(group, () => group.next({ by: who }), 'forbidden');
      expectRefused(group, () => group.endTurn({ by: who }), 'forbidden');
      expectRefused(group, () => group.move('Alice', 0, { by: who }), 'forbidden');
      expectRefused(group, () => group.dequeue('Alice', { by: who }), 'forbidden');
      expectRefused(group, () => group.setTimer(60, true, { by: who }), 'forbidden');
      expectRefused(group, () => group.startGoRound({ by: who }), 'forbidden');
      expectRefused(group, () => group.mute('Bob', { by: who }), 'forbidden');
      expectRefused(group, () => group.muteAll({ by: who }), 'forbidden');
      expectRefused(group, () => group.talkingPiece(true, { by: who }), 'forbidden');
    }
  });

  it('refuses a member still in the waiting room any turn-taking at all', () => {
    const group = circle('Alice');
    group.join('Wren');
    expectRefused(group, () => group.raise('Wren'), 'forbidden');
    expectRefused(group, () => group.lower('Wren'), 'forbidden');
    expectRefused(group, () => group.pass('Wren'), 'forbidden');
    expectRefused(group, () => group.next({ by: 'Wren' }), 'forbidden');
  });
});

describe('the speaker timer', () => {
  it('gives each new turn an absolute end, and none when the timer is off', () => {
    const group = circle('Alice', 'Bob');
    group.setTimer(120, false);
    group.raise('Alice');
    group.raise('Bob');
    group.next();
    expect(group.state.turns.current).toMatchObject({ startedAt: group.ctx.now, endsAt: group.ctx.now + 120_000 });
    expect(viewFor(group.state, 'participant').turns).toMatchObject({ turnSeconds: 120, autoEnd: false });
    group.setTimer(null, false);
    group.next();
    expect(group.state.turns.current).toMatchObject({ personId: group.id('Bob'), endsAt: null });
  });

  it('changes the end of the turn running now, counted from when it started', () => {
    const group = circle('Alice');
    group.raise('Alice');
    group.next();
    const startedAt = group.ctx.now;
    group.ctx.advance(30_000);
    group.setTimer(60, true);
    expect(group.state.turns.current).toMatchObject({ startedAt, endsAt: startedAt + 60_000 });
    group.setTimer(null, true);
    expect(group.state.turns.current?.endsAt).toBeNull();
  });

  it('ends the turn when its time is up, if turns end by themselves; the next waits for staff', () => {
    const group = circle('Alice', 'Bob');
    group.setTimer(60, true);
    group.raise('Alice');
    group.raise('Bob');
    group.next();
    group.ctx.advance(60_000);
    expect(group.timeUp().ok).toBe(true);
    expect(group.speaker()).toBeNull();
    expect(group.queue()).toEqual(['Bob']);
  });

  it('ignores a time-up that is early, for another turn, for a turn without an end, or without auto-end', () => {
    const group = circle('Alice', 'Bob');
    group.setTimer(60, true);
    group.raise('Alice');
    group.next();
    const alicesTurn = group.state.turns.current!.startedAt;
    group.ctx.advance(59_999);
    expectNoChange(group, () => group.timeUp()); // too early
    group.ctx.advance(1);
    expectNoChange(group, () => group.timeUp(alicesTurn - 1)); // a timer for an older turn

    group.setTimer(60, false);
    expectNoChange(group, () => group.timeUp()); // the facilitator ends turns by hand
    group.setTimer(null, true);
    expectNoChange(group, () => group.timeUp()); // no timer at all

    group.setTimer(60, true);
    group.raise('Bob');
    group.next(); // Bob's turn starts now, at Alice's end time
    group.ctx.advance(MINUTE);
    expectNoChange(group, () => group.timeUp(alicesTurn)); // Alice's late timer does not end Bob's turn
    expect(group.timeUp().ok).toBe(true);
    expect(group.speaker()).toBeNull();
  });

  it('ignores a time-up when no one is speaking', () => {
    const group = circle('Alice');
    group.setTimer(60, true);
    expectNoChange(group, () => group.timeUp(group.ctx.now));
  });
});

describe('go-rounds', () => {
  it('puts every present member in line in roster order; raised hands wait until the round is over', () => {
    const group = circle('Alice', 'Bob', 'Carmen', 'Dev', 'Erin');
    group.join('Olu', 'observer');
    group.as('dr_rivera').admit('Olu');
    group.join('Wren'); // waiting
    group.disconnect('Dev'); // connection dropped
    group.as('Erin').leave();
    group.raise('Carmen');
    group.raise('Bob');

    const started = group.startGoRound();
    expect(started.ok && started.reply).toEqual({ queued: 3 });
    expect(group.queue()).toEqual(['Alice', 'Bob', 'Carmen']);
    expect(group.state.turns.queue.every((e) => e.source === 'goRound')).toBe(true);
    expect(viewFor(group.state, 'participant').turns.goRound).toEqual({ remaining: 3, passed: [] });

    group.raise('Dev', { by: 'dr_rivera' }); // a hand raised during the round goes after it
    expect(group.queue()).toEqual(['Alice', 'Bob', 'Carmen', 'Dev']);
  });

  it('follows the order given, with present members not named after them', () => {
    const group = circle('Alice', 'Bob', 'Carmen', 'Dev');
    expect(group.startGoRound({ order: ['Carmen', 'Alice'] }).ok).toBe(true);
    expect(group.queue()).toEqual(['Carmen', 'Alice', 'Bob', 'Dev']);
  });

  it('refuses an order naming someone not in the group, or someone twice, and changes nothing', () => {
    const group = circle('Alice', 'Bob');
    group.join('Wren');
    expectRefused(group, () => group.startGoRound({ order: ['Alice', 'Wren'] }), 'not_present');
    expectRefused(group, () => group.startGoRound({ order: ['kim'] }), 'not_present');
    expectRefused(group, () => group.startGoRound({ order: ['Alice', 'Alice'] }), 'invalid_command');
    expectRefused(group, () => group.as('dr_rivera').run({ type: 'goRound:start', order: ['nobody00'] }), 'not_present');
  });

  it('refuses a go-round with no members present', () => {
    const group = circle();
    expectRefused(group, () => group.startGoRound(), 'conflict');
  });

  it('goes round: each speaks or passes, and the round ends when everyone has had a turn', () => {
    const group = circle('Alice', 'Bob', 'Carmen', 'Dev');
    group.startGoRound();
    group.next();
    expect(group.speaker()).toBe('Alice');

    group.next();
    expect(group.speaker()).toBe('Bob');
    // Bob passes: the turn goes straight on to Carmen.
    expect(group.pass('Bob').ok).toBe(true);
    expect(group.speaker()).toBe('Carmen');
    // Dev passes while still waiting: his place in the round is given up.
    expect(group.pass('Dev').ok).toBe(true);
    expect(group.queue()).toEqual([]);
    expect(group.state.turns.goRound).toEqual({ passed: [group.id('Bob'), group.id('Dev')] });

    group.next(); // Carmen is done: that was everyone
    expect(group.speaker()).toBeNull();
    expect(group.state.turns.goRound).toBeNull();
    expect(viewFor(group.state, 'staff').shares).toEqual([
      { personId: group.id('Alice'), turns: 1, passes: 0 },
      { personId: group.id('Bob'), turns: 0, passes: 1 },
      { personId: group.id('Carmen'), turns: 1, passes: 0 },
      { personId: group.id('Dev'), turns: 0, passes: 1 },
    ]);
  });

  it('does not start a raised hand’s turn when the last of the round passes; staff decide', () => {
    const group = circle('Alice', 'Bob');
    group.startGoRound({ order: ['Alice'] }); // Alice, then Bob
    group.raise('Bob', { by: 'dr_rivera' }); // already in the round: nothing changes
    group.next();
    group.next();
    expect(group.speaker()).toBe('Bob');
    group.raise('Alice');
    group.pass('Bob');
    expect(group.speaker()).toBeNull();
    expect(group.queue()).toEqual(['Alice']);
    expect(group.state.turns.goRound).toBeNull();
  });

  it('hands a round turn on when its time is up', () => {
    const group = circle('Alice', 'Bob');
    group.setTimer(60, true);
    group.startGoRound();
    group.next();
    group.ctx.advance(60_000);
    group.timeUp();
    expect(group.speaker()).toBe('Bob');
    group.ctx.advance(60_000);
    group.timeUp();
    expect(group.speaker()).toBeNull();
    expect(group.state.turns.goRound).toBeNull();
  });

  it('refuses a pass outside a round, and from someone whose round turn is over', () => {
    const group = circle('Alice', 'Bob');
    expectRefused(group, () => group.pass('Alice'), 'conflict');
    group.startGoRound();
    group.next();
    group.next();
    expectRefused(group, () => group.pass('Alice'), 'conflict');
    expectRefused(group, () => group.pass('dr_rivera'), 'conflict');
  });

  it('lets someone already speaking finish, and does not queue them for the round as well (fuzz seed 2)', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    group.raise('Bob');
    group.next();
    const started = group.startGoRound();
    expect(started.ok && started.reply).toEqual({ queued: 2 });
    expect(group.speaker()).toBe('Bob');
    expect(group.queue()).toEqual(['Alice', 'Carmen']);
    // Named in the order or not, the speaker is not queued twice.
    expect(group.startGoRound({ order: ['Bob', 'Carmen'] }).ok).toBe(true);
    expect(group.queue()).toEqual(['Carmen', 'Alice']);
    expect(stateViolations(group.state)).toEqual([]);
  });

  it('ends the round when the last one in it lowers their hand (fuzz seed 3)', () => {
    const group = circle('Alice');
    group.startGoRound();
    expect(group.lower('Alice').ok).toBe(true);
    expect(group.state.turns.goRound).toBeNull();
    expect(stateViolations(group.state)).toEqual([]);
  });

  it('ends the round when the last one in it leaves, is sent out, or is taken out of line (fuzz seed 15)', () => {
    const leaves = circle('Alice', 'Bob');
    leaves.raise('Bob');
    leaves.next(); // Bob speaks on a raised hand
    leaves.startGoRound(); // Alice is the whole round
    leaves.as('Alice').leave();
    expect(leaves.state.turns.goRound).toBeNull();
    expect(leaves.speaker()).toBe('Bob');

    const sent = circle('Alice');
    sent.startGoRound();
    sent.as('dr_rivera').sendToWaiting('Alice');
    expect(sent.state.turns.goRound).toBeNull();

    const dequeued = circle('Alice');
    dequeued.startGoRound();
    dequeued.dequeue('Alice');
    expect(dequeued.state.turns.goRound).toBeNull();
  });

  it('ends a round early: the rest of it leaves the line, raised hands stay', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    group.startGoRound({ order: ['Alice', 'Bob'] });
    expectNoChange(group, () => group.raise('Carmen')); // not named, but in the round all the same
    group.next();
    group.join('Dev');
    group.as('dr_rivera').admit('Dev');
    group.raise('Dev');
    expect(group.endGoRound().ok).toBe(true);
    expect(group.state.turns.goRound).toBeNull();
    expect(group.speaker()).toBe('Alice');
    expect(group.queue()).toEqual(['Dev']);
    expectRefused(group, () => group.endGoRound(), 'conflict');
  });

  it('starts afresh when a round is started again, dropping what was left of the old one', () => {
    const group = circle('Alice', 'Bob');
    group.startGoRound();
    group.pass('Bob');
    group.startGoRound({ order: ['Bob'] });
    expect(group.queue()).toEqual(['Bob', 'Alice']);
    expect(group.state.turns.goRound).toEqual({ passed: [] });
  });
});

describe('“not yet shared”', () => {
  it('shows staff each member’s turns and passes, zero for those who have not spoken; others see none', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    group.raise('Alice');
    group.next();
    group.endTurn();
    group.raise('Alice');
    group.next();
    group.next();
    expect(viewFor(group.state, 'staff').shares).toEqual([
      { personId: group.id('Alice'), turns: 2, passes: 0 },
      { personId: group.id('Bob'), turns: 0, passes: 0 },
      { personId: group.id('Carmen'), turns: 0, passes: 0 },
    ]);
    expect(viewFor(group.state, 'participant').shares).toEqual([]);
  });

  it('leaves the counts untouched while hands go up and down, so neither the store nor the staff view is sent them again', () => {
    const group = circle('Alice', 'Bob');
    group.raise('Alice');
    group.next();
    const counts = group.state.shareCounts;
    for (const step of [() => group.raise('Bob'), () => group.lower('Bob'), () => group.raise('Bob')]) {
      const before = group.state;
      expect(step().ok).toBe(true);
      expect(group.state.shareCounts).toBe(counts);
      expect(fieldsTouched(before, group.state)).toEqual(['turns']);
    }
    const before = group.state;
    group.next();
    expect(group.state.shareCounts).toEqual({ [group.id('Alice')]: { turns: 1, passes: 0 }, [group.id('Bob')]: { turns: 1, passes: 0 } });
    expect(fieldsTouched(before, group.state)).toEqual(['turns', 'shares']);
  });
});

describe('leaving the group gives up the place in line', () => {
  it('takes someone who leaves out of the queue, and ends their turn if they were speaking', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    group.raise('Alice');
    group.raise('Bob');
    group.raise('Carmen');
    group.next();
    group.as('Alice').leave();
    expect(group.speaker()).toBeNull();
    group.as('Bob').leave();
    expect(group.queue()).toEqual(['Carmen']);
    // Coming back does not bring the place back.
    group.join('Bob');
    expect(group.queue()).toEqual(['Carmen']);
    expect(group.raise('Bob').ok).toBe(true);
  });

  it('keeps the place of someone whose connection dropped, and their turn', () => {
    const group = circle('Alice', 'Bob');
    group.raise('Alice');
    group.raise('Bob');
    group.next();
    group.disconnect('Alice');
    group.disconnect('Bob');
    expect(group.speaker()).toBe('Alice');
    expect(group.queue()).toEqual(['Bob']);
  });

  it('keeps the place of someone who leaves from one of two devices', () => {
    const group = circle('Alice');
    group.join('Alice', 'member', { device: 'alice-laptop' });
    group.raise('Alice');
    group.as('Alice').leave(); // from the laptop; the phone stays
    expect(group.queue()).toEqual(['Alice']);
  });

  it('takes someone sent to the waiting room or removed out of line and out of their turn', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    group.raise('Alice');
    group.raise('Bob');
    group.raise('Carmen');
    group.next();
    group.as('dr_rivera').sendToWaiting('Alice');
    expect(group.speaker()).toBeNull();
    group.as('dr_rivera').remove('Bob');
    expect(group.queue()).toEqual(['Carmen']);
    // Admitted again, Alice starts with no place in line.
    group.as('dr_rivera').admit('Alice');
    expect(group.queue()).toEqual(['Carmen']);
  });
});

describe('muting', () => {
  it('soft-mutes each microphone of the member named, and changes nothing in the session', () => {
    const group = circle('Alice', 'Bob');
    group.join('Alice', 'member', { device: 'alice-laptop' });
    group.join('Alice', 'member', { device: 'alice-console', kind: 'console' });
    const before = group.state;
    const muted = group.mute('Alice');
    expect(muted.ok && muted.reply).toEqual({ muted: 1 });
    expect(effectsOf(muted)).toEqual([{ kind: 'softMute', personId: group.id('Alice'), deviceIds: ['Alice-phone', 'alice-laptop'] }]);
    expect(group.state).toBe(before);
  });

  it('mutes every member with a microphone connected, and no staff', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    group.join('Olu', 'observer');
    group.as('dr_rivera').admit('Olu');
    group.disconnect('Carmen');
    const muted = group.muteAll({ by: 'kim' });
    expect(muted.ok && muted.reply).toEqual({ muted: 2 });
    expect(effectsOf(muted)).toEqual([
      { kind: 'softMute', personId: group.id('Alice'), deviceIds: ['Alice-phone'] },
      { kind: 'softMute', personId: group.id('Bob'), deviceIds: ['Bob-phone'] },
    ]);
  });

  it('refuses to mute staff, observers, someone waiting or unknown, or a member with no microphone connected', () => {
    const group = circle('Alice', 'Bob');
    group.join('Olu', 'observer');
    group.as('dr_rivera').admit('Olu');
    group.join('Wren');
    group.disconnect('Bob');
    expectRefused(group, () => group.mute('kim'), 'forbidden');
    expectRefused(group, () => group.mute('Olu'), 'forbidden');
    expectRefused(group, () => group.mute('Wren'), 'not_present');
    expectRefused(group, () => group.mute('Bob'), 'not_present');
    expectRefused(group, () => group.as('dr_rivera').run({ type: 'mic:mute', personId: 'nobody00' }), 'not_present');
  });
});

describe('talking-piece mode', () => {
  /** Alice on a phone and a laptop, Bob on a phone, Kim with a console as well. */
  function room(): Group {
    const group = circle('Alice', 'Bob');
    group.join('Alice', 'member', { device: 'alice-laptop' });
    group.join('Kim', 'cotherapist', { as: 'kim', device: 'kim-tablet', kind: 'console' });
    return group;
  }

  it('closes every member’s microphone when it turns on, and no one else’s', () => {
    const group = room();
    const on = group.talkingPiece(true);
    expect(effectsOf(on)).toEqual([
      { kind: 'revokeMic', personId: group.id('Alice'), deviceIds: ['Alice-phone', 'alice-laptop'] },
      { kind: 'revokeMic', personId: group.id('Bob'), deviceIds: ['Bob-phone'] },
    ]);
    expect(micAllowed(group.state, group.person('Alice'))).toBe(false);
    expect(micAllowed(group.state, group.person('kim'))).toBe(true);
    expect(selfView(group.state, group.person('Bob'), 'Bob-phone').micAllowed).toBe(false);
    expect(viewFor(group.state, 'participant').turns.talkingPiece).toBe(true);
    expectNoChange(group, () => group.talkingPiece(true));
  });

  it('opens a member’s microphone when their turn starts and closes it when it ends', () => {
    const group = room();
    group.talkingPiece(true);
    group.raise('Alice');
    group.raise('Bob');

    const alice = group.next();
    expect(effectsOf(alice)).toEqual([{ kind: 'grantMic', personId: group.id('Alice'), deviceIds: ['Alice-phone', 'alice-laptop'] }]);
    expect(selfView(group.state, group.person('Alice'), 'alice-laptop').micAllowed).toBe(true);

    const bob = group.next();
    expect(effectsOf(bob)).toEqual([
      { kind: 'revokeMic', personId: group.id('Alice'), deviceIds: ['Alice-phone', 'alice-laptop'] },
      { kind: 'grantMic', personId: group.id('Bob'), deviceIds: ['Bob-phone'] },
    ]);

    expect(effectsOf(group.endTurn())).toEqual([{ kind: 'revokeMic', personId: group.id('Bob'), deviceIds: ['Bob-phone'] }]);
    expect(stateViolations(group.state)).toEqual([]);
  });

  it('gives the speaker back their microphone, and everyone else theirs, when it turns off', () => {
    const group = room();
    group.talkingPiece(true);
    group.raise('Bob');
    group.next();
    expect(effectsOf(group.talkingPiece(false))).toEqual([
      { kind: 'grantMic', personId: group.id('Alice'), deviceIds: ['Alice-phone', 'alice-laptop'] },
    ]);
  });

  it('turns on with the speaker keeping their microphone', () => {
    const group = room();
    group.raise('Bob');
    group.next();
    expect(effectsOf(group.talkingPiece(true))).toEqual([
      { kind: 'revokeMic', personId: group.id('Alice'), deviceIds: ['Alice-phone', 'alice-laptop'] },
    ]);
  });

  it('mints tokens without a microphone for members who arrive while it is on', () => {
    const group = room();
    group.talkingPiece(true);
    group.join('Carmen');
    const admitted = group.as('dr_rivera').admit('Carmen');
    expect(effectsOf(admitted)).toEqual([{ kind: 'grantMedia', personId: group.id('Carmen'), deviceIds: ['Carmen-phone'] }]);
    const carmen = group.person('Carmen');
    expect(mediaPermission(group.state, carmen, carmen.devices['Carmen-phone']!)).toEqual({
      canSubscribe: true,
      canPublish: true,
      canPublishData: false,
      canPublishSources: ['camera'],
    });
    // A second device of a member, and staff devices, as the mode says.
    group.join('Bob', 'member', { device: 'bob-tablet' });
    expect(mediaPermission(group.state, group.person('Bob'), group.person('Bob').devices['bob-tablet']!).canPublishSources).toEqual(['camera']);
    expect(mediaPermission(group.state, group.person('kim'), group.person('kim').devices['kim-phone']!).canPublishSources).toEqual([
      'camera',
      'microphone',
    ]);
  });

  it('takes the turn and the media, not just the microphone, from a speaker sent to the waiting room', () => {
    const group = room();
    group.talkingPiece(true);
    group.raise('Bob');
    group.next();
    const sent = group.as('dr_rivera').sendToWaiting('Bob');
    expect(effectsOf(sent).map((e) => e.kind)).toEqual(['revokeMedia']);
    expect(group.speaker()).toBeNull();
    expect(micAllowed(group.state, group.person('Bob'))).toBe(false);
  });

  it('leaves out devices that are not connected, and stays silent for a member with none', () => {
    const group = room();
    group.disconnect('Bob');
    expect(effectsOf(group.talkingPiece(true))).toEqual([
      { kind: 'revokeMic', personId: group.id('Alice'), deviceIds: ['Alice-phone', 'alice-laptop'] },
    ]);
  });
});

describe('the invariants hold along a whole session', () => {
  it('keeps one speaker, one place each, only members of the group in line, and microphones as the mode says', () => {
    const group = circle('Alice', 'Bob', 'Carmen');
    const steps: (() => Decision)[] = [
      () => group.talkingPiece(true),
      () => group.raise('Alice'),
      () => group.raise('Carmen'),
      () => group.raise('Bob'),
      () => group.next(),
      () => group.startGoRound(),
      () => group.pass('Bob'),
      () => group.next(),
      () => group.as('dr_rivera').remove('Carmen'),
      () => group.next(),
      () => group.talkingPiece(false),
      () => group.next(),
    ];
    for (const step of steps) {
      const version = group.state.version;
      const before = group.state;
      step();
      expect(stateViolations(group.state)).toEqual([]);
      if (group.state !== before) expect(group.state.version).toBe(version + 1);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { Group } from '../support/session-fixture.js';
import { selfView, viewFor } from '../../src/domain/project.js';
import { mediaRoomOf } from '../../src/domain/media-rooms.js';
import { micAllowed } from '../../src/domain/microphones.js';
import type { Decision } from '../../src/domain/decide.js';

const MIN = 60_000;

function group(members = ['Alice', 'Bob', 'Carmen', 'Dan']) {
  const g = new Group();
  g.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
  g.join('Kim', 'cotherapist', { as: 'kim' });
  for (const m of members) g.join(m);
  g.as('dr_rivera').admitAll();
  return g;
}

function start(g: Group, extra: Partial<{ minutes: number; size: { kind: 'pairs' } | { kind: 'threes' } | { kind: 'rooms'; count: number } }> = {}) {
  return g.as('dr_rivera').run({
    type: 'breakouts:start',
    size: extra.size ?? { kind: 'pairs' },
    assignment: 'random',
    prompt: 'What did you notice you have in common?',
    minutes: extra.minutes ?? 10,
  });
}

function roomNames(g: Group): string[][] {
  return (g.state.breakouts?.rooms ?? []).map((r) => r.memberIds.map((id) => g.nameOf(id)).sort());
}

function kinds(decision: Decision) {
  return decision.ok ? decision.effects.map((e) => `${e.kind}:${'personId' in e ? e.personId : ''}`) : [];
}

describe('breakouts', () => {
  it('splits the present members into random pairs and moves each one’s media to their room', () => {
    const g = group();
    const started = start(g);
    expect(started.ok && started.reply).toEqual({ rooms: 2 });
    expect(roomNames(g).flat().sort()).toEqual(['Alice', 'Bob', 'Carmen', 'Dan']);
    expect(roomNames(g).map((r) => r.length)).toEqual([2, 2]);
    for (const name of ['Alice', 'Bob', 'Carmen', 'Dan']) {
      expect(mediaRoomOf(g.state, g.person(name))).toMatch(new RegExp(`^circle-${g.state.id}-r[12]$`));
      expect(kinds(started)).toContain(`moveMedia:${g.id(name)}`);
    }
    // Staff stay in the main room until they visit.
    expect(mediaRoomOf(g.state, g.person('dr_rivera'))).toBe(g.state.mediaRoom);
  });

  it('puts a leftover single into the last pair, and splits into threes or a number of rooms', () => {
    const five = group(['Alice', 'Bob', 'Carmen', 'Dan', 'Eve']);
    start(five);
    expect(roomNames(five).map((r) => r.length)).toEqual([2, 3]);
    const threes = group(['Alice', 'Bob', 'Carmen', 'Dan', 'Eve', 'Fay', 'Gus']);
    start(threes, { size: { kind: 'threes' } });
    expect(roomNames(threes).map((r) => r.length)).toEqual([3, 4]);
    const rooms = group();
    start(rooms, { size: { kind: 'rooms', count: 3 } });
    expect(roomNames(rooms).map((r) => r.length)).toEqual([2, 1, 1]);
  });

  it('assigns manually, and refuses people who are not present or named twice', () => {
    const g = group();
    g.disconnect('Dan');
    const manual = (rooms: string[][]) =>
      g.as('dr_rivera').run({ type: 'breakouts:start', size: { kind: 'pairs' }, assignment: { rooms }, prompt: 'p', minutes: 5 });
    expect(manual([[g.id('Alice'), g.id('Dan')]])).toMatchObject({ ok: false, error: { code: 'not_present' } });
    expect(manual([[g.id('Alice')], [g.id('Alice'), g.id('Bob')]])).toMatchObject({ ok: false, error: { code: 'invalid_command' } });
    expect(manual([['nobody00']])).toMatchObject({ ok: false, error: { code: 'not_present' } });
    expect(g.state.breakouts).toBeNull();
    expect(manual([[g.id('Alice'), g.id('Carmen')], [g.id('Bob')]]).ok).toBe(true);
    expect(roomNames(g)).toEqual([['Alice', 'Carmen'], ['Bob']]);
  });

  it('shows each member only their own room and partners; staff see every room', () => {
    const g = group();
    start(g);
    const alice = viewFor(g.state, 'participant', g.id('Alice')).breakouts!;
    expect(alice.rooms).toHaveLength(1);
    expect(alice.rooms[0]!.memberIds).toContain(g.id('Alice'));
    expect(alice).toMatchObject({ prompt: 'What did you notice you have in common?', endsAt: g.ctx.now + 10 * MIN, help: [], visits: [] });
    expect(viewFor(g.state, 'staff').breakouts!.rooms).toHaveLength(2);
  });

  it('brings everyone back when the time is up, not before, and not for an older round', () => {
    const g = group();
    start(g);
    const startedAt = g.state.breakouts!.startedAt;
    g.ctx.advance(9 * MIN);
    expect(g.run({ type: 'breakouts:timeUp', startedAt }, 'system').ok && g.state.breakouts).not.toBeNull();
    g.ctx.advance(MIN);
    expect(g.run({ type: 'breakouts:timeUp', startedAt: startedAt - 1 }, 'system').ok && g.state.breakouts).not.toBeNull();
    const back = g.run({ type: 'breakouts:timeUp', startedAt }, 'system');
    expect(g.state.breakouts).toBeNull();
    expect(kinds(back).filter((k) => k.startsWith('moveMedia'))).toHaveLength(4);
    for (const name of ['Alice', 'Bob', 'Carmen', 'Dan']) expect(mediaRoomOf(g.state, g.person(name))).toBe(g.state.mediaRoom);
  });

  it('lets staff extend, broadcast, move a member, visit and return', () => {
    const g = group();
    start(g);
    const endsAt = g.state.breakouts!.endsAt;
    g.as('kim').run({ type: 'breakouts:extend', minutes: 5 });
    expect(g.state.breakouts!.endsAt).toBe(endsAt + 5 * MIN);
    g.as('kim').run({ type: 'breakouts:broadcast', text: 'Two minutes left' });
    expect(viewFor(g.state, 'participant', g.id('Bob')).breakouts!.broadcasts.map((b) => b.text)).toEqual(['Two minutes left']);
    const bobRoom = g.state.breakouts!.rooms.find((r) => r.memberIds.includes(g.id('Bob')))!.id;
    const other = bobRoom === 'r1' ? 'r2' : 'r1';
    const moved = g.as('dr_rivera').run({ type: 'breakouts:move', personId: g.id('Bob'), roomId: other });
    expect(kinds(moved)).toEqual([`moveMedia:${g.id('Bob')}`]);
    expect(mediaRoomOf(g.state, g.person('Bob'))).toBe(`${g.state.mediaRoom}-${other}`);
    const visiting = g.as('kim').run({ type: 'breakouts:visit', roomId: other });
    expect(kinds(visiting)).toEqual([`moveMedia:${g.id('kim')}`]);
    expect(mediaRoomOf(g.state, g.person('kim'))).toBe(`${g.state.mediaRoom}-${other}`);
    g.as('kim').run({ type: 'breakouts:visit', roomId: null });
    expect(mediaRoomOf(g.state, g.person('kim'))).toBe(g.state.mediaRoom);
  });

  it('alerts staff to which room asked for help', () => {
    const g = group();
    start(g);
    g.ctx.advance(MIN);
    expect(g.as('Carmen').run({ type: 'breakouts:help' }).ok).toBe(true);
    const room = g.state.breakouts!.rooms.find((r) => r.memberIds.includes(g.id('Carmen')))!.id;
    expect(viewFor(g.state, 'staff').breakouts!.help).toEqual([{ roomId: room, at: g.ctx.now, acknowledged: false }]);
    expect(viewFor(g.state, 'participant', g.id('Carmen')).breakouts!.help).toEqual([]);
    g.as('dr_rivera').run({ type: 'breakouts:ackHelp', roomId: room });
    expect(viewFor(g.state, 'staff').breakouts!.help[0]!.acknowledged).toBe(true);
  });

  it('shows only shared reflections after the return, never the private ones or who kept theirs', () => {
    const g = group();
    start(g);
    g.as('Alice').run({ type: 'reflection:save', text: 'We both find mornings hard', shared: true });
    g.as('Bob').run({ type: 'reflection:save', text: 'I felt judged', shared: false });
    expect(viewFor(g.state, 'participant').reflections).toEqual([]);
    expect(selfView(g.state, g.person('Bob'), 'Bob-phone').reflection).toEqual({ text: 'I felt judged', shared: false });
    g.as('dr_rivera').run({ type: 'breakouts:close' });
    for (const audience of ['participant', 'staff'] as const) {
      const view = viewFor(g.state, audience);
      expect(view.reflections).toEqual([{ name: 'Alice', text: 'We both find mornings hard' }]);
      expect(JSON.stringify(view)).not.toContain('I felt judged');
    }
  });

  it('refuses bad input with a clear message and no change', () => {
    const g = group();
    const before = g.state;
    expect(g.as('Alice').run({ type: 'breakouts:start', size: { kind: 'pairs' }, assignment: 'random', prompt: 'p', minutes: 5 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(g.as('Alice').run({ type: 'reflection:save', text: 'x', shared: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(g.as('Alice').run({ type: 'breakouts:help' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(g.state).toBe(before);
    start(g);
    expect(start(g)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // A member cannot move themselves to another breakout.
    expect(g.as('Alice').run({ type: 'breakouts:move', personId: g.id('Alice'), roomId: 'r2' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(g.as('Alice').run({ type: 'breakouts:visit', roomId: 'r2' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(g.as('dr_rivera').run({ type: 'breakouts:move', personId: g.id('Alice'), roomId: 'r9' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('takes someone sent to the waiting room out of their breakout; a late arrival stays with staff', () => {
    const g = group();
    start(g);
    g.as('dr_rivera').sendToWaiting('Alice');
    expect(g.state.breakouts!.rooms.flatMap((r) => r.memberIds)).not.toContain(g.id('Alice'));
    g.join('Eve');
    g.as('dr_rivera').admit('Eve');
    expect(mediaRoomOf(g.state, g.person('Eve'))).toBe(g.state.mediaRoom);
  });

  it('frees breakout microphones from the talking piece, and closes them again on return', () => {
    const g = group();
    g.talkingPiece(true);
    expect(micAllowed(g.state, g.person('Alice'))).toBe(false);
    start(g);
    expect(micAllowed(g.state, g.person('Alice'))).toBe(true);
    const closed = g.as('dr_rivera').run({ type: 'breakouts:close' });
    expect(micAllowed(g.state, g.person('Alice'))).toBe(false);
    // The new token for the main room carries the restriction; no separate permission call.
    expect(kinds(closed).some((k) => k.startsWith('revokeMic'))).toBe(false);
  });
});

describe('the support room', () => {
  it('sends a private signal only staff see, with its time, which staff acknowledge', () => {
    const g = group();
    g.ctx.advance(3 * MIN);
    expect(g.as('Bob').run({ type: 'support:signal' }).ok).toBe(true);
    expect(viewFor(g.state, 'staff').support.signals).toEqual([{ personId: g.id('Bob'), at: g.ctx.now, acknowledged: false }]);
    expect(viewFor(g.state, 'participant').support.signals).toEqual([]);
    expect(selfView(g.state, g.person('Bob'), 'Bob-phone').support).toEqual({ at: g.ctx.now, acknowledged: false });
    g.as('kim').run({ type: 'support:acknowledge', personId: g.id('Bob') });
    expect(viewFor(g.state, 'staff').support.signals[0]!.acknowledged).toBe(true);
    expect(g.as('dr_rivera').run({ type: 'support:signal' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('takes a member into a 1:1 room with a co-therapist and back with one action', () => {
    const g = group();
    g.as('Bob').run({ type: 'support:signal' });
    const out = g.as('kim').run({ type: 'support:start', personId: g.id('Bob') });
    expect(kinds(out).sort()).toEqual([`moveMedia:${g.id('Bob')}`, `moveMedia:${g.id('kim')}`].sort());
    const room = `${g.state.mediaRoom}-support-${g.id('Bob')}`;
    expect(mediaRoomOf(g.state, g.person('Bob'))).toBe(room);
    expect(mediaRoomOf(g.state, g.person('kim'))).toBe(room);
    expect(viewFor(g.state, 'participant').support.rooms).toEqual([{ memberId: g.id('Bob'), staffId: null, startedAt: null }]);
    expect(viewFor(g.state, 'participant', g.id('Bob')).support.rooms).toEqual([{ memberId: g.id('Bob'), staffId: g.id('kim'), startedAt: g.ctx.now }]);
    const back = g.as('kim').run({ type: 'support:end', personId: g.id('Bob') });
    expect(kinds(back).filter((k) => k.startsWith('moveMedia'))).toHaveLength(2);
    expect(mediaRoomOf(g.state, g.person('Bob'))).toBe(g.state.mediaRoom);
    expect(g.state.support).toEqual({ signals: {}, rooms: {} });
  });

  it('is for staff to start, and one room at a time per staff member', () => {
    const g = group();
    expect(g.as('Alice').run({ type: 'support:start', personId: g.id('Bob') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    g.as('kim').run({ type: 'support:start', personId: g.id('Bob') });
    expect(g.as('kim').run({ type: 'support:start', personId: g.id('Alice') })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(g.as('dr_rivera').run({ type: 'support:start', personId: g.id('Bob') })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

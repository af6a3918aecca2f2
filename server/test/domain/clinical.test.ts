import { describe, expect, it } from 'vitest';
import { Group } from '../support/session-fixture.js';
import { viewFor, selfView } from '../../src/domain/project.js';
import { attendanceRecord } from '../../src/domain/attendance.js';
import { retentionDeadline } from '../../src/domain/retention.js';

const MIN = 60_000;

function hybridGroup() {
  const group = new Group();
  group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
  group.join('Alice');
  group.join('Bob');
  group.as('dr_rivera').admitAll();
  return group;
}

describe('hybrid groups', () => {
  it('adds in-room members who are present, marked in the room, and take turns', () => {
    const group = hybridGroup();
    expect(group.addInRoom('Maya', 'dr_rivera').ok).toBe(true);
    expect(group.addInRoom('Theo', 'dr_rivera').ok).toBe(true);
    const maya = viewFor(group.state, 'participant').people.find((p) => p.name === 'Maya');
    expect(maya).toMatchObject({ attendance: 'inRoom', present: true, devices: [], status: 'admitted' });
    expect(group.raise('Maya', { by: 'dr_rivera' }).ok).toBe(true);
    expect(group.queue()).toEqual(['Maya']);
    expect(group.startGoRound().ok).toBe(true);
    expect(group.queue()).toEqual(['Alice', 'Bob', 'Maya', 'Theo']);
  });

  it('refuses empty, duplicate and member-added in-room names, and changes nothing', () => {
    const group = hybridGroup();
    group.addInRoom('Maya', 'dr_rivera');
    const before = group.state;
    expect(group.addInRoom('maya', 'dr_rivera')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(group.addInRoom('Alice', 'dr_rivera')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(group.as('Alice').run({ type: 'roster:addInRoom', name: 'Zed' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(group.state).toBe(before);
  });
});

describe('session clock and agenda', () => {
  it('starts when the facilitator first comes in and shows the agenda to everyone let in', () => {
    const group = new Group();
    expect(group.state.startedAt).toBeNull();
    group.ctx.advance(5 * MIN);
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    expect(group.state.startedAt).toBe(group.ctx.now);
    const view = viewFor(group.state, 'participant').clinical;
    expect(view.clock).toEqual({ startedAt: group.ctx.now, plannedMinutes: 90, endedAt: null });
    expect(view.agenda).toEqual({ phases: ['Check-in', 'Sharing', 'Skills', 'Reflection', 'Check-out'], current: 0 });
    expect(viewFor(group.state, 'waiting').clinical.agenda.phases).toEqual([]);
  });

  it('lets staff edit and advance the agenda, not members', () => {
    const group = hybridGroup();
    expect(group.as('dr_rivera').run({ type: 'agenda:set', phases: ['Arrive', 'Share', 'Close'] }).ok).toBe(true);
    expect(group.as('dr_rivera').run({ type: 'agenda:goTo', index: 2 }).ok).toBe(true);
    expect(group.state.agenda).toEqual({ phases: ['Arrive', 'Share', 'Close'], current: 2 });
    expect(group.as('dr_rivera').run({ type: 'agenda:goTo', index: 3 })).toMatchObject({ ok: false, error: { code: 'invalid_command' } });
    expect(group.as('Alice').run({ type: 'agenda:goTo', index: 0 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A shorter agenda keeps the current phase within it.
    group.as('dr_rivera').run({ type: 'agenda:set', phases: ['Only'] });
    expect(group.state.agenda.current).toBe(0);
  });
});

describe('check-in and check-out', () => {
  it('keeps answers private: staff see each, members only their own', () => {
    const group = hybridGroup();
    group.addInRoom('Maya', 'dr_rivera');
    expect(group.as('Alice').run({ type: 'feelings:answer', score: 4 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    group.as('dr_rivera').run({ type: 'feelings:open', round: 'checkIn' });
    group.as('Alice').run({ type: 'feelings:answer', score: 4 });
    group.as('Bob').run({ type: 'feelings:answer', score: 7 });
    expect(group.as('dr_rivera').run({ type: 'feelings:answer', score: 6, personId: group.id('Maya') }).ok).toBe(true);
    expect(group.as('Alice').run({ type: 'feelings:answer', score: 1, personId: group.id('Bob') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(viewFor(group.state, 'staff').clinical.feelings.answers).toEqual([
      { personId: group.id('Alice'), round: 'checkIn', score: 4 },
      { personId: group.id('Bob'), round: 'checkIn', score: 7 },
      { personId: group.id('Maya'), round: 'checkIn', score: 6 },
    ]);
    expect(viewFor(group.state, 'participant').clinical.feelings).toEqual({ open: 'checkIn', answers: [] });
    expect(selfView(group.state, group.person('Alice'), 'Alice-phone').feelings).toEqual({ checkIn: 4, checkOut: null });
  });

  it('refuses scores from staff for themselves and from people not in the group', () => {
    const group = hybridGroup();
    group.join('Carmen');
    group.as('dr_rivera').run({ type: 'feelings:open', round: 'checkOut' });
    expect(group.as('dr_rivera').run({ type: 'feelings:answer', score: 5 })).toMatchObject({ ok: false });
    expect(group.as('Carmen').run({ type: 'feelings:answer', score: 5 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('staff notes', () => {
  it('are kept for staff and never shown to members or observers', () => {
    const group = hybridGroup();
    group.join('Olu', 'observer');
    group.as('dr_rivera').admitAll();
    expect(group.as('dr_rivera').run({ type: 'note:add', text: 'watch Bob, seems withdrawn' }).ok).toBe(true);
    expect(group.as('Alice').run({ type: 'note:add', text: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(group.as('Olu').run({ type: 'note:add', text: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(viewFor(group.state, 'staff').clinical.notes.map((n) => n.text)).toEqual(['watch Bob, seems withdrawn']);
    expect(viewFor(group.state, 'participant').clinical.notes).toEqual([]);
  });
});

describe('ending the session', () => {
  it('closes everyone’s presence, the media room and every connection, and shows the closing card', () => {
    const group = hybridGroup();
    group.ctx.advance(60 * MIN);
    const ended = group.as('dr_rivera').run({ type: 'session:end' });
    expect(ended.ok && ended.effects.map((e) => e.kind)).toEqual(['closeMedia', 'disconnect', 'disconnect', 'disconnect']);
    expect(group.state).toMatchObject({ status: 'ended', endedAt: group.ctx.now });
    expect(Object.values(group.state.people).every((p) => p.presence.every((s) => s.to !== null))).toBe(true);
    expect(viewFor(group.state, 'participant').clinical.closing).toMatch(/988/);
    expect(group.as('dr_rivera').run({ type: 'session:sync' })).toMatchObject({ ok: false, error: { code: 'session_ended' } });
  });

  it('is for staff only', () => {
    const group = hybridGroup();
    expect(group.as('Alice').run({ type: 'session:end' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(group.state.status).toBe('open');
  });
});

describe('attendance record', () => {
  it('merges devices and reconnects, bridges short gaps, and counts in-room members and late arrivals', () => {
    const group = new Group();
    const t0 = group.ctx.now;
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    group.join('Alice');
    group.as('dr_rivera').admit('Alice');
    group.addInRoom('Maya', 'dr_rivera');
    group.as('dr_rivera').run({ type: 'feelings:open', round: 'checkIn' });
    group.as('Alice').run({ type: 'feelings:answer', score: 3 });

    group.ctx.advance(20 * MIN);
    group.disconnect('Alice'); // a dropped connection…
    group.ctx.advance(1 * MIN);
    group.join('Alice'); // …back within two minutes: not an absence
    group.join('Alice', 'member', { as: 'Alice', device: 'Alice-laptop' }); // and a second device
    group.ctx.advance(10 * MIN);
    group.disconnect('Alice'); // the laptop stays

    group.join('Bob'); // arrives late, 31 minutes in
    group.as('dr_rivera').admit('Bob');
    group.ctx.advance(9 * MIN);
    group.disconnect('Bob'); // away for five minutes: an absence
    group.ctx.advance(5 * MIN);
    group.join('Bob');
    group.raise('Bob');
    group.next();

    group.as('dr_rivera').run({ type: 'feelings:open', round: 'checkOut' });
    group.as('Alice').run({ type: 'feelings:answer', score: 6 });
    group.ctx.advance(15 * MIN);
    group.as('dr_rivera').run({ type: 'session:end' });

    const record = attendanceRecord(group.state, group.ctx.now);
    expect(record).toMatchObject({ start: new Date(t0).toISOString(), end: new Date(t0 + 60 * MIN).toISOString(), durationMinutes: 60 });
    const byName = Object.fromEntries(record.people.map((p) => [p.name, p]));
    expect(byName['Dr Rivera']).toMatchObject({ role: 'Facilitator', attended: 'online', minutesPresent: 60 });
    expect(byName['Alice']).toMatchObject({
      attended: 'online',
      minutesPresent: 60,
      firstJoin: new Date(t0).toISOString(),
      lastLeave: new Date(t0 + 60 * MIN).toISOString(),
      agreedToGroupAgreement: true,
      checkIn: 3,
      checkOut: 6,
      turnsTaken: 0,
    });
    expect(byName['Bob']).toMatchObject({ minutesPresent: 24, firstJoin: new Date(t0 + 31 * MIN).toISOString(), turnsTaken: 1, checkIn: null });
    expect(byName['Maya']).toMatchObject({ attended: 'in the room', minutesPresent: 60, agreedToGroupAgreement: false });
  });

  it('leaves out people who only waited, and counts time from admission', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    group.join('Alice');
    group.join('Bob');
    group.ctx.advance(10 * MIN);
    group.as('dr_rivera').admit('Alice');
    group.ctx.advance(30 * MIN);
    const record = attendanceRecord(group.state, group.ctx.now);
    expect(record.people.map((p) => p.name)).toEqual(['Dr Rivera', 'Alice']);
    expect(record.people[1]).toMatchObject({ minutesPresent: 30, lastLeave: null });
    expect(record).toMatchObject({ end: null, durationMinutes: null });
  });
});

describe('retention', () => {
  it('keeps an ended session 24 hours after the end, and an idle one 12 hours after its last activity', () => {
    const group = hybridGroup();
    expect(retentionDeadline(group.state)).toBe(group.state.lastActivityAt + 12 * 60 * MIN);
    expect(group.state.retainUntil).toBe(group.state.lastActivityAt + 12 * 60 * MIN);
    group.ctx.advance(90 * MIN);
    group.as('dr_rivera').run({ type: 'session:end' });
    expect(group.state.retainUntil).toBe(group.ctx.now + 24 * 60 * MIN);
  });
});

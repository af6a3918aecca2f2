import { describe, expect, it } from 'vitest';
import { Group } from '../support/session-fixture.js';
import { viewFor } from '../../src/domain/project.js';

function expectRefused(decision: { ok: boolean }, code: string) {
  expect(decision).toMatchObject({ ok: false, error: { code } });
}

describe('joining and the waiting room', () => {
  it('lets staff in directly and puts members in the waiting room', () => {
    const group = new Group();
    expect(group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' }).ok).toBe(true);
    group.join('Alice');
    expect(group.person('dr_rivera').status).toBe('admitted');
    expect(group.person('Alice').status).toBe('waiting');
    expect(group.person('Alice').agreedAt).toBe(group.ctx.now);
  });

  it('grants media to an admitted person and to staff on join, never to someone waiting', () => {
    const group = new Group();
    const staff = group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    expect(staff.ok && staff.effects).toEqual([{ kind: 'grantMedia', personId: group.id('dr_rivera'), deviceIds: ['dr_rivera-phone'] }]);
    const alice = group.join('Alice');
    expect(alice.ok && alice.effects).toEqual([]);
    const admitted = group.as('dr_rivera').admit('Alice');
    expect(admitted.ok && admitted.effects).toEqual([{ kind: 'grantMedia', personId: group.id('Alice'), deviceIds: ['Alice-phone'] }]);
  });

  it('admits everyone present in the waiting room at once, and not those who left it', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    group.join('Alice');
    group.join('Bob');
    group.join('Carmen');
    group.disconnect('Carmen');
    const all = group.as('dr_rivera').admitAll();
    expect(all.ok && all.reply).toEqual({ admitted: 2 });
    expect(group.person('Alice').status).toBe('admitted');
    expect(group.person('Bob').status).toBe('admitted');
    expect(group.person('Carmen').status).toBe('waiting');
    expect(viewFor(group.state, 'staff').waiting).toEqual([]);
  });

  it('sends someone back to the waiting room and takes them out of the media room', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    group.join('Alice');
    group.as('dr_rivera').admit('Alice');
    const sent = group.as('dr_rivera').sendToWaiting('Alice');
    expect(sent.ok && sent.effects).toEqual([
      { kind: 'revokeMedia', personId: group.id('Alice'), deviceIds: ['Alice-phone'], reason: expect.any(String) },
    ]);
    expect(group.person('Alice').status).toBe('waiting');
    expect(group.as('dr_rivera').admit('Alice').ok).toBe(true);
  });

  it('removes a member for good: devices closed, their personal link refused', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    group.join('Alice');
    group.as('dr_rivera').admit('Alice');
    const removed = group.as('dr_rivera').remove('Alice');
    expect(removed.ok && removed.effects.map((e) => e.kind)).toEqual(['revokeMedia', 'disconnect']);
    expect(group.person('Alice').status).toBe('removed');
    expect(group.person('Alice').devices['Alice-phone']?.connected).toBe(false);
    expectRefused(group.join('Alice'), 'removed');
    expect(viewFor(group.state, 'staff').people.map((p) => p.name)).toEqual(['Dr Rivera']);
  });

  it('brings a reconnecting person back where they were, without a second admission', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    group.join('Alice');
    group.as('dr_rivera').admit('Alice');
    group.disconnect('Alice');
    expect(group.person('Alice').devices['Alice-phone']?.connected).toBe(false);
    const back = group.join('Alice');
    expect(back.ok && back.effects).toEqual([{ kind: 'grantMedia', personId: group.id('Alice'), deviceIds: ['Alice-phone'] }]);
    expect(group.person('Alice').status).toBe('admitted');
    expect(Object.keys(group.state.people)).toHaveLength(2);
  });

  it('ignores the late disconnect of a connection a reload has already replaced', () => {
    const group = new Group();
    group.join('Alice');
    const stale = group.actor('Alice');
    group.join('Alice'); // the reloaded page attaches the same device with a new connection
    const late = group.run({ type: 'device:disconnected', personId: group.id('Alice'), deviceId: stale.deviceId, connectionId: stale.connectionId }, 'system');
    expect(late.ok && late.state).toBe(group.state);
    expect(group.person('Alice').devices['Alice-phone']?.connected).toBe(true);
  });

  it('joins a second device as the same person, for instance a console', () => {
    const group = new Group();
    group.join('Dr Rivera', 'cotherapist', { as: 'dr_rivera' });
    group.join('Dr Rivera', 'cotherapist', { as: 'dr_rivera', device: 'tablet', kind: 'console' });
    const person = group.person('dr_rivera');
    expect(Object.values(person.devices).map((d) => [d.id, d.kind])).toEqual([
      ['dr_rivera-phone', 'media'],
      ['tablet', 'console'],
    ]);
    expect(Object.keys(group.state.people)).toHaveLength(1);
  });

  it('refuses a second person with the same name, a full group, and a missing agreement', () => {
    const group = new Group({ capacity: 2 });
    group.join('Alice');
    expectRefused(group.join('alice', 'member', { as: 'other-alice' }), 'conflict');
    group.join('Bob');
    expectRefused(group.join('Carmen'), 'session_full');
    const noAgreement = group.run({ type: 'session:join', name: 'Dan', deviceKind: 'media' }, { role: 'member', personId: null, deviceId: 'dan-phone', connectionId: 'c' });
    expectRefused(noAgreement, 'invalid_command');
  });

  it('refuses staff powers to members and observers, and leaves the state untouched', () => {
    const group = new Group();
    group.join('Alice');
    group.join('Olu', 'observer');
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    group.as('dr_rivera').admitAll();
    const before = group.state;
    for (const who of ['Alice', 'Olu']) {
      expectRefused(group.as(who).remove('Alice'), 'forbidden');
      expectRefused(group.as(who).admitAll(), 'forbidden');
      expectRefused(group.as(who).sendToWaiting('Alice'), 'forbidden');
    }
    expect(group.state).toBe(before);
  });

  it('never lets staff act on staff, or on someone unknown', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    group.join('Kim', 'cotherapist', { as: 'kim' });
    expectRefused(group.as('dr_rivera').remove('kim'), 'forbidden');
    expectRefused(group.as('dr_rivera').run({ type: 'person:admit', personId: 'nobody00' }), 'not_found');
  });

  it('only lets staff join as the room device', () => {
    const group = new Group();
    expectRefused(group.join('Alice', 'member', { kind: 'roomDevice' }), 'forbidden');
    expect(group.join('Clinic room', 'facilitator', { kind: 'roomDevice', as: 'room' }).ok).toBe(true);
  });

  it('shows waiting people only to staff, and nobody to those still waiting', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    group.join('Alice');
    group.join('Bob');
    group.as('dr_rivera').admit('Alice');
    expect(viewFor(group.state, 'staff').waiting.map((p) => p.name)).toEqual(['Bob']);
    expect(viewFor(group.state, 'participant').waiting).toEqual([]);
    expect(viewFor(group.state, 'participant').people.map((p) => p.name)).toEqual(['Dr Rivera', 'Alice']);
    expect(viewFor(group.state, 'waiting').people).toEqual([]);
  });

  it('bumps the version on every change and not on a read', () => {
    const group = new Group();
    const v = group.state.version;
    group.join('Alice');
    expect(group.state.version).toBe(v + 1);
    const sync = group.as('Alice').run({ type: 'session:sync' });
    expect(sync.ok && sync.state.version).toBe(v + 1);
  });
});

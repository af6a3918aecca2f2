import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/domain/create.js';
import { viewFor } from '../../src/domain/project.js';
import { Group } from '../support/session-fixture.js';

/** The session lock, link reissue, the media key and encryption support, in the pure model. */

function groupWithAlice() {
  const group = new Group();
  group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
  group.join('Alice');
  group.as('dr_rivera').admit('Alice');
  return group;
}

describe('session lock', () => {
  it('keeps new people out, even of the waiting room, and lets known people back in', () => {
    const group = groupWithAlice();
    expect(group.as('dr_rivera').run({ type: 'session:lock', locked: true })).toMatchObject({ ok: true });
    expect(group.join('Bob')).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(group.join('Olga', 'observer')).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(Object.values(group.state.people).map((p) => p.name)).toEqual(['Dr Rivera', 'Alice']);
    // Alice on a second device, and the co-therapist arriving late by the staff link.
    expect(group.join('Alice', 'member', { device: 'alice-laptop' }).ok).toBe(true);
    expect(group.join('Kim', 'cotherapist', { as: 'kim' }).ok).toBe(true);

    group.as('dr_rivera').run({ type: 'session:lock', locked: false });
    expect(group.join('Bob').ok).toBe(true);
  });

  it('is shown to every audience', () => {
    const group = groupWithAlice();
    group.as('dr_rivera').run({ type: 'session:lock', locked: true });
    for (const audience of ['staff', 'participant', 'waiting'] as const) expect(viewFor(group.state, audience).locked).toBe(true);
  });

  it('changes nothing when set to what it already is', () => {
    const group = groupWithAlice();
    const before = group.state;
    expect(group.as('dr_rivera').run({ type: 'session:lock', locked: false })).toMatchObject({ ok: true, state: before });
  });
});

describe('link reissue', () => {
  it('bumps only that role’s generation', () => {
    const group = groupWithAlice();
    group.as('dr_rivera').run({ type: 'links:reissue', role: 'member' });
    expect(group.state.linkGeneration).toEqual({ facilitator: 0, cotherapist: 0, member: 1, observer: 0 });
  });

  it('refuses a device that connected with the old link before the reissue', () => {
    const group = groupWithAlice();
    group.as('dr_rivera').run({ type: 'links:reissue', role: 'member' });
    const join = { type: 'session:join' as const, name: 'Bob', agreed: true as const, deviceKind: 'media' as const };
    const actor = { role: 'member' as const, personId: null, deviceId: 'bob-phone', connectionId: 'c-bob' };
    expect(group.run(join, { ...actor, linkGeneration: 0 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(group.run(join, { ...actor, linkGeneration: 1 }).ok).toBe(true);
  });
});

describe('media key', () => {
  it('is made at creation, or not at all when encryption is off', () => {
    const group = new Group();
    expect(group.state.mediaKey).toEqual({ key: 'key0001', index: 0 });
    expect(viewFor(group.state, 'participant').e2ee).toBe(true);
    const plain = createSession({ title: 'Open group', plannedMinutes: 60, capacity: 8, e2ee: false }, group.ctx);
    expect(plain.mediaKey).toBeNull();
    expect(viewFor(plain, 'participant').e2ee).toBe(false);
  });

  it('is replaced when someone is sent to the waiting room or removed, and only then', () => {
    const group = groupWithAlice();
    group.join('Bob');
    group.as('dr_rivera').admit('Bob');
    const first = group.state.mediaKey;
    group.as('Alice').run({ type: 'hand:raise' });
    group.as('Alice').leave();
    group.disconnect('Bob');
    expect(group.state.mediaKey).toEqual(first);

    group.as('dr_rivera').sendToWaiting('Bob');
    expect(group.state.mediaKey).toEqual({ key: 'key0002', index: 1 });
    group.as('dr_rivera').admit('Bob');
    expect(group.state.mediaKey?.index).toBe(1);
    group.as('dr_rivera').remove('Alice');
    expect(group.state.mediaKey).toEqual({ key: 'key0003', index: 2 });
  });

  it('is not rotated when a refused command changes nothing, or when encryption is off', () => {
    const group = groupWithAlice();
    expect(group.as('Alice').run({ type: 'person:remove', personId: group.id('Alice') }).ok).toBe(false);
    expect(group.state.mediaKey?.index).toBe(0);
    group.state = { ...group.state, mediaKey: null };
    group.as('dr_rivera').remove('Alice');
    expect(group.state.mediaKey).toBeNull();
  });

  it('never appears in a view', () => {
    const group = groupWithAlice();
    const key = group.state.mediaKey!.key;
    for (const audience of ['staff', 'participant', 'waiting'] as const) expect(JSON.stringify(viewFor(group.state, audience))).not.toContain(key);
  });
});

describe('encrypted media support', () => {
  it('is recorded at join, kept when a later device does not say, and shown to staff only', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera' });
    group.run(
      { type: 'session:join', name: 'Alice', agreed: true, deviceKind: 'media', e2eeSupported: false },
      { role: 'member', personId: null, deviceId: 'alice-phone', connectionId: 'c1' },
    );
    const alice = Object.values(group.state.people).find((p) => p.name === 'Alice')!;
    expect(alice.e2eeSupported).toBe(false);
    expect(viewFor(group.state, 'staff').waiting.map((p) => p.e2eeSupported)).toEqual([false]);

    group.run({ type: 'session:join', deviceKind: 'media' }, { role: 'member', personId: alice.id, deviceId: 'alice-laptop', connectionId: 'c2' });
    expect(group.state.people[alice.id]?.e2eeSupported).toBe(false);
    group.run({ type: 'person:admit', personId: alice.id }, group.actor('dr_rivera'));
    expect(viewFor(group.state, 'staff').people.find((p) => p.id === alice.id)?.e2eeSupported).toBe(false);
    expect(viewFor(group.state, 'participant').people.every((p) => p.e2eeSupported === null)).toBe(true);
    // Someone who never said is unknown, not "no".
    expect(group.person('dr_rivera').e2eeSupported).toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectRefusal, PROTOCOL_VERSION, type CreatedSession } from '@circle/shared';
import { Harness, send, tokenOf, waitFor, waitForDisconnect, type ClientSocket } from '../support/harness.js';
import { RecordingMedia } from '../support/recording-media.js';

let harness: Harness;
let session: CreatedSession;

beforeEach(async () => {
  harness = await new Harness().start();
  session = await harness.createSession();
});
afterEach(() => harness.stop());

const joined = (link: string, device: string, name: string, deviceKind: 'media' | 'console' = 'media') => harness.join(link, device, name, { deviceKind });

function connectError(link: string, device: string, auth: object = {}): Promise<{ code?: string; message?: string }> {
  return harness.connect(link, device, auth).then(
    () => ({}),
    (error: { data?: { code?: string; message?: string } }) => error.data ?? {},
  );
}

describe('joining through the waiting room on real sockets', () => {
  it('admits alice from the waiting room; she gets a view and a media token', async () => {
    const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    expect(rivera.ack.self.status).toBe('admitted');

    const [alice, waitingSeen] = await Promise.all([
      joined(session.links.member, 'alice-phone', 'Alice'),
      waitFor(rivera.socket, 'session:changed', ({ view }) => view.waiting.some((p) => p.name === 'Alice')),
    ]);
    expect(alice.ack.self.status).toBe('waiting');
    expect(alice.ack.view.people).toEqual([]);
    const aliceId = alice.ack.self.personId;
    expect(waitingSeen.view.waiting.map((p) => p.id)).toEqual([aliceId]);

    const [ack, self, granted, view] = await Promise.all([
      send(rivera.socket, 'person:admit', { personId: aliceId }),
      waitFor(alice.socket, 'self:changed'),
      waitFor(alice.socket, 'media:granted'),
      waitFor(alice.socket, 'session:changed'),
    ]);
    expect(ack).toEqual({ ok: true });
    expect(self.self.status).toBe('admitted');
    expect(granted.grant).toMatchObject({ room: `circle-${session.sessionId}`, identity: `${aliceId}.alice-phone`, canPublish: true });
    expect(view.view.people.map((p) => p.name)).toEqual(['Dr Rivera', 'Alice']);
  });

  it('sends bob back to the waiting room, revoking his media, and admits him again', async () => {
    const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const bob = await joined(session.links.member, 'bob-laptop', 'Bob');
    const bobId = bob.ack.self.personId;
    await Promise.all([send(rivera.socket, 'person:admitAll', {}), waitFor(bob.socket, 'media:granted')]);

    const [ack, revoked, self] = await Promise.all([
      send(rivera.socket, 'person:sendToWaiting', { personId: bobId }),
      waitFor(bob.socket, 'media:revoked'),
      waitFor(bob.socket, 'self:changed'),
    ]);
    expect(ack.ok).toBe(true);
    expect(revoked.reason).toMatch(/waiting room/);
    expect(self.self.status).toBe('waiting');
    const media = harness.media as RecordingMedia;
    expect(media.calls).toContain(`removeParticipant circle-${session.sessionId} ${bobId}.bob-laptop`);

    const again = await Promise.all([send(rivera.socket, 'person:admit', { personId: bobId }), waitFor(bob.socket, 'self:changed')]);
    expect(again[1].self.status).toBe('admitted');
  });

  it('brings alice back after a reload with her personal link, without a second admission', async () => {
    const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await joined(session.links.member, 'alice-phone', 'Alice');
    await send(rivera.socket, 'person:admit', { personId: alice.ack.self.personId });
    alice.socket.disconnect();

    const reloaded = await harness.connect(alice.ack.personToken, 'alice-phone');
    const [ack, granted] = await Promise.all([send(reloaded, 'session:join', { deviceKind: 'media' }), waitFor(reloaded, 'media:granted')]);
    expect(ack.ok && ack.self).toMatchObject({ personId: alice.ack.self.personId, status: 'admitted', name: 'Alice' });
    expect(granted.grant.identity).toBe(`${alice.ack.self.personId}.alice-phone`);
    const state = await harness.circle.sessions.load(session.sessionId);
    expect(Object.values(state!.people).map((p) => p.name)).toEqual(['Dr Rivera', 'Alice']);
  });

  it('joins the co-therapist from a second device as a console, which publishes nothing', async () => {
    await joined(session.links.cotherapist, 'kim-laptop', 'Kim');
    const consoleDevice = await joined(session.links.cotherapist, 'kim-tablet', 'Kim', 'console');
    expect(consoleDevice.ack.view.people.filter((p) => p.name === 'Kim')).toHaveLength(1);
    expect(consoleDevice.ack.view.people[0]?.devices.map((d) => d.kind)).toEqual(['media', 'console']);
    const media = harness.media as RecordingMedia;
    const tabletToken = media.tokens.find((t) => t.identity.endsWith('.kim-tablet'));
    expect(tabletToken?.permission).toMatchObject({ canPublish: false });
    expect(media.tokens.find((t) => t.identity.endsWith('.kim-laptop'))?.permission).toMatchObject({ canPublish: true });
  });

  it('removes carmen: her sockets are closed and her personal link no longer gets her in', async () => {
    const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const carmen = await joined(session.links.member, 'carmen-phone', 'Carmen');
    const carmenId = carmen.ack.self.personId;
    await send(rivera.socket, 'person:admit', { personId: carmenId });
    const [ack, self, closed] = await Promise.all([
      send(rivera.socket, 'person:remove', { personId: carmenId }),
      waitFor(carmen.socket, 'self:changed'),
      waitForDisconnect(carmen.socket),
    ]);
    expect(ack.ok).toBe(true);
    expect(self.self.status).toBe('removed');
    expect(closed).toBe('io server disconnect');
    expect(await connectError(carmen.ack.personToken, 'carmen-phone')).toMatchObject({ code: ConnectRefusal.removed });
  });

  it('refuses a member who crafts a staff command, and changes nothing', async () => {
    const alice = await joined(session.links.member, 'alice-phone', 'Alice');
    const before = await harness.circle.sessions.load(session.sessionId);
    const ack = await send(alice.socket, 'person:admit', { personId: alice.ack.self.personId });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await harness.circle.sessions.load(session.sessionId)).toEqual(before);
  });

  it('answers a malformed command with an error ack naming the problem', async () => {
    const alice = await harness.connect(session.links.member, 'alice-phone');
    const long = await send(alice, 'session:join', { name: 'x'.repeat(41), agreed: true, deviceKind: 'media' });
    expect(long).toEqual({ ok: false, error: { code: 'invalid_command', message: 'Names can be at most 40 characters' } });
    const empty = await send(alice, 'session:join', { name: '  ', agreed: true, deviceKind: 'media' });
    expect(empty.ok === false && empty.error.message).toBe('Please enter your name');
    const control = await send(alice, 'session:join', { name: 'A\u0000B', agreed: true, deviceKind: 'media' });
    expect(control.ok === false && control.error.message).toBe('Names cannot contain control characters');
    const extra = await send(alice, 'session:join', { name: 'Alice', agreed: true, deviceKind: 'media', role: 'facilitator' } as never);
    expect(extra.ok === false && extra.error.code).toBe('invalid_command');
    const notJoined = await send(alice, 'person:admitAll', {});
    expect(notJoined.ok === false && notJoined.error.code).toBe('forbidden');
    const state = await harness.circle.sessions.load(session.sessionId);
    expect(state!.people).toEqual({});
  });

  it('refuses tampered, other-session, expired-protocol and garbage handshakes', async () => {
    const other = await harness.createSession({ title: 'Thursday group' });
    const token = tokenOf(session.links.member);
    const [body, mac] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, role: 'facilitator' })).toString('base64url')}.${mac}`;
    expect(await connectError(forged, 'dev-forged')).toMatchObject({ code: ConnectRefusal.invalidLink });
    expect(await connectError('not-a-token', 'dev-garbage')).toMatchObject({ code: ConnectRefusal.invalidLink });
    expect(await connectError(session.links.member, 'dev-old', { protocol: PROTOCOL_VERSION - 1 })).toMatchObject({
      code: ConnectRefusal.protocolMismatch,
    });
    // A link for another session is valid only there.
    const otherSocket = await harness.connect(other.links.member, 'dev-other');
    const ack = await send(otherSocket, 'session:join', { name: 'Alice', agreed: true, deviceKind: 'media' });
    expect(ack.ok && ack.view.sessionId).toBe(other.sessionId);
    expect((await harness.circle.sessions.load(session.sessionId))!.people).toEqual({});
  });

  it('marks a device absent when its connection drops, and staff see the waiting room empty', async () => {
    const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const dan = await joined(session.links.member, 'dan-phone', 'Dan');
    const gone = waitFor(rivera.socket, 'session:changed', ({ view }) => view.waiting.length === 0);
    dan.socket.disconnect();
    await gone;
    const state = await harness.circle.sessions.load(session.sessionId);
    expect(state!.people[dan.ack.self.personId]?.devices['dan-phone']?.connected).toBe(false);
  });

  it('drops a command sent without an ack callback', async () => {
    const alice = await joined(session.links.member, 'alice-phone', 'Alice');
    const version = (await harness.circle.sessions.load(session.sessionId))!.version;
    (alice.socket.emit as (name: string, payload: object) => void)('session:leave', {});
    const sync = await send(alice.socket, 'session:sync', {});
    expect(sync.ok && sync.view.version).toBe(version);
  });
});

export type { ClientSocket };

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import type { CreatedSession } from '@circle/shared';
import { standInHarness } from '../support/standin-harness.js';
import { Harness, send, waitFor } from '../support/harness.js';
import { startLiveKitStandIn, type LiveKitStandIn } from '../support/livekit-standin.js';

/**
 * Moving people between LiveKit rooms (breakouts, the support room) as LiveKit's Twirp API sees
 * it: a token for the new room reaches the device, and the server takes the device out of the
 * old room, so nobody is left in two rooms.
 */

const KEY = 'devkey';
const SECRET = 'secret';
let standIn: LiveKitStandIn;
let harness: Harness;
let session: CreatedSession;
let main: string;

beforeAll(async () => {
  standIn = await startLiveKitStandIn({ apiKey: KEY, apiSecret: SECRET });
});
afterAll(() => standIn.close());
beforeEach(async () => {
  standIn.reset();
  harness = await standInHarness(standIn);
  session = await harness.createSession();
  main = `circle-${session.sessionId}`;
});
afterEach(() => harness.stop());

async function joined(link: string, deviceId: string, name: string) {
  const { socket, ack } = await harness.join(link, deviceId, name);
  const identity = `${ack.self.personId}.${deviceId}`;
  return { socket, personId: ack.self.personId, identity, personToken: ack.personToken };
}

async function roomOfToken(token: string): Promise<string | undefined> {
  const claims = await new TokenVerifier(KEY, SECRET).verify(token);
  return claims.video?.room;
}

describe('switching LiveKit rooms', () => {
  it('takes a member to the support room and back: a token for each room, and out of the other at LiveKit', async () => {
    const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const bob = await joined(session.links.member, 'bob-laptop', 'Bob');
    await Promise.all([send(rivera.socket, 'person:admit', { personId: bob.personId }), waitFor(bob.socket, 'media:granted')]);
    standIn.addParticipant(main, { identity: bob.identity });
    standIn.addParticipant(main, { identity: rivera.identity });

    const supportRoom = `${main}-support-${bob.personId}`;
    const [ack, bobGrant, riveraGrant] = await Promise.all([
      send(rivera.socket, 'support:start', { personId: bob.personId }),
      waitFor(bob.socket, 'media:granted'),
      waitFor(rivera.socket, 'media:granted'),
    ]);
    expect(ack.ok).toBe(true);
    expect(bobGrant.grant.room).toBe(supportRoom);
    expect(await roomOfToken(bobGrant.grant.token)).toBe(supportRoom);
    expect(riveraGrant.grant.room).toBe(supportRoom);
    const removed = await standIn.waitForCall((c) => c.method === 'RemoveParticipant' && c.identity === bob.identity);
    expect(removed.room).toBe(main);
    expect(standIn.participants(main).map((p) => p.identity)).not.toContain(bob.identity);

    standIn.addParticipant(supportRoom, { identity: bob.identity });
    const [, back] = await Promise.all([send(rivera.socket, 'support:end', { personId: bob.personId }), waitFor(bob.socket, 'media:granted')]);
    expect(back.grant.room).toBe(main);
    await standIn.waitForCall((c) => c.method === 'RemoveParticipant' && c.identity === bob.identity && c.room === supportRoom);
    expect(standIn.participants(supportRoom).map((p) => p.identity)).not.toContain(bob.identity);
  });

  it('sends pairs to breakout rooms, lands a reconnecting member in theirs, and closes every room at the end', async () => {
    const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await joined(session.links.member, 'alice-phone', 'Alice');
    const bob = await joined(session.links.member, 'bob-laptop', 'Bob');
    await send(rivera.socket, 'person:admitAll', {});

    const [started, aliceGrant, aliceView] = await Promise.all([
      send(rivera.socket, 'breakouts:start', { size: { kind: 'pairs' }, assignment: 'random', prompt: 'What do you share?', minutes: 10 }),
      waitFor(alice.socket, 'media:granted'),
      waitFor(alice.socket, 'session:changed', ({ view }) => view.breakouts !== null),
    ]);
    expect(started).toEqual({ ok: true, rooms: 1 });
    expect(aliceGrant.grant.room).toBe(`${main}-r1`);
    expect(aliceView.view.breakouts!.rooms).toEqual([{ id: 'r1', name: 'Room 1', memberIds: expect.arrayContaining([alice.personId, bob.personId]) }]);

    // Alice reloads: the personal link brings her back, into her breakout room.
    alice.socket.disconnect();
    const reloaded = await harness.connect(alice.personToken, 'alice-phone');
    const [rejoin, regrant] = await Promise.all([send(reloaded, 'session:join', { deviceKind: 'media' }), waitFor(reloaded, 'media:granted')]);
    expect(rejoin.ok && rejoin.view.breakouts?.prompt).toBe('What do you share?');
    expect(regrant.grant.room).toBe(`${main}-r1`);

    await send(rivera.socket, 'session:end', {});
    await standIn.waitForCall((c) => c.method === 'DeleteRoom' && c.room === `${main}-r1`);
    expect(standIn.calls.filter((c) => c.method === 'DeleteRoom').map((c) => c.room).sort()).toEqual([main, `${main}-r1`].sort());
  });
});

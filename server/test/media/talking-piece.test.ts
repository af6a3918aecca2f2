import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import type { CreatedSession } from '@circle/shared';
import { standInHarness } from '../support/standin-harness.js';
import { Harness, send, waitFor, type ClientSocket } from '../support/harness.js';
import { startLiveKitStandIn, type LiveKitStandIn, type RecordedCall } from '../support/livekit-standin.js';

/**
 * Talking-piece mode end to end: the gateway, the real LiveKit adapter, and LiveKit's Twirp
 * API as the wire-level stand-in sees it. Only the current speaker and staff may publish a
 * microphone, and LiveKit is told so in full permissions.
 */

const KEY = 'devkey';
const SECRET = 'secret';

let standIn: LiveKitStandIn;
let harness: Harness;
let session: CreatedSession;
let room: string;

beforeAll(async () => {
  standIn = await startLiveKitStandIn({ apiKey: KEY, apiSecret: SECRET });
});
afterAll(() => standIn.close());

beforeEach(async () => {
  standIn.reset();
  harness = await standInHarness(standIn);
  session = await harness.createSession();
  room = `circle-${session.sessionId}`;
});
afterEach(() => harness.stop());

type Device = { socket: ClientSocket; personId: string; deviceId: string; identity: string };

/** A device joins and, once it holds a token, connects to LiveKit with a microphone and a camera. */
async function joined(link: string, deviceId: string, name: string, deviceKind: 'media' | 'console' = 'media'): Promise<Device> {
  const { socket, ack } = await harness.join(link, deviceId, name, { deviceKind });
  const personId = ack.self.personId;
  return { socket, personId, deviceId, identity: `${personId}.${deviceId}` };
}

function inMediaRoom(device: Device): void {
  standIn.addParticipant(room, {
    identity: device.identity,
    tracks: [
      { sid: `TR_mic_${device.deviceId}`, source: 'MICROPHONE' },
      { sid: `TR_cam_${device.deviceId}`, source: 'CAMERA' },
    ],
  });
}

/** Dr Rivera, Kim (laptop and console), Alice (phone and laptop) and Bob, admitted and in the media room. */
async function group() {
  const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
  const kim = await joined(session.links.cotherapist, 'kim-laptop', 'Kim');
  const kimConsole = await joined(session.links.cotherapist, 'kim-tablet', 'Kim', 'console');
  const alicePhone = await joined(session.links.member, 'alice-phone', 'Alice');
  const bob = await joined(session.links.member, 'bob-laptop', 'Bob');
  await Promise.all([send(rivera.socket, 'person:admitAll', {}), waitFor(alicePhone.socket, 'media:granted'), waitFor(bob.socket, 'media:granted')]);
  const aliceToken = await harness.connect(await personToken(alicePhone), 'alice-laptop');
  const aliceJoin = await send(aliceToken, 'session:join', { deviceKind: 'media' });
  if (!aliceJoin.ok) throw new Error(aliceJoin.error.message);
  const aliceLaptop: Device = { socket: aliceToken, personId: alicePhone.personId, deviceId: 'alice-laptop', identity: `${alicePhone.personId}.alice-laptop` };
  for (const device of [rivera, kim, alicePhone, aliceLaptop, bob]) inMediaRoom(device);
  standIn.calls.length = 0;
  return { rivera, kim, kimConsole, alicePhone, aliceLaptop, bob };
}

/** The personal link of the person behind a device, as their client keeps it. */
async function personToken(device: Device): Promise<string> {
  const state = await harness.circle.sessions.load(session.sessionId);
  return harness.circle.sessions.personToken(state!, device.personId);
}

async function queueVersion(): Promise<number> {
  return (await harness.circle.sessions.load(session.sessionId))!.turns.queueVersion;
}

/** The UpdateParticipant body LiveKit receives for a member: every flag, sources as given. */
function memberUpdate(identity: string, sources: string[]) {
  return {
    room,
    identity,
    metadata: '',
    name: '',
    attributes: {},
    permission: {
      canSubscribe: true,
      canPublish: true,
      canPublishData: false, // as in the member's token
      canPublishSources: sources,
      hidden: false,
      recorder: false,
      canUpdateMetadata: false,
      agent: false,
      canSubscribeMetrics: false,
      canManageAgentSession: false,
    },
  };
}

const updates = () => standIn.calls.filter((c) => c.method === 'UpdateParticipant');
const byIdentity = (a: RecordedCall, b: RecordedCall) => (a.identity ?? '').localeCompare(b.identity ?? '');

describe('talking-piece mode at the media server', () => {
  it('closes every member device’s microphone when it turns on, keeping every other flag, and leaves staff alone', async () => {
    const { rivera, kim, alicePhone, aliceLaptop, bob } = await group();

    expect(await send(rivera.socket, 'talkingPiece:set', { on: true })).toEqual({ ok: true });

    const sent = updates().sort(byIdentity);
    expect(sent.map((c) => c.error)).toEqual([undefined, undefined, undefined]);
    expect(sent.map((c) => c.body)).toEqual(
      [alicePhone, aliceLaptop, bob].map((d) => memberUpdate(d.identity, ['CAMERA'])).sort((a, b) => a.identity.localeCompare(b.identity)),
    );
    // LiveKit now holds exactly that; staff keep what they joined with.
    const held = (d: { identity: string }) => standIn.participants(room).find((p) => p.identity === d.identity)?.permission?.toJson();
    for (const member of [alicePhone, aliceLaptop, bob]) {
      expect(held(member)).toEqual({ canSubscribe: true, canPublish: true, canPublishSources: ['CAMERA'] });
    }
    for (const staff of [rivera, kim]) expect(held(staff)).toEqual({ canSubscribe: true, canPublish: true, canPublishData: true });
  });

  it('never restricts staff: no permission update reaches a staff device', async () => {
    const { rivera, kim } = await group();
    await send(kim.socket, 'talkingPiece:set', { on: true });
    await send(rivera.socket, 'talkingPiece:set', { on: false });
    await send(rivera.socket, 'talkingPiece:set', { on: true });
    const staffIdentities = standIn.participants(room).map((p) => p.identity).filter((id) => id.startsWith(`${rivera.personId}.`) || id.startsWith(`${kim.personId}.`));
    expect(staffIdentities).toHaveLength(2);
    expect(updates().filter((c) => staffIdentities.includes(c.identity ?? ''))).toEqual([]);
    expect(updates().length).toBe(9); // three member devices, three switches
  });

  it('opens a member’s microphone when their turn starts, and closes it when it ends', async () => {
    const { rivera, kimConsole, alicePhone, aliceLaptop, bob } = await group();
    await send(rivera.socket, 'talkingPiece:set', { on: true });
    await send(alicePhone.socket, 'hand:raise', {});
    standIn.calls.length = 0;

    expect(await send(kimConsole.socket, 'queue:next', { queueVersion: await queueVersion() })).toEqual({ ok: true });
    expect(updates().sort(byIdentity).map((c) => c.body)).toEqual(
      [alicePhone, aliceLaptop].map((d) => memberUpdate(d.identity, ['CAMERA', 'MICROPHONE'])).sort((a, b) => a.identity.localeCompare(b.identity)),
    );
    expect(updates().some((c) => c.identity === bob.identity)).toBe(false);

    standIn.calls.length = 0;
    expect(await send(rivera.socket, 'turn:end', { queueVersion: await queueVersion() })).toEqual({ ok: true });
    expect(updates().sort(byIdentity).map((c) => c.body)).toEqual(
      [alicePhone, aliceLaptop].map((d) => memberUpdate(d.identity, ['CAMERA'])).sort((a, b) => a.identity.localeCompare(b.identity)),
    );
  });

  it('gives a device that joins while the mode is on a token without the microphone; staff keep theirs', async () => {
    const { rivera, bob } = await group();
    await send(rivera.socket, 'talkingPiece:set', { on: true });
    const verifier = new TokenVerifier(KEY, SECRET);

    const bobPhone = await harness.connect(await personToken(bob), 'bob-phone');
    const [joinedAck, granted] = await Promise.all([send(bobPhone, 'session:join', { deviceKind: 'media' }), waitFor(bobPhone, 'media:granted')]);
    expect(joinedAck.ok).toBe(true);
    const claims = await verifier.verify(granted.grant.token);
    expect(claims.sub).toBe(`${bob.personId}.bob-phone`);
    expect(claims.video).toMatchObject({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: false });
    expect(claims.video?.canPublishSources).toEqual(['camera']);

    const carmen = await joined(session.links.member, 'carmen-phone', 'Carmen');
    const [, carmenGrant] = await Promise.all([send(rivera.socket, 'person:admit', { personId: carmen.personId }), waitFor(carmen.socket, 'media:granted')]);
    expect((await verifier.verify(carmenGrant.grant.token)).video?.canPublishSources).toEqual(['camera']);

    const riveraPhone = await harness.connect(session.links.facilitator, 'rivera-phone');
    const [, riveraGrant] = await Promise.all([send(riveraPhone, 'session:join', { name: 'Dr Rivera', agreed: true, deviceKind: 'media' }), waitFor(riveraPhone, 'media:granted')]);
    expect((await verifier.verify(riveraGrant.grant.token)).video?.canPublishSources).toEqual(['camera', 'microphone']);
  });

  it('gives the current speaker’s new device a token with the microphone', async () => {
    const { rivera, bob } = await group();
    await send(rivera.socket, 'talkingPiece:set', { on: true });
    await send(bob.socket, 'hand:raise', {});
    await send(rivera.socket, 'queue:next', { queueVersion: await queueVersion() });
    const bobPhone = await harness.connect(await personToken(bob), 'bob-phone');
    const [, granted] = await Promise.all([send(bobPhone, 'session:join', { deviceKind: 'media' }), waitFor(bobPhone, 'media:granted')]);
    expect((await new TokenVerifier(KEY, SECRET).verify(granted.grant.token)).video?.canPublishSources).toEqual(['camera', 'microphone']);
  });
});

describe('muting at the media server', () => {
  it('sends MutePublishedTrack for members’ microphone tracks only on Mute everyone', async () => {
    const { rivera, alicePhone, aliceLaptop, bob } = await group();

    expect(await send(rivera.socket, 'mic:muteAll', {})).toEqual({ ok: true, muted: 2 });

    const mutes = standIn.calls.filter((c) => c.method === 'MutePublishedTrack');
    expect(mutes.map((c) => [c.identity, c.body.trackSid, c.body.muted]).sort()).toEqual(
      [alicePhone, aliceLaptop, bob].map((d) => [d.identity, `TR_mic_${d.deviceId}`, true]).sort(),
    );
    expect(mutes.every((c) => c.room === room && c.error === undefined)).toBe(true);
  });

  it('mutes the microphone of each device of the member named, and nothing of anyone else', async () => {
    const { kim, alicePhone, aliceLaptop } = await group();
    const [ack] = await Promise.all([send(kim.socket, 'mic:mute', { personId: alicePhone.personId }), waitFor(aliceLaptop.socket, 'notice:shown')]);
    expect(ack).toEqual({ ok: true, muted: 1 });
    const mutes = standIn.calls.filter((c) => c.method === 'MutePublishedTrack');
    expect(mutes.map((c) => c.body.trackSid).sort()).toEqual(['TR_mic_alice-laptop', 'TR_mic_alice-phone']);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import { LiveKitMedia } from '../../src/media/livekit-media.js';
import type { MediaPermission, TokenRequest } from '../../src/ports/media-control.js';
import { startLiveKitStandIn, type LiveKitStandIn } from '../support/livekit-standin.js';

const KEY = 'circle-test-key';
const SECRET = 'circle-test-secret-that-is-long-enough';
const ROOM = 'circle-s1';

let standIn: LiveKitStandIn;
let media: LiveKitMedia;

beforeAll(async () => {
  standIn = await startLiveKitStandIn({ apiKey: KEY, apiSecret: SECRET });
  media = new LiveKitMedia({ url: standIn.url, apiKey: KEY, apiSecret: SECRET });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const permission = (overrides: Partial<MediaPermission>): MediaPermission => ({
  canSubscribe: true,
  canPublish: true,
  canPublishData: true,
  canPublishSources: [],
  ...overrides,
});

describe('mintToken', () => {
  it.each([
    ['a member with camera and microphone', permission({ canPublishSources: ['camera', 'microphone'] })],
    ['an observer, who never publishes', permission({ canPublish: false, canPublishData: false })],
    ['a co-therapist console, which neither publishes nor listens', permission({ canPublish: false, canSubscribe: false })],
    ['a member whose microphone is held closed', permission({ canPublishSources: ['camera', 'screen_share'] })],
  ])('signs exactly the grants of %s', async (_who, granted) => {
    const request: TokenRequest = { room: ROOM, identity: 'amara.tablet', name: 'Amara', permission: granted, ttlSeconds: 900 };

    const claims = await new TokenVerifier(KEY, SECRET).verify(await media.mintToken(request));

    expect(claims).toMatchObject({ iss: KEY, sub: 'amara.tablet', name: 'Amara' });
    expect(claims.exp! - claims.nbf!).toBe(900);
    expect(claims.video).toEqual({
      roomJoin: true,
      room: ROOM,
      canPublish: granted.canPublish,
      canSubscribe: granted.canSubscribe,
      canPublishData: granted.canPublishData,
      canPublishSources: granted.canPublishSources, // LiveKit's JWT spells sources in lower case, as we do
    });
  });

  it('signs with our secret and no other', async () => {
    const token = await media.mintToken({ room: ROOM, identity: 'bob.laptop', name: 'Bob', permission: permission({}), ttlSeconds: 60 });
    await expect(new TokenVerifier(KEY, 'another-secret').verify(token)).rejects.toThrow();
  });
});

describe('updatePermission', () => {
  it('sends the identity, the room and every permission flag, which LiveKit then holds', async () => {
    standIn.addParticipant(ROOM, { identity: 'amara.laptop' });

    await media.updatePermission(ROOM, 'amara.laptop', permission({ canPublishSources: ['camera', 'screen_share', 'screen_share_audio'] }));

    const call = await standIn.waitForCall((c) => c.method === 'UpdateParticipant');
    expect(call).toMatchObject({ room: ROOM, identity: 'amara.laptop' });
    expect(call.error).toBeUndefined();
    expect(call.body).toEqual({
      room: ROOM,
      identity: 'amara.laptop',
      metadata: '',
      name: '',
      attributes: {},
      permission: {
        canSubscribe: true,
        canPublish: true,
        canPublishData: true,
        canPublishSources: ['CAMERA', 'SCREEN_SHARE', 'SCREEN_SHARE_AUDIO'],
        hidden: false,
        recorder: false,
        canUpdateMetadata: false,
        agent: false,
        canSubscribeMetrics: false,
        canManageAgentSession: false,
      },
    });
    expect(standIn.participants(ROOM)[0]?.permission?.toJson()).toEqual({
      canSubscribe: true,
      canPublish: true,
      canPublishData: true,
      canPublishSources: ['CAMERA', 'SCREEN_SHARE', 'SCREEN_SHARE_AUDIO'],
    });
  });

  it('still sends a permission when every flag is off (protobuf JSON writes it as {})', async () => {
    standIn.addParticipant(ROOM, { identity: 'dr_rivera.tablet' });

    await media.updatePermission(ROOM, 'dr_rivera.tablet', permission({ canSubscribe: false, canPublish: false, canPublishData: false }));

    expect(standIn.participants(ROOM)[0]?.permission?.toJson()).toEqual({});
    const call = await standIn.waitForCall((c) => c.method === 'UpdateParticipant');
    expect(call.body.permission).toMatchObject({ canSubscribe: false, canPublish: false, canPublishData: false, canPublishSources: [] });
  });

  it('answers false, without failing, when the device is not in the room', async () => {
    // Nothing to restrict for a device not in the room: its next token carries the permission.
    await expect(media.updatePermission(ROOM, 'nobody.phone', permission({}))).resolves.toBe(false);
  });

  it('rejects, naming the method, on any other failure', async () => {
    const forged = new LiveKitMedia({ url: standIn.url, apiKey: KEY, apiSecret: 'not-the-secret' });
    standIn.addParticipant(ROOM, { identity: 'amara.phone' });
    await expect(forged.updatePermission(ROOM, 'amara.phone', permission({}))).rejects.toThrow(/UpdateParticipant.*unauthenticated/);
  });
});

describe('muteMicrophone', () => {
  it('mutes every open microphone track and nothing else', async () => {
    standIn.addParticipant(ROOM, {
      identity: 'bob.laptop',
      tracks: [
        { sid: 'TR_mic', source: 'MICROPHONE' },
        { sid: 'TR_cam', source: 'CAMERA' },
        { sid: 'TR_mic_closed', source: 'MICROPHONE', muted: true },
        { sid: 'TR_mic_usb', source: 'MICROPHONE' },
      ],
    });

    expect(await media.muteMicrophone(ROOM, 'bob.laptop')).toBe(2);

    const mutes = standIn.calls.filter((c) => c.method === 'MutePublishedTrack');
    expect(mutes.map((c) => c.body.trackSid)).toEqual(['TR_mic', 'TR_mic_usb']);
    expect(mutes.every((c) => c.body.muted === true && c.identity === 'bob.laptop' && c.room === ROOM)).toBe(true);
    const tracks = standIn.participants(ROOM)[0]?.tracks.map((t) => [t.sid, t.muted]);
    expect(tracks).toEqual([
      ['TR_mic', true],
      ['TR_cam', false],
      ['TR_mic_closed', true],
      ['TR_mic_usb', true],
    ]);
  });

  it('mutes nothing for a device that is not in the room', async () => {
    expect(await media.muteMicrophone(ROOM, 'nobody.phone')).toBe(0);
    expect(standIn.calls.map((c) => [c.method, c.error])).toEqual([['GetParticipant', 'not_found']]);
  });
});

describe('removeParticipant and deleteRoom', () => {
  it('takes a device out of its room', async () => {
    standIn.addParticipant(ROOM, { identity: 'amara.laptop' });
    standIn.addParticipant(ROOM, { identity: 'bob.laptop' });

    await media.removeParticipant(ROOM, 'amara.laptop');

    expect(standIn.participants(ROOM).map((p) => p.identity)).toEqual(['bob.laptop']);
  });

  it('succeeds quietly when LiveKit answers not_found', async () => {
    await media.removeParticipant(ROOM, 'gone.phone');
    await media.deleteRoom('circle-never-opened');

    expect(standIn.calls.map((c) => [c.method, c.error])).toEqual([
      ['RemoveParticipant', 'not_found'],
      ['DeleteRoom', 'not_found'],
    ]);
  });

  it('closes a room', async () => {
    standIn.addParticipant(ROOM, { identity: 'amara.laptop' });
    standIn.addParticipant('circle-s1-breakout-1', { identity: 'bob.laptop' });

    await media.deleteRoom(ROOM);

    expect(standIn.rooms()).toEqual(['circle-s1-breakout-1']);
  });
});

describe('failures', () => {
  it('are refused by LiveKit with a wrong secret, and reported without the token', async () => {
    const impostor = new LiveKitMedia({ url: standIn.url, apiKey: KEY, apiSecret: 'not-the-secret' });
    standIn.addParticipant(ROOM, { identity: 'amara.laptop' });

    const refusal = await impostor.removeParticipant(ROOM, 'amara.laptop').then(
      () => null,
      (error: Error) => error,
    );

    expect(refusal?.message).toMatch(/^LiveKit RemoveParticipant failed: unauthenticated/);
    expect(refusal?.message).not.toMatch(/eyJ/); // LiveKit's message echoes the bearer token
    expect(refusal?.cause).toBeUndefined();
    expect(standIn.participants(ROOM)).toHaveLength(1);
  });

  it('reach the API at apiUrl while browsers keep the public url', async () => {
    const composed = new LiveKitMedia({ url: 'wss://media.example.org', apiUrl: standIn.httpUrl, apiKey: KEY, apiSecret: SECRET });
    standIn.addParticipant(ROOM, { identity: 'amara.laptop' });

    await composed.removeParticipant(ROOM, 'amara.laptop');

    expect(composed.url).toBe('wss://media.example.org');
    expect(standIn.participants(ROOM)).toEqual([]);
  });
});

describe('reachable', () => {
  it('is true when LiveKit answers and accepts our key', async () => {
    expect(await media.reachable()).toBe(true);
    expect(standIn.calls.map((c) => [c.method, c.error])).toEqual([['ListRooms', undefined]]);
  });

  it('is false when LiveKit refuses our key', async () => {
    expect(await new LiveKitMedia({ url: standIn.url, apiKey: KEY, apiSecret: 'not-the-secret' }).reachable()).toBe(false);
  });

  it('is false when nothing listens', async () => {
    const closed = await startLiveKitStandIn({ apiKey: KEY, apiSecret: SECRET });
    await closed.close();

    expect(await new LiveKitMedia({ url: closed.url, apiKey: KEY, apiSecret: SECRET }).reachable()).toBe(false);
  });
});

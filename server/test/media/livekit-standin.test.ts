import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccessToken, type VideoGrant } from 'livekit-server-sdk';
import { startLiveKitStandIn, type LiveKitStandIn } from '../support/livekit-standin.js';

// The stand-in is what every media test trusts, so it must refuse what LiveKit refuses.
const KEY = 'circle-test-key';
const SECRET = 'circle-test-secret-that-is-long-enough';
const ROOM = 'circle-s1';

let standIn: LiveKitStandIn;

beforeAll(async () => {
  standIn = await startLiveKitStandIn({ apiKey: KEY, apiSecret: SECRET });
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.reset();
  standIn.addParticipant(ROOM, { identity: 'amara.laptop', name: 'Amara', tracks: [{ sid: 'TR_mic', source: 'MICROPHONE' }] });
});

async function token(grant: VideoGrant, secret = SECRET): Promise<string> {
  const at = new AccessToken(KEY, secret, { ttl: 60 });
  at.addGrant(grant);
  return at.toJwt();
}

async function post(method: string, body: unknown, authorization?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await fetch(`${standIn.httpUrl}/twirp/livekit.RoomService/${method}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const removeAmara = { room: ROOM, identity: 'amara.laptop' };

describe('authentication', () => {
  it('refuses a call without a token', async () => {
    expect(await post('RemoveParticipant', removeAmara)).toEqual({
      status: 401,
      body: { code: 'unauthenticated', msg: 'permissions denied' },
    });
    expect(standIn.participants(ROOM)).toHaveLength(1);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await token({ roomAdmin: true, room: ROOM }, 'guessed-secret');

    const answer = await post('RemoveParticipant', removeAmara, `Bearer ${forged}`);

    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('unauthenticated');
    expect(standIn.participants(ROOM)).toHaveLength(1);
  });

  it('refuses a genuine token whose grant was edited', async () => {
    const [header, payload, signature] = (await token({ roomAdmin: true, room: 'circle-other' })).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { video: VideoGrant };
    claims.video.room = ROOM;
    const edited = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');

    expect((await post('RemoveParticipant', removeAmara, `Bearer ${edited}`)).status).toBe(401);
    expect(standIn.participants(ROOM)).toHaveLength(1);
  });

  it('refuses an authorization that is not a bearer token', async () => {
    const answer = await post('RemoveParticipant', removeAmara, `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`);
    expect(answer.status).toBe(401);
  });
});

describe('grants, as LiveKit checks them', () => {
  it('refuses roomAdmin for another room', async () => {
    const answer = await post('RemoveParticipant', removeAmara, `Bearer ${await token({ roomAdmin: true, room: 'circle-other' })}`);

    expect(answer).toEqual({ status: 401, body: { code: 'unauthenticated', msg: 'permissions denied' } });
    expect(standIn.calls.map((c) => [c.method, c.room, c.error])).toEqual([['RemoveParticipant', ROOM, 'unauthenticated']]);
    expect(standIn.participants(ROOM)).toHaveLength(1);
  });

  it('lists rooms only with roomList', async () => {
    expect((await post('ListRooms', {}, `Bearer ${await token({ roomAdmin: true, room: ROOM })}`)).status).toBe(401);
    const listed = await post('ListRooms', {}, `Bearer ${await token({ roomList: true })}`);
    expect(listed.status).toBe(200);
    expect((listed.body.rooms as { name: string }[]).map((r) => r.name)).toEqual([ROOM]);
  });

  it('deletes rooms only with roomCreate', async () => {
    expect((await post('DeleteRoom', { room: ROOM }, `Bearer ${await token({ roomAdmin: true, room: ROOM })}`)).status).toBe(401);
    expect((await post('DeleteRoom', { room: ROOM }, `Bearer ${await token({ roomCreate: true })}`)).status).toBe(200);
    expect(standIn.rooms()).toEqual([]);
  });
});

describe('answers', () => {
  it('speak snake_case with every field present', async () => {
    const answer = await post('GetParticipant', removeAmara, `Bearer ${await token({ roomAdmin: true, room: ROOM })}`);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ identity: 'amara.laptop', name: 'Amara', state: 'ACTIVE', is_publisher: true, metadata: '' });
    expect(answer.body.permission).toMatchObject({ can_publish: true, can_publish_sources: [], hidden: false });
    expect(answer.body.tracks).toMatchObject([{ sid: 'TR_mic', source: 'MICROPHONE', type: 'AUDIO', muted: false }]);
  });

  it('refuse remote unmute, as LiveKit does by default', async () => {
    const unmute = { ...removeAmara, trackSid: 'TR_mic', muted: false };
    const answer = await post('MutePublishedTrack', unmute, `Bearer ${await token({ roomAdmin: true, room: ROOM })}`);
    expect(answer.body.code).toBe('failed_precondition');
  });

  it('name malformed bodies and unknown methods', async () => {
    const admin = `Bearer ${await token({ roomAdmin: true, room: ROOM })}`;
    expect((await post('GetParticipant', { room: ROOM, identity: 7 }, admin)).body.code).toBe('malformed');
    expect(await post('MoveParticipant', removeAmara, admin)).toMatchObject({ status: 404, body: { code: 'bad_route' } });
  });

  it('answer GET / with OK, for health checks', async () => {
    const response = await fetch(`${standIn.httpUrl}/`);
    expect([response.status, await response.text()]).toEqual([200, 'OK']);
  });
});

describe('waitForCall', () => {
  it('waits for a call that has not happened yet', async () => {
    const waiting = standIn.waitForCall((c) => c.method === 'GetParticipant');
    await post('GetParticipant', removeAmara, `Bearer ${await token({ roomAdmin: true, room: ROOM })}`);
    expect((await waiting).identity).toBe('amara.laptop');
  });

  it('gives up after its timeout, naming what it saw', async () => {
    await expect(standIn.waitForCall((c) => c.method === 'DeleteRoom', 20)).rejects.toThrow(/no matching LiveKit call.*none/);
  });
});

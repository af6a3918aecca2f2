import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { ConnectRefusal, PROTOCOL_VERSION, type CreatedSession, type HttpError } from '@circle/shared';
import { Harness, send, tokenOf, waitFor, waitForDisconnect } from '../support/harness.js';
import type { RecordingMedia } from '../support/recording-media.js';
import { join } from './support/scene.js';

let harness: Harness;
let session: CreatedSession;

beforeEach(async () => {
  harness = await new Harness().start();
  session = await harness.createSession();
});
afterEach(() => harness.stop());

/** The refusal's code when a link (or token) cannot connect; undefined when it can. */
function refusalOf(link: string, device: string): Promise<string | undefined> {
  return harness.connect(link, device).then(
    () => undefined,
    (error: { data?: { code?: string } }) => error.data?.code,
  );
}

function inspect(link: string) {
  return fetch(`${harness.url}/api/links/inspect`, { headers: { authorization: `Bearer ${tokenOf(link)}` } });
}

describe('session lock on real sockets', () => {
  it('keeps new people out at the handshake and at join, shows the lock, and lets known people reconnect', async () => {
    const rivera = await join(harness, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await join(harness, session.links.member, 'alice-phone', 'Alice');
    await send(rivera.socket, 'person:admit', { personId: alice.id });
    // Nadia opened the link before the lock and has not joined yet.
    const nadia = await harness.connect(session.links.member, 'nadia-phone');

    const [ack, seen] = await Promise.all([
      send(rivera.socket, 'session:lock', { locked: true }),
      waitFor(alice.socket, 'session:changed', ({ view }) => view.locked),
    ]);
    expect(ack).toEqual({ ok: true });
    expect(seen.view.locked).toBe(true);

    expect(await refusalOf(session.links.member, 'bob-phone')).toBe(ConnectRefusal.sessionLocked);
    expect(await refusalOf(session.links.observer, 'olga-laptop')).toBe(ConnectRefusal.sessionLocked);
    const inspected = await inspect(session.links.member);
    expect(inspected.status).toBe(423);
    expect(((await inspected.json()) as HttpError).error.code).toBe('session_locked');
    const late = await send(nadia, 'session:join', { name: 'Nadia', agreed: true, deviceKind: 'media' });
    expect(late).toMatchObject({ ok: false, error: { code: 'session_locked' } });

    // Alice reloads with her personal link; the co-therapist arrives by the staff link.
    alice.socket.disconnect();
    const back = await harness.connect(alice.personToken, 'alice-phone');
    const rejoined = await send(back, 'session:join', { deviceKind: 'media' });
    expect(rejoined.ok && rejoined.self.status).toBe('admitted');
    expect(rejoined.ok && rejoined.view.locked).toBe(true);
    expect((await join(harness, session.links.cotherapist, 'kim-tablet', 'Kim')).id).toBeTruthy();

    await send(rivera.socket, 'session:lock', { locked: false });
    expect(await refusalOf(session.links.member, 'bob-phone')).toBeUndefined();
    const state = await harness.circle.sessions.load(session.sessionId);
    expect(Object.values(state!.people).map((p) => p.name).sort()).toEqual(['Alice', 'Dr Rivera', 'Kim']);
  });
});

describe('link reissue on real sockets', () => {
  it('gives a new member link, shuts the old one at once, and keeps people who joined', async () => {
    const rivera = await join(harness, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await join(harness, session.links.member, 'alice-phone', 'Alice');
    const carmen = await join(harness, session.links.member, 'carmen-phone', 'Carmen');
    const waitingWithOldLink = await harness.connect(session.links.member, 'eve-phone');

    const reissued = await send(rivera.socket, 'links:reissue', { role: 'member' });
    if (!reissued.ok) throw new Error(reissued.error.message);
    expect(reissued.link).toMatch(/\/join#[\w-]+\.[\w-]+$/);
    expect(reissued.link).not.toBe(session.links.member);

    expect(await refusalOf(session.links.member, 'mallory-phone')).toBe(ConnectRefusal.invalidLink);
    expect((await inspect(session.links.member)).status).toBe(401);
    const eve = await send(waitingWithOldLink, 'session:join', { name: 'Eve', agreed: true, deviceKind: 'media' });
    expect(eve).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    await join(harness, reissued.link, 'bob-phone', 'Bob');
    // The observer link is another role's: untouched.
    expect(await refusalOf(session.links.observer, 'olga-laptop')).toBeUndefined();

    // People who joined keep their personal links; a removed person's stays refused.
    alice.socket.disconnect();
    expect(await refusalOf(alice.personToken, 'alice-phone')).toBeUndefined();
    await send(rivera.socket, 'person:remove', { personId: carmen.id });
    expect(await refusalOf(carmen.personToken, 'carmen-phone')).toBe(ConnectRefusal.removed);
  });
});

describe('origin check', () => {
  function withOrigin(origin: string): Promise<string | undefined> {
    const socket = connect(harness.url, {
      auth: { protocol: PROTOCOL_VERSION, token: tokenOf(session.links.member), deviceId: 'origin-test' },
      transports: ['websocket'],
      extraHeaders: { origin },
      reconnection: false,
      forceNew: true,
    });
    return new Promise((resolve) => {
      socket.once('connect', () => {
        socket.disconnect();
        resolve(undefined);
      });
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code));
    });
  }

  it('refuses a page from another origin and lets the public origin in', async () => {
    expect(await withOrigin('https://evil.example')).toBe(ConnectRefusal.badOrigin);
    expect(await withOrigin('http://localhost:0.evil.example')).toBe(ConnectRefusal.badOrigin);
    expect(await withOrigin('http://localhost:0')).toBeUndefined();
  });
});

describe('removal', () => {
  it('takes every device of the removed person out of the media room and closes their sockets', async () => {
    const rivera = await join(harness, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const carmen = await join(harness, session.links.member, 'carmen-phone', 'Carmen');
    await send(rivera.socket, 'person:admit', { personId: carmen.id });
    const laptop = await harness.connect(carmen.personToken, 'carmen-laptop');
    await send(laptop, 'session:join', { deviceKind: 'media' });

    const [ack, phoneClosed, laptopClosed] = await Promise.all([
      send(rivera.socket, 'person:remove', { personId: carmen.id }),
      waitForDisconnect(carmen.socket),
      waitForDisconnect(laptop),
    ]);
    expect(ack.ok).toBe(true);
    expect([phoneClosed, laptopClosed]).toEqual(['io server disconnect', 'io server disconnect']);
    const calls = (harness.media as RecordingMedia).calls;
    const room = `circle-${session.sessionId}`;
    expect(calls).toEqual(
      expect.arrayContaining([`removeParticipant ${room} ${carmen.id}.carmen-phone`, `removeParticipant ${room} ${carmen.id}.carmen-laptop`]),
    );
    const state = await harness.circle.sessions.load(session.sessionId);
    expect(Object.values(state!.people[carmen.id]!.devices).map((d) => d.connected)).toEqual([false, false]);
  });
});

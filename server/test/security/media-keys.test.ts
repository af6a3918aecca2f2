import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedSession, EventPayload, HttpError } from '@circle/shared';
import { ADMIN_KEY, Harness, send, waitFor, waitForDisconnect, type ClientSocket } from '../support/harness.js';
import type { RecordingMedia } from '../support/recording-media.js';

/** End-to-end media encryption, server side: who gets the key, when it changes, and where it must never go. */

type Recorded = { socket: ClientSocket; id: string; personToken: string; events: [string, unknown][] };

let harness: Harness;
let session: CreatedSession;

beforeEach(async () => {
  harness = await new Harness().start();
  session = await harness.createSession();
});
afterEach(() => harness.stop());

/** Joins and records every event the device receives from its first moment. */
async function recorded(link: string, device: string, name: string): Promise<Recorded> {
  const socket = await harness.connect(link, device);
  const events: [string, unknown][] = [];
  socket.onAny((event: string, payload: unknown) => events.push([event, payload]));
  const ack = await send(socket, 'session:join', { name, agreed: true, deviceKind: 'media', e2eeSupported: true });
  if (!ack.ok) throw new Error(ack.error.message);
  return { socket, id: ack.self.personId, personToken: ack.personToken, events };
}

const keysOf = (r: Recorded) => r.events.filter(([e]) => e === 'media:key').map(([, p]) => p as EventPayload<'media:key'>);

async function mediaKey() {
  const state = await harness.circle.sessions.load(session.sessionId);
  if (!state?.mediaKey) throw new Error('no media key');
  return state.mediaKey;
}

/** A round trip on this socket: anything the server sent it before now has arrived. */
async function settled(r: Recorded): Promise<void> {
  await send(r.socket, 'session:sync', {});
}

describe('media key', () => {
  it('is 32 random bytes, different for every session', async () => {
    const other = await harness.createSession();
    const key = await mediaKey();
    expect(Buffer.from(key.key, 'base64')).toHaveLength(32);
    expect(key.index).toBe(0);
    expect((await harness.circle.sessions.load(other.sessionId))?.mediaKey?.key).not.toBe(key.key);
  });

  it('goes to admitted devices just before their media token, and never to someone waiting', async () => {
    const rivera = await recorded(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await recorded(session.links.member, 'alice-phone', 'Alice');
    const wendy = await recorded(session.links.member, 'wendy-phone', 'Wendy');
    await Promise.all([send(rivera.socket, 'person:admit', { personId: alice.id }), waitFor(alice.socket, 'media:granted')]);
    await settled(wendy);

    const key = await mediaKey();
    for (const r of [rivera, alice]) {
      const names = r.events.map(([e]) => e);
      expect(names.indexOf('media:key')).toBeLessThan(names.indexOf('media:granted'));
      expect(keysOf(r)).toEqual([{ key: key.key, index: 0 }]);
    }
    expect(JSON.stringify(wendy.events)).not.toContain(key.key);
    expect(keysOf(wendy)).toEqual([]);
  });

  it('is replaced when someone is removed or sent to the waiting room, and the new key reaches only those still admitted', async () => {
    const rivera = await recorded(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await recorded(session.links.member, 'alice-phone', 'Alice');
    const bob = await recorded(session.links.member, 'bob-phone', 'Bob');
    const carmen = await recorded(session.links.member, 'carmen-phone', 'Carmen');
    const oscar = await recorded(session.links.observer, 'oscar-laptop', 'Oscar');
    await send(rivera.socket, 'person:admitAll', {});
    const first = await mediaKey();

    // Carmen is removed: everyone else gets key 1, and she does not.
    const rotated = Promise.all([alice, bob, oscar, rivera].map((r) => waitFor(r.socket, 'media:key', (k) => k.index === 1)));
    await Promise.all([send(rivera.socket, 'person:remove', { personId: carmen.id }), waitForDisconnect(carmen.socket)]);
    const second = await mediaKey();
    expect(second.index).toBe(1);
    expect(second.key).not.toBe(first.key);
    for (const received of await rotated) expect(received).toEqual({ key: second.key, index: 1 });
    expect(keysOf(carmen).map((k) => k.index)).toEqual([0]);

    // Bob is sent to the waiting room: still connected, but no new key for him.
    const again = Promise.all([alice, oscar, rivera].map((r) => waitFor(r.socket, 'media:key', (k) => k.index === 2)));
    await send(rivera.socket, 'person:sendToWaiting', { personId: bob.id });
    await again;
    await settled(bob);
    expect(keysOf(bob).map((k) => k.index)).toEqual([0, 1]);

    // Admitted again, he gets the current key with his token.
    await Promise.all([send(rivera.socket, 'person:admit', { personId: bob.id }), waitFor(bob.socket, 'media:granted')]);
    expect(keysOf(bob).at(-1)).toEqual({ key: (await mediaKey()).key, index: 2 });
  });

  it('never reaches the media server, a URL, a view or a log', async () => {
    const rivera = await recorded(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await recorded(session.links.member, 'alice-phone', 'Alice');
    const bob = await recorded(session.links.member, 'bob-phone', 'Bob');
    await send(rivera.socket, 'person:admitAll', {});
    await send(rivera.socket, 'person:remove', { personId: bob.id });
    const reissued = await send(rivera.socket, 'links:reissue', { role: 'member' });
    const renewed = await send(alice.socket, 'media:renew', {});
    await settled(alice);
    const state = await harness.circle.sessions.load(session.sessionId);
    const keys = [...new Set([...keysOf(rivera), ...keysOf(alice), ...keysOf(bob)].map((k) => k.key))];
    expect(keys).toHaveLength(2);
    expect(keys).toContain(state!.mediaKey!.key);

    const media = harness.media as RecordingMedia;
    const grants = [rivera, alice, bob].flatMap((r) => r.events.filter(([e]) => e === 'media:granted'));
    const views = [rivera, alice, bob].flatMap((r) => r.events.filter(([e]) => e === 'session:changed' || e === 'session:patched' || e === 'self:changed'));
    const urls = [...Object.values(session.links), rivera.personToken, alice.personToken, reissued.ok ? reissued.link : ''];
    const places = {
      'LiveKit token requests': JSON.stringify(media.tokens),
      'LiveKit calls': JSON.stringify(media.calls),
      grants: JSON.stringify([grants, renewed]),
      'links and personal tokens': JSON.stringify(urls),
      views: JSON.stringify(views),
      logs: harness.log.lines.join('\n'),
    };
    for (const key of keys) {
      for (const [place, text] of Object.entries(places)) expect(text.includes(key), `${place} hold a media key`).toBe(false);
    }
  });

  it('is not made, nor sent, for a session created without encryption', async () => {
    const plain = await harness.createSession({ title: 'Open group', e2ee: false });
    const rivera = await recorded(plain.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await recorded(plain.links.member, 'alice-phone', 'Alice');
    await Promise.all([send(rivera.socket, 'person:admit', { personId: alice.id }), waitFor(alice.socket, 'media:granted')]);
    expect((await harness.circle.sessions.load(plain.sessionId))?.mediaKey).toBeNull();
    const sync = await send(alice.socket, 'session:sync', {});
    expect(sync.ok && sync.view.e2ee).toBe(false);
    expect([...keysOf(rivera), ...keysOf(alice)]).toEqual([]);
  });

  it('is on unless the facilitator turns it off, and the option must be a boolean', async () => {
    const res = await fetch(`${harness.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Group', e2ee: 'yes' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as HttpError).error.message).toBe('e2ee must be true or false');
    expect((await harness.circle.sessions.load(session.sessionId))?.mediaKey).not.toBeNull();
  });

  it('shows staff, and only staff, whether a waiting person’s browser can encrypt', async () => {
    const rivera = await recorded(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const socket = await harness.connect(session.links.member, 'old-tablet');
    const seen = waitFor(rivera.socket, 'session:changed', ({ view }) => view.waiting.length === 1);
    const ack = await send(socket, 'session:join', { name: 'Grace', agreed: true, deviceKind: 'media', e2eeSupported: false });
    expect((await seen).view.waiting.map((p) => [p.name, p.e2eeSupported])).toEqual([['Grace', false]]);
    expect(ack.ok && ack.view.e2ee).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedSession } from '@circle/shared';
import { Harness, send, waitFor, waitForDisconnect, type ClientSocket } from '../support/harness.js';
import { join } from './support/scene.js';

let harness: Harness;
let session: CreatedSession;

beforeEach(async () => {
  harness = await new Harness().start();
  session = await harness.createSession();
});
afterEach(() => harness.stop());

/** Emits anything, as a modified client could; resolves with the ack. */
function raw(socket: ClientSocket, event: string, ...args: unknown[]): Promise<unknown> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<unknown> }).emitWithAck(event, ...args);
}

describe('hostile input on real sockets', () => {
  it('closes a socket that sends a frame over 16 KB, and keeps serving everyone else', async () => {
    const rivera = await join(harness, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const mallory = await join(harness, session.links.member, 'mallory-phone', 'Mallory');
    const closed = waitForDisconnect(mallory.socket);
    const gone = waitFor(rivera.socket, 'session:changed', ({ view }) => !view.waiting.some((p) => p.id === mallory.id));
    mallory.socket.emit('session:join', { name: 'x'.repeat(17 * 1024), deviceKind: 'media' }, () => {});
    expect(await closed).toBe('transport close');

    const sync = await send(rivera.socket, 'session:sync', {});
    expect(sync.ok).toBe(true);
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
    // Mallory's device is marked gone, as after any dropped connection.
    await gone;
    const state = await harness.circle.sessions.load(session.sessionId);
    expect(state!.people[mallory.id]?.devices['mallory-phone']?.connected).toBe(false);
  });

  it('answers an unknown command, or one with extra arguments, with invalid_command', async () => {
    const alice = await join(harness, session.links.member, 'alice-phone', 'Alice');
    for (const name of ['session:destroy', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'error']) {
      expect(await raw(alice.socket, name, {}), name).toMatchObject({ ok: false, error: { code: 'invalid_command' } });
    }
    expect(await raw(alice.socket, 'session:sync', {}, {})).toMatchObject({ ok: false, error: { code: 'invalid_command' } });
    // A command with no payload at all is read as an empty one.
    expect(await raw(alice.socket, 'session:sync')).toMatchObject({ ok: true });
  });

  it.each([
    ['null', null],
    ['an array', [1, 2]],
    ['a string', 'admit everyone'],
    ['a number', 42],
    ['a prototype-polluting object', JSON.parse('{"__proto__":{"role":"facilitator"},"personId":"abcd1234"}')],
  ])('refuses %s as a payload and changes nothing', async (_kind, payload) => {
    const alice = await join(harness, session.links.member, 'alice-phone', 'Alice');
    const before = await harness.circle.sessions.load(session.sessionId);
    expect(await raw(alice.socket, 'person:admit', payload)).toMatchObject({ ok: false, error: { code: 'invalid_command' } });
    expect(await harness.circle.sessions.load(session.sessionId)).toStrictEqual(before);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });
});

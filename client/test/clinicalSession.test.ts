import { describe, expect, it } from 'vitest';
import { type Ack, type CommandName, type CommandPayload, type CommandResult, type EventName, type EventPayload, type LinkInfo } from '@circle/shared';
import type { ApiResult } from '../src/api/http';
import type { MediaSession } from '../src/media/media';
import type { Connection, ConnectionState, JoinAck } from '../src/net/connection';
import { createSessionController } from '../src/session/sessionController';
import { decideScreen } from '../src/session/screen';
import { createStorage, memoryStore } from '../src/storage/storage';
import { person, self, view } from './fixtures';

/** The clinical parts of a link's life: a member's location at join, and the end of the session. */

const token = (claims: object) => `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const MEMBER_LINK = token({ sid: 'sess1', role: 'member', gen: 0, exp: 9e12 });
const PERSON_TOKEN = token({ sid: 'sess1', role: 'member', pid: 'p1', gen: 0, exp: 9e12 });
const info: LinkInfo = { sessionId: 'sess1', title: 'Tuesday group', role: 'member', agreement: 'Be kind.', personName: null };

/** Plays the server: records joins, delivers events, can refuse the connection. */
function fakeConnection() {
  let state: ConnectionState = { status: 'connecting', refusal: null };
  const stateListeners = new Set<() => void>();
  const handlers = new Map<string, Set<(p: unknown) => void>>();
  const joins: CommandPayload<'session:join'>[] = [];
  let closed = false;
  const setState = (next: ConnectionState) => {
    state = next;
    for (const l of [...stateListeners]) l();
  };
  const connection: Connection = {
    getState: () => state,
    subscribe: (l) => {
      stateListeners.add(l);
      return () => stateListeners.delete(l);
    },
    on: (event, handler) => {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler as (p: unknown) => void);
      return () => set.delete(handler as (p: unknown) => void);
    },
    send: async <K extends CommandName>() => ({ ok: true }) as Ack<CommandResult<K>>,
    join: async (payload) => {
      joins.push(payload);
      setState({ status: 'connected', refusal: null });
      const ack: JoinAck = { ok: true, self: self({ status: 'admitted' }), view: view({ people: [person('p1', 'Alice')] }), personToken: PERSON_TOKEN };
      return ack;
    },
    onRejoined: () => () => undefined,
    close: () => void (closed = true),
  };
  return {
    connection,
    joins,
    isClosed: () => closed,
    setState,
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const h of [...(handlers.get(event) ?? [])]) h(payload);
    },
  };
}

const media: MediaSession = {
  getSnapshot: () => {
    throw new Error('not used');
  },
  subscribe: () => () => undefined,
  setTarget: () => undefined,
  setMicrophone: () => undefined,
  setCamera: () => undefined,
  startAudio: async () => undefined,
  attachVideo: () => () => undefined,
  dispose: () => undefined,
};

function setup(inspect: (token: string) => ApiResult<LinkInfo> = () => ({ ok: true, value: info })) {
  const fakes: ReturnType<typeof fakeConnection>[] = [];
  const controller = createSessionController({
    hash: `#${MEMBER_LINK}`,
    inspect: async (t) => inspect(t),
    storage: createStorage(memoryStore(), memoryStore()),
    connect: () => {
      const fake = fakeConnection();
      fakes.push(fake);
      return fake.connection;
    },
    createMedia: () => media,
    e2eeSupported: () => true,
  });
  const last = () => fakes.at(-1)!;
  return { controller, last, screen: () => decideScreen(controller.getSnapshot()) };
}

const JOIN = { name: 'Alice', deviceKind: 'media' as const, devices: { cameraId: null, microphoneId: null } };

describe('a member’s location at join', () => {
  it('travels with the join when given', async () => {
    const t = setup();
    await t.controller.start();
    await t.controller.join({ ...JOIN, location: { city: 'Portland', region: 'Oregon' } });
    expect(t.last().joins[0]).toMatchObject({ name: 'Alice', agreed: true, location: { city: 'Portland', region: 'Oregon' } });
  });

  it('is left out when not given', async () => {
    const t = setup();
    await t.controller.start();
    await t.controller.join(JOIN);
    expect(t.last().joins[0]).not.toHaveProperty('location');
  });
});

describe('the end of the session', () => {
  it('keeps the closing card, with the session’s closing text, after the server closes the connection', async () => {
    const t = setup();
    await t.controller.start();
    await t.controller.join(JOIN);
    const base = view();
    const ended = view({
      version: 9,
      status: 'ended',
      clinical: { ...base.clinical, clock: { startedAt: 1, plannedMinutes: 90, endedAt: 2 }, closing: 'Thank you.\nCall or text 988.' },
    });
    t.last().emit('session:changed', { view: ended });
    expect(t.screen()).toBe('ended');
    expect(t.last().isClosed()).toBe(true);
    // Whatever the closed socket reports afterwards, the card stays, with its text.
    t.last().setState({ status: 'refused', refusal: 'session_ended' });
    expect(t.screen()).toBe('ended');
    expect(t.controller.getSnapshot().view?.clinical.closing).toBe('Thank you.\nCall or text 988.');
  });

  it('shows a link opened after the end as ended, not as a broken link', async () => {
    const t = setup(() => ({ ok: false, status: 410, code: 'session_ended', message: 'This session has ended.' }));
    await t.controller.start();
    expect(t.screen()).toBe('ended');
    expect(t.controller.getSnapshot().view).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { Ack, CommandName, CommandPayload, CommandResult, EventName, EventPayload, LinkInfo } from '@circle/shared';
import type { ApiResult } from '../src/api/http';
import type { MediaSession, MediaTarget } from '../src/media/media';
import type { Connection, ConnectionOptions, ConnectionState, JoinAck } from '../src/net/connection';
import { createSessionController, type SessionDeps } from '../src/session/sessionController';
import { decideScreen } from '../src/session/screen';
import { createStorage, memoryStore } from '../src/storage/storage';
import { grant, person, self, view } from './fixtures';

/** A link token the way the server shapes them: base64url claims, a dot, a signature. */
function token(claims: object, signature = 'sig'): string {
  return `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
const MEMBER_LINK = token({ sid: 'sess1', role: 'member', gen: 0, exp: 9e12 });
const PERSON_TOKEN = token({ sid: 'sess1', role: 'member', pid: 'p1', gen: 0, exp: 9e12 });
const OPAQUE_LINK = 'opaque-link-token';

const linkInfo = (over: Partial<LinkInfo> = {}): LinkInfo => ({
  sessionId: 'sess1',
  title: 'Tuesday group',
  role: 'member',
  agreement: 'Be kind.',
  personName: null,
  ...over,
});

/** A connection that records what was sent and lets the test play the server. */
class FakeConnection implements Connection {
  state: ConnectionState = { status: 'connecting', refusal: null };
  joins: CommandPayload<'session:join'>[] = [];
  sent: { command: CommandName; payload: unknown }[] = [];
  closed = false;
  joinReply: (payload: CommandPayload<'session:join'>) => JoinAck = () => ({
    ok: true,
    self: self(),
    view: view(),
    personToken: PERSON_TOKEN,
  });
  private stateListeners = new Set<() => void>();
  private handlers = new Map<string, Set<(p: unknown) => void>>();
  private rejoinListeners = new Set<(ack: JoinAck) => void>();

  constructor(readonly options: ConnectionOptions) {}

  getState = () => this.state;
  subscribe = (l: () => void) => {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  };
  on = <E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void) => {
    const set = this.handlers.get(event) ?? new Set();
    this.handlers.set(event, set);
    set.add(handler as (p: unknown) => void);
    return () => set.delete(handler as (p: unknown) => void);
  };
  send = async <K extends CommandName>(command: K, payload: CommandPayload<K>): Promise<Ack<CommandResult<K>>> => {
    this.sent.push({ command, payload });
    return { ok: true } as Ack<CommandResult<K>>;
  };
  join = async (payload: CommandPayload<'session:join'>) => {
    this.joins.push(payload);
    this.setState({ status: 'connected', refusal: null });
    return this.joinReply(payload);
  };
  onRejoined = (l: (ack: JoinAck) => void) => {
    this.rejoinListeners.add(l);
    return () => this.rejoinListeners.delete(l);
  };
  close = () => {
    this.closed = true;
  };

  setState(state: ConnectionState) {
    this.state = state;
    for (const l of [...this.stateListeners]) l();
  }
  emit<E extends EventName>(event: E, payload: EventPayload<E>) {
    for (const h of [...(this.handlers.get(event) ?? [])]) h(payload);
  }
  rejoined(ack: JoinAck) {
    for (const l of [...this.rejoinListeners]) l(ack);
  }
}

function setup(options: {
  hash: string;
  inspect?: (token: string) => ApiResult<LinkInfo>;
  joinReply?: (payload: CommandPayload<'session:join'>) => JoinAck;
}) {
  const session = memoryStore();
  const local = memoryStore();
  const storage = createStorage(session, local);
  const inspected: string[] = [];
  const connections: FakeConnection[] = [];
  const targets: (MediaTarget | null)[] = [];
  const microphone: boolean[] = [];
  const media: MediaSession = {
    getSnapshot: () => {
      throw new Error('not used');
    },
    subscribe: () => () => undefined,
    setTarget: (t) => void targets.push(t),
    setMicrophone: (on) => void microphone.push(on),
    setCamera: () => undefined,
    startAudio: async () => undefined,
    attachVideo: () => () => undefined,
    dispose: () => undefined,
  };
  const deps: SessionDeps = {
    hash: options.hash,
    inspect: async (t) => {
      inspected.push(t);
      return options.inspect ? options.inspect(t) : { ok: true, value: linkInfo() };
    },
    storage,
    connect: (o) => {
      const c = new FakeConnection(o);
      if (options.joinReply) c.joinReply = options.joinReply;
      connections.push(c);
      return c;
    },
    createMedia: () => media,
    e2eeSupported: () => true,
  };
  const controller = createSessionController(deps);
  const screen = () => decideScreen(controller.getSnapshot());
  const last = () => {
    const c = connections.at(-1);
    if (!c) throw new Error('no connection');
    return c;
  };
  return { controller, storage, session, local, inspected, connections, targets, microphone, screen, last };
}

const JOIN = { name: 'Alice', deviceKind: 'media' as const, devices: { cameraId: null, microphoneId: null } };

describe('opening a link', () => {
  it('shows the prejoin for a valid role link, without connecting yet', async () => {
    const t = setup({ hash: `#${MEMBER_LINK}` });
    await t.controller.start();
    expect(t.screen()).toBe('prejoin');
    expect(t.controller.getSnapshot().link?.title).toBe('Tuesday group');
    expect(t.connections).toHaveLength(0);
  });

  it('shows why a link cannot be used, and creates nothing', async () => {
    const t = setup({
      hash: '#tampered',
      inspect: () => ({ ok: false, status: 401, code: 'invalid_link', message: 'This link is not valid' }),
    });
    await t.controller.start();
    expect(t.screen()).toBe('invalid');
    expect(t.controller.getSnapshot().invalid).toEqual({ message: 'This link is not valid', code: 'invalid_link' });
    expect(t.connections).toHaveLength(0);
  });

  it('treats an empty hash as an incomplete link', async () => {
    const t = setup({ hash: '' });
    await t.controller.start();
    expect(t.screen()).toBe('invalid');
    expect(t.inspected).toEqual([]);
  });
});

describe('joining', () => {
  it('connects with the link, sends name, agreement and device kind, and remembers the person', async () => {
    const t = setup({ hash: `#${MEMBER_LINK}` });
    await t.controller.start();
    await t.controller.join(JOIN);
    expect(t.last().options.token).toBe(MEMBER_LINK);
    expect(t.last().options.deviceId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    // For the balancer, which keeps a session's devices on one server process.
    expect(t.last().options.sessionId).toBe('sess1');
    expect(t.last().joins).toEqual([{ name: 'Alice', agreed: true, deviceKind: 'media', e2eeSupported: true }]);
    expect(t.screen()).toBe('waiting');
    expect(t.storage.joined('sess1')).toEqual({ personToken: PERSON_TOKEN, deviceKind: 'media' });
    expect(t.storage.personToken('sess1')).toBe(PERSON_TOKEN);
  });

  it('shows the server’s refusal and lets the person try again', async () => {
    const t = setup({
      hash: `#${MEMBER_LINK}`,
      joinReply: () => ({ ok: false, error: { code: 'conflict', message: 'Someone in this session is already called Alice' } }),
    });
    await t.controller.start();
    await t.controller.join(JOIN);
    const snap = t.controller.getSnapshot();
    expect(snap.joinError).toMatch(/already called Alice/);
    expect(snap.joinBusy).toBe(false);
    expect(t.screen()).toBe('prejoin');
  });

  it('goes to the room when admitted, and back to waiting when sent back', async () => {
    const t = setup({ hash: `#${MEMBER_LINK}` });
    await t.controller.start();
    await t.controller.join(JOIN);
    t.last().emit('self:changed', { self: self({ status: 'admitted' }) });
    expect(t.screen()).toBe('room');
    t.last().emit('self:changed', { self: self({ status: 'waiting' }) });
    expect(t.screen()).toBe('waiting');
    expect(t.controller.getSnapshot().wasAdmitted).toBe(true);
  });
});

describe('coming back', () => {
  it('rejoins at once after a reload, as the same person and device kind, without asking anything', async () => {
    const t = setup({ hash: `#${MEMBER_LINK}` });
    t.storage.rememberJoin('sess1', { personToken: PERSON_TOKEN, deviceKind: 'console' });
    const started = t.controller.start();
    expect(t.screen()).toBe('rejoining');
    await started;
    await Promise.resolve();
    expect(t.inspected).toEqual([]);
    expect(t.last().options.token).toBe(PERSON_TOKEN);
    expect(t.last().options.sessionId).toBe('sess1');
    expect(t.last().joins).toEqual([{ deviceKind: 'console', e2eeSupported: true }]);
    expect(t.screen()).toBe('waiting');
  });

  it('finds the stored join through the server when the token says nothing about its session', async () => {
    const t = setup({ hash: `#${OPAQUE_LINK}` });
    t.storage.rememberJoin('sess1', { personToken: PERSON_TOKEN, deviceKind: 'media' });
    await t.controller.start();
    await Promise.resolve();
    expect(t.inspected).toEqual([OPAQUE_LINK]);
    expect(t.last().options.token).toBe(PERSON_TOKEN);
  });

  it('recognises a person who joined before, and joins with their own token', async () => {
    const t = setup({
      hash: `#${MEMBER_LINK}`,
      inspect: (tok) => ({ ok: true, value: linkInfo({ personName: tok === PERSON_TOKEN ? 'Alice' : null }) }),
    });
    t.local.setItem('circle.person.sess1', PERSON_TOKEN);
    await t.controller.start();
    expect(t.inspected).toEqual([PERSON_TOKEN]);
    expect(t.controller.getSnapshot().knownName).toBe('Alice');
    await t.controller.join({ ...JOIN, name: 'Alice' });
    expect(t.last().options.token).toBe(PERSON_TOKEN);
    expect(t.last().joins[0]).toEqual({ agreed: true, deviceKind: 'media', e2eeSupported: true });
  });

  it('tells a removed person so, instead of offering the link again', async () => {
    const t = setup({
      hash: `#${MEMBER_LINK}`,
      inspect: (tok) =>
        tok === PERSON_TOKEN
          ? { ok: false, status: 403, code: 'removed', message: 'You were removed from this session.' }
          : { ok: true, value: linkInfo() },
    });
    t.local.setItem('circle.person.sess1', PERSON_TOKEN);
    await t.controller.start();
    expect(t.screen()).toBe('removed');
  });

  it('keeps a personal token Circle could not check just now, and offers to try again rather than join as someone new', async () => {
    let busy = true;
    const t = setup({
      hash: `#${MEMBER_LINK}`,
      inspect: (tok) =>
        busy
          ? { ok: false, status: 503, code: 'unavailable', message: 'Circle is temporarily unavailable' }
          : { ok: true, value: linkInfo({ personName: tok === PERSON_TOKEN ? 'Alice' : null }) },
    });
    t.local.setItem('circle.person.sess1', PERSON_TOKEN);
    await t.controller.start();
    expect(t.screen()).toBe('invalid');
    expect(t.controller.getSnapshot().invalid).toEqual({ message: 'Circle is temporarily unavailable', code: 'unavailable' });
    expect(t.storage.personToken('sess1')).toBe(PERSON_TOKEN);
    expect(t.inspected).toEqual([PERSON_TOKEN]);

    busy = false; // "Try again"
    await t.controller.start();
    expect(t.screen()).toBe('prejoin');
    expect(t.controller.getSnapshot().knownName).toBe('Alice');
  });

  it('forgets an expired personal token and offers the link', async () => {
    const t = setup({
      hash: `#${MEMBER_LINK}`,
      inspect: (tok) =>
        tok === PERSON_TOKEN ? { ok: false, status: 410, code: 'expired_link', message: 'Expired' } : { ok: true, value: linkInfo() },
    });
    t.local.setItem('circle.person.sess1', PERSON_TOKEN);
    await t.controller.start();
    expect(t.screen()).toBe('prejoin');
    expect(t.storage.personToken('sess1')).toBeNull();
  });
});

describe('in the session', () => {
  async function admitted() {
    const t = setup({
      hash: `#${MEMBER_LINK}`,
      joinReply: () => ({ ok: true, self: self({ status: 'admitted' }), view: view({ version: 5 }), personToken: PERSON_TOKEN }),
    });
    await t.controller.start();
    await t.controller.join(JOIN);
    return t;
  }

  it('drives the media layer from the grant, and stops it when revoked', async () => {
    const t = await admitted();
    t.last().emit('media:granted', { grant: grant() });
    expect(t.targets.at(-1)).toMatchObject({ grant: grant(), publish: true });
    t.last().emit('media:revoked', { reason: 'The facilitator moved you to the waiting room' });
    expect(t.targets.at(-1)).toBeNull();
  });

  it('closes the microphone while talking-piece mode holds it, and opens it when allowed', async () => {
    const t = await admitted();
    t.last().emit('media:granted', { grant: grant() });
    t.last().emit('self:changed', { self: self({ status: 'admitted', micAllowed: false }) });
    expect(t.targets.at(-1)).toMatchObject({ publish: true, microphoneAllowed: false });
    t.last().emit('self:changed', { self: self({ status: 'admitted', micAllowed: true }) });
    expect(t.targets.at(-1)).toMatchObject({ publish: true, microphoneAllowed: true });
  });

  it('shows a mute by the facilitator, and turns the microphone off here too', async () => {
    const t = await admitted();
    t.last().emit('notice:shown', { kind: 'mutedByStaff', message: 'The facilitator muted you' });
    expect(t.controller.getSnapshot().notice?.message).toBe('The facilitator muted you');
    expect(t.microphone).toEqual([false]);
    t.last().emit('notice:shown', { kind: 'mediaActionFailed', message: 'The video service did not confirm' });
    expect(t.microphone).toEqual([false]);
  });

  it('ignores views older than the one held', async () => {
    const t = await admitted();
    t.last().emit('session:changed', { view: view({ version: 7, people: [person('p1', 'Alice')] }) });
    t.last().emit('session:changed', { view: view({ version: 6 }) });
    expect(t.controller.getSnapshot().view?.version).toBe(7);
    expect(t.controller.getSnapshot().view?.people).toHaveLength(1);
  });

  it('ends on removal: the tab forgets the join, the browser keeps the token to be told later', async () => {
    const t = await admitted();
    t.last().emit('self:changed', { self: self({ status: 'removed' }) });
    expect(t.screen()).toBe('removed');
    expect(t.last().closed).toBe(true);
    expect(t.storage.joined('sess1')).toBeNull();
    expect(t.storage.personToken('sess1')).toBe(PERSON_TOKEN);
  });

  it('ends when the connection is refused as removed', async () => {
    const t = await admitted();
    t.last().setState({ status: 'refused', refusal: 'removed' });
    expect(t.screen()).toBe('removed');
  });

  it('takes a rejoin after a reconnect as the current standing', async () => {
    const t = await admitted();
    t.last().rejoined({ ok: true, self: self({ status: 'waiting' }), view: view({ version: 9 }), personToken: PERSON_TOKEN });
    expect(t.screen()).toBe('waiting');
  });

  it('leaves: tells the server, forgets the join in this tab, keeps the person known', async () => {
    const t = await admitted();
    const c = t.last();
    await t.controller.leave();
    expect(c.sent.map((s) => s.command)).toContain('session:leave');
    expect(c.closed).toBe(true);
    expect(t.screen()).toBe('left');
    expect(t.storage.joined('sess1')).toBeNull();
    expect(t.storage.personToken('sess1')).toBe(PERSON_TOKEN);
  });
});

import { io as connect, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ClientToServerEvents,
  type CommandName,
  type CommandPayload,
  type CommandResult,
  type CreatedSession,
  type EventName,
  type EventPayload,
  type ServerToClientEvents,
  type SessionView,
  ViewFollower,
} from '@circle/shared';
import { createCircle, type Circle, type CircleDeps } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Logger } from '../../src/gateway/types.js';
import type { MediaControl } from '../../src/ports/media-control.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RecordingMedia } from './recording-media.js';

export const ADMIN_KEY = 'test-admin-key';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Log lines kept in memory, so tests can read what the server would have written. */
export class MemoryLog implements Logger {
  readonly lines: string[] = [];
  info(fields: Record<string, unknown>, message: string) {
    this.lines.push(JSON.stringify({ level: 'info', ...fields, msg: message }));
  }
  warn(fields: Record<string, unknown>, message: string) {
    this.lines.push(JSON.stringify({ level: 'warn', ...fields, msg: message }));
  }
  error(fields: Record<string, unknown>, message: string) {
    this.lines.push(JSON.stringify({ level: 'error', ...fields, msg: message }));
  }
}

/** A server on a free port with real sockets, an in-memory or given store and a recording media fake. */
export class Harness {
  readonly log = new MemoryLog();
  readonly sockets: ClientSocket[] = [];
  circle!: Circle;
  url = '';

  constructor(
    readonly store: SessionStore = new MemoryStore(),
    readonly media: MediaControl & Partial<RecordingMedia> = new RecordingMedia(),
    /** A clock, key source, rate limits or refusal timers other than the defaults. */
    readonly options: Partial<Pick<CircleDeps, 'clock' | 'newKey' | 'commandRates' | 'httpRates' | 'httpCounts' | 'refusalTimers'>> & { env?: Record<string, string> } = {},
  ) {}

  async start(): Promise<this> {
    const { env, ...deps } = this.options;
    const config = loadConfig({ CIRCLE_ADMIN_KEY: ADMIN_KEY, PORT: '0', ...env });
    this.circle = createCircle({ ...deps, config, store: this.store, media: this.media, log: this.log, clientDir: '/nonexistent' });
    const port = await this.circle.listen(0);
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.disconnect();
    await this.circle.close();
  }

  async createSession(body: object = { title: 'Tuesday DBT skills' }): Promise<CreatedSession> {
    const res = await fetch(`${this.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`createSession: ${res.status} ${await res.text()}`);
    return (await res.json()) as CreatedSession;
  }

  /** Opens a socket with a link (the token after `#`) as a device; resolves once connected. */
  async connect(link: string, deviceId: string, extraAuth: object = {}): Promise<ClientSocket> {
    const socket: ClientSocket = connect(this.url, {
      auth: { protocol: PROTOCOL_VERSION, token: tokenOf(link), deviceId, ...extraAuth },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    this.sockets.push(socket);
    followViews(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    return socket;
  }

  /**
   * Connects as a device and joins with a name, the agreement accepted, as a media device unless
   * `extra` says otherwise; fails the test if the join is refused.
   */
  async join(link: string, deviceId: string, name: string, extra: Partial<CommandPayload<'session:join'>> = {}) {
    const socket = await this.connect(link, deviceId);
    const ack = await send(socket, 'session:join', { name, agreed: true, deviceKind: 'media', ...extra });
    if (!ack.ok) throw new Error(`${name} could not join: ${ack.error.message}`);
    return { socket, ack };
  }
}

export function tokenOf(link: string): string {
  return link.includes('#') ? link.slice(link.indexOf('#') + 1) : link;
}

export function send<K extends CommandName>(socket: ClientSocket, name: K, payload: CommandPayload<K>): Promise<Ack<CommandResult<K>>> {
  // Socket.IO's typed emitWithAck cannot narrow a generic command name; the signature above is the typed one.
  const timed = socket.timeout(5000) as unknown as { emitWithAck(n: K, p: CommandPayload<K>): Promise<Ack<CommandResult<K>>> };
  return timed.emitWithAck(name, payload).then((ack) => {
    const view = ack.ok ? (ack as { view?: SessionView }).view : undefined;
    if (view) followViews(socket).follower.receiveView(view);
    return ack;
  });
}

type Following = { follower: ViewFollower; listeners: Set<(view: SessionView) => void> };
const following = new WeakMap<ClientSocket, Following>();

/**
 * Keeps a socket's whole view from full views and patches, as the browser client's connection
 * does (the shared ViewFollower), so tests can look at views whichever way they arrived.
 * Started when a harness socket connects; for other sockets, on first use (it then syncs).
 */
export function followViews(socket: ClientSocket): Following {
  const known = following.get(socket);
  if (known) return known;
  const listeners = new Set<(view: SessionView) => void>();
  const sync = async () => {
    const ack = await send(socket, 'session:sync', {}).catch(() => null);
    return ack?.ok ? ack.view : null;
  };
  const follower = new ViewFollower(sync, (view) => listeners.forEach((l) => l(view)));
  socket.on('session:changed', ({ view }) => follower.receiveView(view));
  socket.on('session:patched', ({ patch }) => follower.receivePatch(patch));
  const created = { follower, listeners };
  following.set(socket, created);
  return created;
}

/** Calls `handler` with every newer whole view the socket comes to hold; returns how to stop. */
export function onView(socket: ClientSocket, handler: (view: SessionView) => void): () => void {
  const { listeners } = followViews(socket);
  listeners.add(handler);
  return () => listeners.delete(handler);
}

/** Resolves with the next whole view the socket holds that passes `match`. */
export function waitForView(socket: ClientSocket, match: (view: SessionView) => boolean = () => true, timeoutMs = 5000): Promise<SessionView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching view within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = onView(socket, (view) => {
      if (!match(view)) return;
      clearTimeout(timer);
      stop();
      resolve(view);
    });
  });
}

/** Resolves with the next event of that name that passes `match`. */
export function waitFor<K extends EventName>(socket: ClientSocket, event: K, match: (payload: EventPayload<K>) => boolean = () => true, timeoutMs = 5000): Promise<EventPayload<K>> {
  // Views arrive whole or as patches; what a test means by a view is the whole one the socket then holds.
  if (event === 'session:changed') {
    const matches = match as (payload: EventPayload<'session:changed'>) => boolean;
    return waitForView(socket, (view) => matches({ view }), timeoutMs).then((view) => ({ view }) as EventPayload<K>);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: EventPayload<K>) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Resolves when the server closes the connection, with the reason. */
export function waitForDisconnect(socket: ClientSocket, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (socket.disconnected) return resolve('already disconnected');
    const timer = setTimeout(() => reject(new Error('still connected')), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

import { io, type Socket } from 'socket.io-client';
import {
  ErrorCode,
  events as eventSchemas,
  PROTOCOL_VERSION,
  ROUTE_PARAM,
  routeOf,
  type Ack,
  type ClientToServerEvents,
  type CommandName,
  type CommandPayload,
  type CommandResult,
  type ConnectRefusal,
  type DeviceKind,
  type EventName,
  type EventPayload,
  type ServerToClientEvents,
  type SessionView,
  ViewFollower,
} from '@circle/shared';
import { handshakeCode, refusalOf } from './views';
import { retryDelay } from '../media/backoff';

/**
 * The socket layer: the only module that talks Socket.IO. It authenticates the handshake,
 * sends commands and hands back their typed acks, fans out server events, reports how the
 * connection is doing, and after every reconnect puts this device back into the session.
 */

export const ConnectionStatus = {
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  refused: 'refused',
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

export type ConnectionState = {
  status: ConnectionStatus;
  /** Why the server refused the connection, when it said (`connect_error.data.code`). */
  refusal: ConnectRefusal | null;
};

export type JoinAck = Ack<CommandResult<'session:join'>>;

export interface Connection {
  getState(): ConnectionState;
  /** Called whenever `getState()` changes. */
  subscribe(listener: () => void): () => void;
  /**
   * Server events. `session:changed` delivers the whole view, newer than the one held, whether
   * the server sent it whole or as a patch (`session:patched` is pieced together here).
   */
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
  /** Sends a command; resolves with its ack, or an `unavailable` error when offline or too slow. */
  send<K extends CommandName>(command: K, payload: CommandPayload<K>): Promise<Ack<CommandResult<K>>>;
  /**
   * The first `session:join` of this device: waits for the connection, and on success makes the
   * returned personal token the handshake token, so reconnects come back as this person.
   */
  join(payload: CommandPayload<'session:join'>): Promise<JoinAck>;
  /** The ack of each automatic rejoin after a reconnect. */
  onRejoined(listener: (ack: JoinAck) => void): () => void;
  close(): void;
}

/** Sends one command and resolves with its ack: what the room's controls are given. */
export type Send = Connection['send'];

export type ConnectionOptions = {
  token: string;
  deviceId: string;
  /** Defaults to the page's origin. */
  url?: string;
  /**
   * The session this device is in, as far as the page knows: its route (`routeOf`) goes in the
   * handshake's address so a balancer can keep a whole session on one server process
   * (deploy/nginx.conf). A hint only: the server takes the session from the token.
   */
  sessionId?: string;
  ackTimeoutMs?: number;
  /** How long `join` waits for a connection before answering `unavailable` (the socket keeps trying). */
  connectWaitMs?: number;
};

type AnyAck = Ack<Record<string, unknown>>;
type RawEmitter = { emitWithAck(event: string, payload: unknown): Promise<AnyAck> };
type Handler = (payload: never) => void;

const OFFLINE = 'Circle is reconnecting. Please try again in a moment.';
const TOO_SLOW = 'Circle did not answer in time. Please try again.';
const NO_CONNECTION = "Circle can't be reached right now. Please check your connection and try again.";
/** After the server closes the socket without saying why, try again a few times to learn why. */
const MAX_SERVER_CLOSURES = 3;

/** Whether a refused handshake only says the server was briefly unable to check it. */
function serverBusy(error: unknown): boolean {
  return handshakeCode(error) === ErrorCode.unavailable;
}

function unavailable(message: string): { ok: false; error: { code: typeof ErrorCode.unavailable; message: string } } {
  return { ok: false, error: { code: ErrorCode.unavailable, message } };
}

export function connect(options: ConnectionOptions): Connection {
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const connectWaitMs = options.connectWaitMs ?? 15_000;
  let token = options.token;
  let state: ConnectionState = { status: ConnectionStatus.connecting, refusal: null };
  let everConnected = false;
  let closed = false;
  /** Set once the first join succeeded: reconnects rejoin with it. */
  let joinedKind: DeviceKind | null = null;
  let serverClosures = 0;
  /** Handshakes in a row the server could not check (its store briefly gone): each waits longer. */
  let busyHandshakes = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const stateListeners = new Set<() => void>();
  const rejoinListeners = new Set<(ack: JoinAck) => void>();
  const eventListeners = new Map<EventName, Set<Handler>>();

  const socketOptions = {
    // A function, so every (re)connection sends the token held at that moment.
    auth: (cb: (data: object) => void) => cb({ protocol: PROTOCOL_VERSION, token, deviceId: options.deviceId }),
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
    ...(options.sessionId ? { query: { [ROUTE_PARAM]: routeOf(options.sessionId) } } : {}),
  };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> =
    options.url === undefined ? io(socketOptions) : io(options.url, socketOptions);

  function setState(next: ConnectionState): void {
    if (next.status === state.status && next.refusal === state.refusal) return;
    state = next;
    for (const l of [...stateListeners]) l();
  }

  function dispatch(event: EventName, payload: unknown): void {
    for (const h of [...(eventListeners.get(event) ?? [])]) (h as (p: unknown) => void)(payload);
  }

  const follower = new ViewFollower(
    async () => {
      const ack = await send('session:sync', {});
      return ack.ok ? ack.view : null;
    },
    (view) => dispatch('session:changed', { view }),
  );

  function deliver(event: EventName, payload: unknown): void {
    if (closed) return;
    if (event === 'session:changed') follower.receiveView((payload as EventPayload<'session:changed'>).view);
    else if (event === 'session:patched') follower.receivePatch((payload as EventPayload<'session:patched'>).patch);
    else dispatch(event, payload);
  }

  for (const event of Object.keys(eventSchemas) as EventName[]) {
    (socket as unknown as { on(e: string, h: (p: unknown) => void): void }).on(event, (payload) => deliver(event, payload));
  }

  /** Join and sync answers carry the whole view: the base later patches build on. */
  function noteView(ack: AnyAck): void {
    const view = ack.ok ? (ack as { view?: SessionView }).view : undefined;
    if (typeof view?.version === 'number') follower.receiveView(view);
  }

  async function send<K extends CommandName>(command: K, payload: CommandPayload<K>): Promise<Ack<CommandResult<K>>> {
    if (closed || !socket.connected) return unavailable(OFFLINE);
    try {
      const emitter = socket.timeout(ackTimeoutMs) as unknown as RawEmitter;
      const ack = await emitter.emitWithAck(command, payload);
      noteView(ack);
      return ack as Ack<CommandResult<K>>;
    } catch {
      return unavailable(TOO_SLOW);
    }
  }

  function waitUntilConnected(): Promise<boolean> {
    if (socket.connected) return Promise.resolve(true);
    if (closed || state.status === ConnectionStatus.refused) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        stateListeners.delete(check);
        resolve(ok);
      };
      const check = () => {
        if (socket.connected) finish(true);
        else if (closed || state.status === ConnectionStatus.refused) finish(false);
      };
      const timer = setTimeout(() => finish(false), connectWaitMs);
      stateListeners.add(check);
    });
  }

  async function rejoin(kind: DeviceKind): Promise<void> {
    const ack = await send('session:join', { deviceKind: kind });
    if (closed) return;
    if (ack.ok) {
      token = ack.personToken;
      serverClosures = 0;
    }
    setState({ status: ConnectionStatus.connected, refusal: null });
    for (const l of [...rejoinListeners]) l(ack);
  }

  socket.on('connect', () => {
    if (closed) return;
    everConnected = true;
    busyHandshakes = 0;
    if (joinedKind === null) {
      setState({ status: ConnectionStatus.connected, refusal: null });
    } else {
      // Still "reconnecting" until this device is back in the session.
      void rejoin(joinedKind);
    }
  });

  socket.on('disconnect', (reason) => {
    if (closed) return;
    if (reason === 'io server disconnect') {
      // The server closed this socket. Reconnecting tells us why (a refusal code) or puts us back.
      serverClosures += 1;
      if (serverClosures > MAX_SERVER_CLOSURES) {
        setState({ status: ConnectionStatus.refused, refusal: null });
        return;
      }
      retryTimer = setTimeout(() => {
        if (!closed) socket.connect();
      }, 1_000 * serverClosures);
    }
    setState({ status: ConnectionStatus.reconnecting, refusal: null });
  });

  socket.on('connect_error', (error) => {
    if (closed) return;
    // The server refused the handshake: retrying would be refused again.
    if (!socket.active && !serverBusy(error)) return setState({ status: ConnectionStatus.refused, refusal: refusalOf(error) });
    setState({ status: everConnected ? ConnectionStatus.reconnecting : ConnectionStatus.connecting, refusal: null });
    // After a network problem Socket.IO keeps trying by itself; after a handshake the server
    // could not check just now (Redis restarting, say) it gives up, so this tries again.
    if (!socket.active) {
      retryTimer = setTimeout(() => {
        if (!closed) socket.connect();
      }, retryDelay(busyHandshakes++));
    }
  });

  return {
    getState: () => state,
    subscribe(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    on(event, handler) {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Set()));
      set.add(handler as Handler);
      return () => set.delete(handler as Handler);
    },
    send,
    async join(payload) {
      const connected = await waitUntilConnected();
      if (!connected) return unavailable(NO_CONNECTION);
      const ack = await send('session:join', payload);
      if (ack.ok && !closed) {
        token = ack.personToken;
        joinedKind = payload.deviceKind;
      }
      return ack;
    },
    onRejoined(listener) {
      rejoinListeners.add(listener);
      return () => rejoinListeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      socket.disconnect();
      for (const l of [...stateListeners]) l(); // lets a pending join give up at once
      stateListeners.clear();
      rejoinListeners.clear();
      eventListeners.clear();
    },
  };
}

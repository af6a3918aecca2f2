import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, Role, ServerToClientEvents } from '@circle/shared';

/** What the server knows about one connection after its handshake. */
export type SocketData = {
  sessionId: string;
  role: Role;
  /** Null until a member or observer arriving by the role link has joined. */
  personId: string | null;
  deviceId: string;
  joined: boolean;
  /** The generation of the role link this device connected with; null for staff and personal links. */
  linkGeneration: number | null;
};

export type CircleServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type CircleSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Structured logging with opaque ids only: never names, tokens, keys or anything said in a group. */
export type Logger = {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};

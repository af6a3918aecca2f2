import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { events, type ClientToServerEvents, type EventName, type Role, type ServerToClientEvents } from '@circle/shared';
import type { StoredChange } from '../ports/session-store.js';

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

/**
 * One event for the sockets in `room` — or in any of several rooms, each socket once — but not
 * those in `except`, on whichever process they are. The payload is not checked when another
 * process sends it, only that the event is one clients know: it was made from the event's typed
 * payload by the process that sends it.
 */
export const EmissionSchema = z.object({
  room: z.union([z.string(), z.array(z.string()).nonempty()]),
  except: z.array(z.string()).optional(),
  event: z.enum(Object.keys(events) as [EventName, ...EventName[]]),
  payload: z.unknown(),
});
export type Emission = z.infer<typeof EmissionSchema>;

/** Between Circle's own processes, through the Socket.IO adapter. */
export type ServerSideEvents = {
  /**
   * What another process delivered to its own sockets after a change, for this one to deliver to
   * its own, and the change it stored (null when nothing was stored, e.g. a soft mute).
   */
  'circle:emit': (emissions: Emission[], change: StoredChange | null) => void;
};

export type CircleServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type CircleSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

/** Structured logging with opaque ids only: never names, tokens, keys or anything said in a group. */
export type Logger = {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};

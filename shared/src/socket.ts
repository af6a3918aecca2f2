import { z } from 'zod';
import type { Ack } from './errors.js';
import type { CommandName, CommandPayload, CommandResult } from './commands.js';
import type { EventName, EventPayload } from './events.js';
import { DeviceIdSchema } from './fields.js';

/** What a client sends in the Socket.IO handshake (`auth`). */
export const HandshakeSchema = z.object({
  protocol: z.number().int(),
  token: z.string().min(1).max(2000),
  deviceId: DeviceIdSchema,
});
export type Handshake = z.infer<typeof HandshakeSchema>;

/**
 * What a client names in its handshake's address (`?route=`) for a balancer that keeps each
 * session on one server process (deploy/nginx.conf): the first two characters of the session's
 * id. Ids are random, so sessions spread evenly over 4,096 routes, and the id itself stays out of
 * the address, where a proxy's log would tie it to the addresses of the people in the group.
 */
export const ROUTE_PARAM = 'route';
export const routeOf = (sessionId: string): string => sessionId.slice(0, 2);

/** Socket.IO's typed maps, derived from the schemas so the two can never drift. */
export type ClientToServerEvents = {
  [K in CommandName]: (payload: CommandPayload<K>, ack: (response: Ack<CommandResult<K>>) => void) => void;
};
export type ServerToClientEvents = {
  [K in EventName]: (payload: EventPayload<K>) => void;
};

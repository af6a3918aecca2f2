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

/** Socket.IO's typed maps, derived from the schemas so the two can never drift. */
export type ClientToServerEvents = {
  [K in CommandName]: (payload: CommandPayload<K>, ack: (response: Ack<CommandResult<K>>) => void) => void;
};
export type ServerToClientEvents = {
  [K in EventName]: (payload: EventPayload<K>) => void;
};

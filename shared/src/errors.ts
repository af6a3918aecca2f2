import { z } from 'zod';

/** Every refusal the server can give. Clients switch on `code`; `message` is for people. */
export const ErrorCode = {
  invalidCommand: 'invalid_command',
  forbidden: 'forbidden',
  notFound: 'not_found',
  notPresent: 'not_present',
  conflict: 'conflict',
  staleVersion: 'stale_version',
  sessionEnded: 'session_ended',
  sessionLocked: 'session_locked',
  sessionFull: 'session_full',
  removed: 'removed',
  rateLimited: 'rate_limited',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const ErrorCodeSchema = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

export const CommandErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type CommandError = z.infer<typeof CommandErrorSchema>;

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: CommandError };

/** Why the server refused or closed a connection; sent as `connect_error.data.code`. */
export const ConnectRefusal = {
  protocolMismatch: 'protocol_mismatch',
  invalidLink: 'invalid_link',
  expiredLink: 'expired_link',
  removed: 'removed',
  sessionEnded: 'session_ended',
  /** A new person arriving by the role link while the facilitator has locked the session. */
  sessionLocked: 'session_locked',
  badOrigin: 'bad_origin',
} as const;
export type ConnectRefusal = (typeof ConnectRefusal)[keyof typeof ConnectRefusal];

export function commandError(code: ErrorCode, message: string): { ok: false; error: CommandError } {
  return { ok: false, error: { code, message } };
}

export function exhaustiveSwitchError(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

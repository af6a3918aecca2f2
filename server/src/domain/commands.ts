import type { CommandName, CommandPayload, Role } from '@circle/shared';

/** A wire command as the model sees it: already validated by its schema. */
export type WireCommand = { [K in CommandName]: { type: K } & CommandPayload<K> }[CommandName];

/** Things that happen to a session without anyone sending a command. */
export type SystemCommand = { type: 'device:disconnected'; personId: string; deviceId: string; connectionId: string };

export type DomainCommand = WireCommand | SystemCommand;

/**
 * Who acts: the role and person named by the link they connected with, and their device.
 * `personId` is null for a role link (member or observer) that has not joined yet.
 */
export type Actor = { role: Role; personId: string | null; deviceId: string; connectionId: string };

/** The system actor, for commands the server itself issues. */
export const SYSTEM = 'system' as const;

/** The clock and id source, injected so that the model stays pure and tests deterministic. */
export type Context = { now: number; newId: () => string };

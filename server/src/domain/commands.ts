import type { CommandName, CommandPayload, Role } from '@circle/shared';

/** A wire command as the model sees it: already validated by its schema. */
export type WireCommand = { [K in CommandName]: { type: K } & PayloadFields<CommandPayload<K>> }[CommandName];

// An empty strict payload infers as Record<string, never>, which would swallow `type`.
type PayloadFields<P> = string extends keyof P ? {} : P;

/** Things that happen to a session without anyone sending a command. */
export type SystemCommand =
  | { type: 'device:disconnected'; personId: string; deviceId: string; connectionId: string }
  /** The turn that started at `startedAt` ran out of time (the server's timer fired). */
  | { type: 'turn:timeUp'; startedAt: number }
  /** The breakouts that started at `startedAt` reached their end: everyone comes back. */
  | { type: 'breakouts:timeUp'; startedAt: number };

export type DomainCommand = WireCommand | SystemCommand;

/**
 * Who acts: the role and person named by the link they connected with, and their device.
 * `personId` is null for a role link (member or observer) that has not joined yet.
 */
export type Actor = {
  role: Role;
  personId: string | null;
  deviceId: string;
  connectionId: string;
  /** The server process the connection is on (absent where no connection acts, as in the model's own tests). */
  server?: string;
  /** For a role link (no person yet): the link's generation, so a link reissued after the device connected no longer gets it in. */
  linkGeneration?: number;
};

/** The system actor, for commands the server itself issues. */
export const SYSTEM = 'system' as const;

/** The clock, id and key sources, injected so that the model stays pure and tests deterministic. */
export type Context = {
  now: number;
  newId: () => string;
  /** A fresh media encryption key (base64 of 32 random bytes in production). */
  newKey: () => string;
  /** A number in [0, 1), for random breakout rooms; deterministic in tests. Math.random when absent. */
  random?: () => number;
};

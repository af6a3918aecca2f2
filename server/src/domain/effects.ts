/**
 * What the session model asks the world to do. The model only returns these; the effects
 * runner performs them through the ports, so every decision stays testable without I/O.
 */
export type Effect =
  /** Mint a LiveKit token for each listed device and hand it to that device. */
  | { kind: 'grantMedia'; personId: string; deviceIds: string[] }
  /** Take these devices out of the media room, on the server side too. */
  | { kind: 'revokeMedia'; personId: string; deviceIds: string[]; reason: string }
  /** Close every connection of this person (removed, or the session ended). */
  | { kind: 'disconnect'; personId: string; reason: string };

export type EffectKind = Effect['kind'];

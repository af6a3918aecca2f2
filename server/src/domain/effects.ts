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
  | { kind: 'disconnect'; personId: string; reason: string }
  /** Let these devices publish their microphone again (talking-piece mode: their turn began). */
  | { kind: 'grantMic'; personId: string; deviceIds: string[] }
  /** Close these devices' microphones at the media server (talking-piece mode: not their turn). */
  | { kind: 'revokeMic'; personId: string; deviceIds: string[] }
  /** Soft-mute these devices' microphones; the person can unmute. */
  | { kind: 'softMute'; personId: string; deviceIds: string[] }
  /**
   * Move these devices to the person's media room as the state now has it (a breakout, a
   * support room, or back): a token for the new room, then out of the old one at the server.
   */
  | { kind: 'moveMedia'; personId: string; deviceIds: string[]; from: string }
  /** Close every media room of the session (the session ended). */
  | { kind: 'closeMedia'; rooms: string[] };

export type EffectKind = Effect['kind'];

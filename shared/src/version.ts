/**
 * Bumped whenever a command, event or view changes shape. The server refuses a handshake
 * from another version so an old tab is told to reload instead of misbehaving.
 */
export const PROTOCOL_VERSION = 3;

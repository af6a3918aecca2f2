import { ConnectRefusal } from '@circle/shared';

/**
 * Views carry a `version` that grows with every change of the session. Events and acks can
 * overtake each other on the way, so a view older than the one held is stale and dropped;
 * an equal version is the same state again and harmless to take.
 */
export function isCurrent(heldVersion: number | null, incomingVersion: number): boolean {
  return heldVersion === null || incomingVersion >= heldVersion;
}

/** The view to hold after `incoming` arrives. */
export function latestView<V extends { version: number }>(held: V | null, incoming: V): V {
  return held === null || isCurrent(held.version, incoming.version) ? incoming : held;
}

const REFUSALS: readonly string[] = Object.values(ConnectRefusal);

/** The code a Socket.IO `connect_error` carries from the server (`err.data.code`), whatever it is. */
export function handshakeCode(error: unknown): unknown {
  return (error as { data?: { code?: unknown } } | null)?.data?.code;
}

/** The refusal code carried by a Socket.IO `connect_error`, if it is one Circle knows. */
export function refusalOf(error: unknown): ConnectRefusal | null {
  const code = handshakeCode(error);
  return typeof code === 'string' && REFUSALS.includes(code) ? (code as ConnectRefusal) : null;
}

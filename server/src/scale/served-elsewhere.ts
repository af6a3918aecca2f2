import type { SessionState } from '../domain/state.js';

/**
 * Whether another server process may hold a connection of this session: a connected device
 * recorded on another process, or on one that did not say which (a version before devices named
 * their process). A process that holds none of a session's connections needs none of its views,
 * and with the balancer keeping each session on one process (deploy/nginx.conf) that is every
 * other process, nearly always: telling them anyway made each process hear every change of
 * every other, so that adding processes added work to all of them.
 *
 * Connections join a session's rooms only after their device is stored (the gateway's `enter`),
 * so a change stored after that names the device; a change stored before it is in the view the
 * joining device is answered with.
 */
export function servedElsewhere(state: SessionState, server: string): boolean {
  for (const id in state.people) {
    const devices = state.people[id]!.devices;
    for (const deviceId in devices) {
      const device = devices[deviceId]!;
      if (device.connected && device.server !== server) return true;
    }
  }
  return false;
}

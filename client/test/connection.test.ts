import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../src/net/connection';

// What the handshake's first request carries, read off the wire by a plain HTTP server: a
// balancer in front of Circle routes on it before any Socket.IO server sees the request.

let server: Server | undefined;
let connection: Connection | undefined;

afterEach(async () => {
  connection?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = connection = undefined;
});

/** Connects with `options` and resolves with the address of the first request that reaches the server. */
async function firstRequest(options: { sessionId?: string }): Promise<URL> {
  const seen = new Promise<IncomingMessage>((resolve) => {
    server = createServer((req, res) => {
      resolve(req);
      res.writeHead(503).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server!.address() as AddressInfo;
  connection = connect({ url: `http://127.0.0.1:${port}`, token: 'a-token', deviceId: 'device-1', ...options });
  const req = await seen;
  return new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
}

describe('the handshake address', () => {
  it("names the session's route, for a balancer that keeps a session on one server process, but not the session", async () => {
    const url = await firstRequest({ sessionId: 'Xq3vT9aLmK2pWc7e' });
    expect(url.pathname).toBe('/socket.io/');
    expect(url.searchParams.get('route')).toBe('Xq');
    // A proxy's access log would tie the session to the addresses of the people in it.
    expect(url.search).not.toContain('Xq3vT9aLmK2pWc7e');
  });

  it('names no route when the page does not know the session, and never carries the token', async () => {
    const url = await firstRequest({});
    expect(url.searchParams.has('route')).toBe(false);
    // The token travels in the handshake's body (Socket.IO's auth), never in an address a proxy logs.
    expect(url.search).not.toContain('a-token');
  });
});

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
  it('names the session, for a balancer that keeps a session on one server process', async () => {
    const url = await firstRequest({ sessionId: 'sess1' });
    expect(url.pathname).toBe('/socket.io/');
    expect(url.searchParams.get('session')).toBe('sess1');
  });

  it('names nothing when the page does not know the session, and never carries the token', async () => {
    const url = await firstRequest({});
    expect(url.searchParams.has('session')).toBe(false);
    // The token travels in the handshake's body (Socket.IO's auth), never in an address a proxy logs.
    expect(url.search).not.toContain('a-token');
  });
});

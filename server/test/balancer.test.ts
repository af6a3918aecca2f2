import { existsSync } from 'node:fs';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, ROUTE_PARAM, routeOf, type CreatedSession } from '@circle/shared';
import { RedisStore } from '../src/store/redis-store.js';
import { tokenOf, type ClientSocket } from './support/harness.js';
import { Balancer, localConfig, NGINX_PATH } from './support/nginx.js';
import { createSession, deleteKeys, REDIS_URL, startInstance, uniquePrefix, until, type Instance } from './reliability/support/instances.js';

// The scale profile's balancer (deploy/nginx.conf) run by a real nginx in front of two Circle
// servers sharing the real Redis. .ci/run installs nginx; elsewhere, without one, this file is
// skipped and says so.

const keyPrefix = uniquePrefix('balancer');
let stores: RedisStore[] = [];
let a: Instance;
let b: Instance;
let balancer: Balancer;
const opened: ClientSocket[] = [];

const runs = existsSync(NGINX_PATH) || Boolean(process.env.CI);

/**
 * A device as the client connects (client/src/net/connection.ts): Socket.IO's default transports
 * (long-polling first, then the upgrade to a WebSocket) and, when it knows the session, its route
 * in the handshake's address. Resolves once it holds a WebSocket, which it only gets when the
 * upgrade reached the process its polling did.
 */
async function device(link: string, deviceId: string, sessionId: string | null): Promise<ClientSocket> {
  const socket: ClientSocket = connect(balancer.url, {
    auth: { protocol: PROTOCOL_VERSION, token: tokenOf(link), deviceId },
    ...(sessionId ? { query: { [ROUTE_PARAM]: routeOf(sessionId) } } : {}),
    reconnection: false,
    forceNew: true,
  });
  opened.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await until('the upgrade to a WebSocket', () => socket.io.engine.transport.name === 'websocket');
  return socket;
}

/** Which of the two servers holds each of a session's sockets. */
function holders(sessionId: string): string[] {
  return (
    [
      ['a', a],
      ['b', b],
    ] as const
  ).flatMap(([name, instance]) => [...instance.circle.io.of('/').sockets.values()].filter((s) => s.data.sessionId === sessionId).map(() => name));
}

describe.skipIf(!runs)('deploy/nginx.conf in front of two Circle servers', () => {
  beforeAll(async () => {
    stores = await Promise.all([0, 1].map(() => RedisStore.connect({ url: REDIS_URL, keyPrefix, timeoutMs: 5000 })));
    const channelPrefix = uniquePrefix('balancer-channels');
    // As compose runs them behind nginx: the browser's address is the one nginx forwards.
    const start = (store: RedisStore) => startInstance(store, channelPrefix, { CIRCLE_TRUSTED_PROXIES: '1' });
    [a, b] = await Promise.all([start(stores[0]!), start(stores[1]!)]);
    const port = (instance: Instance) => Number(new URL(instance.url).port);
    balancer = await Balancer.start([port(a), port(b)]);
  });
  afterAll(async () => {
    for (const socket of opened.splice(0)) socket.disconnect();
    await balancer?.stop();
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(stores.map((store) => store.close()));
    await deleteKeys(keyPrefix);
  });

  it('keeps every device of a session on one server, and spreads sessions over both', async () => {
    const sessions: CreatedSession[] = [];
    for (let i = 0; i < 16; i++) sessions.push(await createSession(balancer.url));
    for (const [i, session] of sessions.entries()) {
      await device(session.links.facilitator, `rivera-${i}`, session.sessionId);
      await device(session.links.cotherapist, `lee-${i}`, session.sessionId);
      await device(session.links.member, `alice-${i}`, session.sessionId);
    }
    const placed = sessions.map((session) => holders(session.sessionId));
    for (const where of placed) {
      expect(where).toHaveLength(3);
      expect(new Set(where).size).toBe(1);
    }
    // Hashed by route: with 16 sessions, both servers serve some (all on one would come about
    // once in several thousand runs; it would mean the route is not what decides).
    expect(new Set(placed.map((where) => where[0]))).toEqual(new Set(['a', 'b']));
  });

  it('writes no access log: who connected when, and from where, is not kept', async () => {
    const session = await createSession(balancer.url);
    await device(session.links.member, 'dev-phone', session.sessionId);
    expect(balancer.accessLog()).toBe('');
  });

  it('keeps a client that names no route on one server, by its address, through the upgrade', async () => {
    const session = await createSession(balancer.url);
    for (let i = 0; i < 4; i++) await device(session.links.member, `phone-${i}`, null);
    expect(new Set(holders(session.sessionId)).size).toBe(1);
  });

  it("sends a session's devices to the other server when its own is gone", async () => {
    const session = await createSession(balancer.url);
    await device(session.links.facilitator, 'rivera-laptop', session.sessionId);
    const [own] = holders(session.sessionId);
    await (own === 'a' ? a : b).close();
    const socket = await device(session.links.member, 'alice-phone', session.sessionId);
    expect(socket.connected).toBe(true);
    expect(holders(session.sessionId)).toEqual([own === 'a' ? 'b' : 'a']);
  });
});

describe('the local stand-in for deploy/nginx.conf', () => {
  it('changes only the addresses compose gives, and says so when the file changed shape', () => {
    const conf = 'upstream circle {\n  server server-a:3000 resolve;\n  server server-b:3000 resolve;\n}\nserver { listen 80; }';
    const local = localConfig(conf, { circle: 1, livekit: 2, servers: [3, 4], closed: 5 });
    expect(local).toBe('upstream circle {\n  server 127.0.0.1:3;\n  server 127.0.0.1:4;\n}\nserver { listen 127.0.0.1:1; }');
    expect(() => localConfig(conf.replace('server-b:3000 resolve', 'server-c:3000 resolve'), { circle: 1, livekit: 2, servers: [3, 4], closed: 5 })).toThrow(
      /server-c|changed shape/,
    );
  });
});

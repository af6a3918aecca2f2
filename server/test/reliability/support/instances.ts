import { randomUUID } from 'node:crypto';
import { deleteKeysAt } from '../../../bench/lib/redis-keys.js';
import { PROTOCOL_VERSION, type CreatedSession, type SessionView } from '@circle/shared';
import { io as connect } from 'socket.io-client';
import { createCircle, type Circle } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { connectClusterAdapter, type ClusterLink } from '../../../src/scale/redis-adapter.js';
import type { SessionStore } from '../../../src/ports/session-store.js';
import { ADMIN_KEY, MemoryLog, followViews, onView, send, tokenOf, waitForView, type ClientSocket } from '../../support/harness.js';
import { RecordingMedia } from '../../support/recording-media.js';

export const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other test run uses, for store keys and adapter channels on the shared Redis. */
export const uniquePrefix = (label: string) => `circle-test:${label}:${randomUUID()}:`;

/** One Circle server in this process, joined to the others through the Redis adapter. */
export type Instance = { circle: Circle; cluster: ClusterLink; url: string; log: MemoryLog; close(): Promise<void> };

export async function startInstance(
  store: SessionStore,
  channelPrefix: string,
  env: Record<string, string> = {},
): Promise<Instance> {
  const log = new MemoryLog();
  const cluster = await connectClusterAdapter({ url: REDIS_URL, channelPrefix, log: (m) => log.warn({}, m) });
  const config = loadConfig({ CIRCLE_ADMIN_KEY: ADMIN_KEY, PORT: '0', ...env });
  const circle = createCircle({ config, store, media: new RecordingMedia(), log, clientDir: '/nonexistent', cluster });
  const port = await circle.listen(0);
  return {
    circle,
    cluster,
    log,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await circle.close();
      await cluster.close();
    },
  };
}

export async function createSession(url: string, body: object = { title: 'Tuesday DBT skills' }): Promise<CreatedSession> {
  const res = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`createSession: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedSession;
}

/** A socket without reconnection to one server, connected; closed by `sockets.closeAll()`. */
export class Sockets {
  readonly all: ClientSocket[] = [];

  async open(url: string, link: string, deviceId: string): Promise<ClientSocket> {
    const socket: ClientSocket = connect(url, {
      auth: { protocol: PROTOCOL_VERSION, token: tokenOf(link), deviceId },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    this.all.push(socket);
    followViews(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  /** Opens and joins; a new member needs a name, someone with a personal or staff link may give one. */
  async join(url: string, link: string, deviceId: string, name: string) {
    const socket = await this.open(url, link, deviceId);
    // Every view this socket is sent, from the moment it is open: nothing can slip past a late listener.
    let latest: SessionView | null = null;
    onView(socket, (view) => {
      if (!latest || view.version > latest.version) latest = view;
    });
    const ack = await send(socket, 'session:join', { name, agreed: true, deviceKind: 'media' });
    if (!ack.ok) throw new Error(`${name} could not join: ${ack.error.message}`);
    if (!latest || ack.view.version > (latest as SessionView).version) latest = ack.view;
    return { socket, personId: ack.self.personId, personToken: ack.personToken, latest: () => latest as SessionView };
  }

  closeAll(): void {
    for (const socket of this.all.splice(0)) socket.disconnect();
  }
}

/** Dr Rivera (facilitator) and Bob, admitted, both joined on the server at `url`. */
export async function riveraAndBob(sockets: Sockets, url: string, session: CreatedSession) {
  const rivera = await sockets.join(url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
  const bob = await sockets.join(url, session.links.member, 'bob-phone', 'Bob');
  const admitted = await send(rivera.socket, 'person:admit', { personId: bob.personId });
  if (!admitted.ok) throw new Error(`Bob was not admitted: ${admitted.error.message}`);
  return { rivera, bob };
}

/** The next view this socket holds, whole or pieced together from patches, with a queue this long. */
export const queueOf = (socket: ClientSocket, length: number) => waitForView(socket, (v) => v.turns.queue.length === length);

/** Deletes every key under the prefix (the store's sessions of one test run). */
export const deleteKeys = (prefix: string): Promise<void> => deleteKeysAt(REDIS_URL, prefix);


/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

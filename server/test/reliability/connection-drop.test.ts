import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device } from './support/member.js';
import { createSession, REDIS_URL, until } from './support/instances.js';
import { ServerProcess } from './support/server-process.js';
import { deleteSession, shapeOf, storedSession } from './support/session-shape.js';
import { TcpProxy } from './support/tcp-proxy.js';

// Alice's connection runs through a proxy the test cuts (every packet lost, reconnections
// refused) and restores: her network is gone for a while, everyone else's is fine.

let server: ServerProcess;
const devices: Device[] = [];
const proxies: TcpProxy[] = [];
const sessions: string[] = [];

beforeAll(async () => {
  server = await ServerProcess.start({ REDIS_URL });
});
afterAll(async () => {
  for (const device of devices) device.close();
  await Promise.all(proxies.map((p) => p.close()));
  server?.kill('SIGKILL');
  for (const id of sessions) await deleteSession(REDIS_URL, id);
});

async function join(url: string, link: string, deviceId: string, name: string): Promise<Device> {
  const device = await Device.join(url, link, deviceId, name);
  devices.push(device);
  return device;
}

async function dropAliceFor(ms: number): Promise<void> {
  const proxy = await new TcpProxy(() => [server.port]).start();
  proxies.push(proxy);
  const session = await createSession(server.url);
  sessions.push(session.sessionId);
  const rivera = await join(server.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
  const alice = await join(proxy.url, session.links.member, 'alice-phone', 'Alice');
  const bob = await join(server.url, session.links.member, 'bob-phone', 'Bob');
  const carmen = await join(server.url, session.links.member, 'carmen-phone', 'Carmen');
  expect(await rivera.send('person:admitAll', {})).toMatchObject({ ok: true, admitted: 3 });
  expect(await alice.send('hand:raise', {})).toEqual({ ok: true });
  const aliceSeen = () => rivera.latest?.people.find((p) => p.id === alice.personId);

  const cutAt = Date.now();
  proxy.cut();
  await until('the server noticed that Alice is gone', () => aliceSeen()?.present === false);

  // While she is away the group goes on: hands, the next speaker, talking-piece mode.
  expect(await bob.send('hand:raise', {})).toEqual({ ok: true });
  expect(await carmen.send('hand:raise', {})).toEqual({ ok: true });
  await until('the facilitator saw three hands', () => rivera.latest?.turns.queue.length === 3);
  expect(await rivera.send('queue:next', { queueVersion: rivera.latest!.turns.queueVersion })).toEqual({ ok: true });
  expect(await rivera.send('talkingPiece:set', { on: true })).toEqual({ ok: true });
  const missed = (await storedSession(REDIS_URL, session.sessionId))!;
  expect(alice.latest!.version).toBeLessThan(missed.version);

  // The outage lasts as long as this case says, then the network is back.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + ms - Date.now())));
  expect(alice.connected).toBe(false);
  const restoredAt = Date.now();
  proxy.restore();

  // Socket.IO waits at most 5 s (±50%) between attempts: back within 10 s of the network.
  const rejoinedAt = await alice.rejoinedSince(restoredAt, 10_000);
  expect(rejoinedAt - restoredAt).toBeLessThan(10_000);
  const stored = (await storedSession(REDIS_URL, session.sessionId))!;
  expect(alice.latest!.version).toBeGreaterThanOrEqual(missed.version);
  await until('Alice holds the newest version', () => alice.latest!.version >= stored.version);
  await until('the facilitator holds the newest version', () => rivera.latest!.version >= stored.version);

  // What happened while she was gone is in her view: her place, Bob speaking, talking-piece mode.
  const view = shapeOf(alice.latest!);
  expect(view).toEqual(shapeOf(rivera.latest!));
  expect(view.speaker).toBe(alice.personId);
  expect(view.queue).toEqual([bob.personId, carmen.personId]);
  expect(view.talkingPiece).toBe(true);
  expect(alice.self).toMatchObject({ status: 'admitted', micAllowed: true });
  expect(aliceSeen()?.present).toBe(true);
}

describe('a client whose connection drops', () => {
  it('reconnects, rejoins and catches up after 5 s away', () => dropAliceFor(5_000), 30_000);
  it('reconnects, rejoins and catches up after 30 s away', () => dropAliceFor(30_000), 60_000);
  it.runIf(process.env.CIRCLE_LONG_TESTS === '1')('reconnects, rejoins and catches up after 3 minutes away', () => dropAliceFor(180_000), 220_000);
});

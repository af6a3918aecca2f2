import { afterAll, describe, expect, it } from 'vitest';
import { Device, HandToggler } from './support/member.js';
import { createSession, REDIS_URL, until } from './support/instances.js';
import { ServerProcess } from './support/server-process.js';
import { deleteSession, shapeOf, storedSession } from './support/session-shape.js';
import { TcpProxy } from './support/tcp-proxy.js';

// Two server processes share the real Redis. Two tiny load balancers stand in front of them:
// `viaA` prefers process A and fails over to B, `viaB` the other way round, so the test knows
// which clients sit on the process it kills.

const servers: ServerProcess[] = [];
const proxies: TcpProxy[] = [];
const devices: Device[] = [];
/** Devices that do not come back after the crash. */
const gone: Device[] = [];
let sessionId = '';

afterAll(async () => {
  for (const device of [...devices, ...gone]) device.close();
  for (const server of servers) server.kill('SIGKILL');
  await Promise.all(proxies.map((p) => p.close()));
  if (sessionId) await deleteSession(REDIS_URL, sessionId);
});

async function join(url: string, link: string, deviceId: string, name: string): Promise<Device> {
  const device = await Device.join(url, link, deviceId, name);
  devices.push(device);
  return device;
}

describe('a server process killed mid-session', () => {
  it('moves its clients to the other process within 10 s with the session exactly as it was, losing no acknowledged command', async () => {
    // A second's grace: the devices of a lost process are checked a second after it is missed.
    const env = { REDIS_URL, CIRCLE_PRESENCE_GRACE_SECONDS: '1' };
    let [a, b] = await Promise.all([ServerProcess.start(env), ServerProcess.start(env)]);
    servers.push(a!, b!);
    const viaA = await new TcpProxy(() => [a!.port, b!.port]).start();
    const viaB = await new TcpProxy(() => [b!.port, a!.port]).start();
    proxies.push(viaA, viaB);

    const session = await createSession(b!.url);
    sessionId = session.sessionId;
    const rivera = await join(viaA.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const kim = await join(viaB.url, session.links.cotherapist, 'kim-tablet', 'Kim');
    const onA = ['Alice', 'Bob', 'Carmen', 'Dev', 'Gus'];
    const onB = ['Ema', 'Farid', 'Hana'];
    const members = new Map<string, Device>();
    for (const name of [...onA, ...onB]) {
      const url = onA.includes(name) ? viaA.url : viaB.url;
      members.set(name, await join(url, session.links.member, `${name.toLowerCase()}-phone`, name));
    }
    const member = (name: string) => members.get(name)!;
    // Ivy is on A with no load balancer to fail over through, and her phone will not try again.
    const ivy = await Device.join(a!.url, session.links.member, 'ivy-phone', 'Ivy');
    gone.push(ivy);

    // Talking-piece mode first: nobody is admitted yet, so no microphone needs closing.
    expect(await rivera.send('talkingPiece:set', { on: true })).toEqual({ ok: true });
    expect(await rivera.send('person:admitAll', {})).toMatchObject({ ok: true, admitted: 9 });
    for (const name of ['Alice', 'Bob', 'Carmen', 'Dev']) expect(await member(name).send('hand:raise', {})).toEqual({ ok: true });
    await until('the facilitator saw four hands', () => rivera.latest?.turns.queue.length === 4);
    expect(await rivera.send('queue:next', { queueVersion: rivera.latest!.turns.queueVersion })).toEqual({ ok: true });
    const settled = async () => {
      const stored = await storedSession(REDIS_URL, sessionId);
      return devices.every((d) => d.latest?.version === stored?.version);
    };
    await until('every device saw the session as stored', settled);
    const before = shapeOf(kim.latest!);
    expect(before.speaker).toBe(member('Alice').personId);
    expect(before.queue).toEqual(['Bob', 'Carmen', 'Dev'].map((n) => member(n).personId));
    expect(before.talkingPiece).toBe(true);

    // Gus (on A) and Hana (on B) keep raising and lowering their hands through the crash.
    const togglers = [new HandToggler(member('Gus')).start(), new HandToggler(member('Hana')).start()];
    await Promise.all(togglers.map((t) => t.ackedMore(5, 10_000)));

    const killedAt = Date.now();
    ivy.socket.io.reconnection(false);
    a!.kill('SIGKILL');
    expect(await a!.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const movers = [rivera, ...onA.map(member)];
    const rejoined = await Promise.all(movers.map((d) => d.rejoinedSince(killedAt, 10_000)));
    for (const at of rejoined) expect(at - killedAt).toBeLessThan(10_000);

    await Promise.all(togglers.map((t) => t.ackedMore(5, 10_000)));
    await Promise.all(togglers.map((t) => t.stop()));
    await until('every device saw the session as stored', settled, 10_000);

    const after = shapeOf(kim.latest!);
    const togglerIds = togglers.map((t) => t.device.personId);
    expect(after.roster).toEqual(before.roster);
    expect(after.speaker).toBe(before.speaker);
    expect(after.talkingPiece).toBe(true);
    expect(after.queue.filter((id) => !togglerIds.includes(id))).toEqual(before.queue);
    // No acknowledged command lost: each hand is where its last acknowledged command put it.
    for (const t of togglers) {
      expect({ who: t.device.name, raised: after.queue.includes(t.device.personId) }).toEqual({ who: t.device.name, raised: t.lastAcked === 'raise' });
    }
    // Every device, moved or not, holds that same session.
    for (const d of devices) expect({ who: d.name, ...shapeOf(d.latest!) }).toEqual({ who: d.name, ...after });

    // Nobody ran Ivy's disconnect, yet she is not counted present: B missed A and found her phone unheld.
    const present = (view: typeof kim.latest, personId: string) => view?.people.find((p) => p.id === personId)?.present;
    await until('the staff see Ivy gone', () => present(kim.latest, ivy.personId) === false, 15_000);
    expect(onA.map((name) => present(kim.latest, member(name).personId))).toEqual(onA.map(() => true));

    // A restarted process takes new clients again, with the same session.
    a = await ServerProcess.start(env);
    servers.push(a);
    const tablet = await join(viaA.url, member('Alice').token, 'alice-tablet', 'Alice');
    expect(shapeOf(tablet.latest!)).toEqual(after);
    expect(tablet.self?.status).toBe('admitted');
  }, 60_000);
});

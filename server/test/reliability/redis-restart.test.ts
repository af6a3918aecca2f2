import { afterAll, describe, expect, it } from 'vitest';
import { Device, HandToggler } from './support/member.js';
import { createSession, until } from './support/instances.js';
import { OwnRedis } from '../../bench/lib/own-redis.js';
import { ServerProcess } from './support/server-process.js';
import { shapeOf, storedSession } from './support/session-shape.js';

// Redis of the test's own (append-only, fsync on every write), killed with SIGKILL while two
// server processes use it for sessions and for their Socket.IO adapter, then started again.

const servers: ServerProcess[] = [];
const devices: Device[] = [];
let redis: OwnRedis | undefined;

afterAll(async () => {
  for (const device of devices) device.close();
  for (const server of servers) server.kill('SIGKILL');
  await redis?.stop();
});

async function join(url: string, link: string, deviceId: string, name: string): Promise<Device> {
  const device = await Device.join(url, link, deviceId, name);
  devices.push(device);
  return device;
}

describe('Redis killed and restarted mid-session', () => {
  it('answers commands during the outage "unavailable", and loses nothing acknowledged', async () => {
    redis = await OwnRedis.start();
    const [a, b] = await Promise.all([ServerProcess.start({ REDIS_URL: redis.url }), ServerProcess.start({ REDIS_URL: redis.url })]);
    servers.push(a!, b!);
    const session = await createSession(a!.url);
    const rivera = await join(a!.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const kim = await join(b!.url, session.links.cotherapist, 'kim-tablet', 'Kim');
    const alice = await join(a!.url, session.links.member, 'alice-phone', 'Alice');
    const bob = await join(a!.url, session.links.member, 'bob-phone', 'Bob');
    const carmen = await join(b!.url, session.links.member, 'carmen-phone', 'Carmen');
    const dev = await join(b!.url, session.links.member, 'dev-phone', 'Dev');
    expect(await rivera.send('person:admitAll', {})).toMatchObject({ ok: true, admitted: 4 });
    expect(await alice.send('hand:raise', {})).toEqual({ ok: true });
    expect(await carmen.send('hand:raise', {})).toEqual({ ok: true });

    const togglers = [new HandToggler(bob).start(), new HandToggler(dev).start()];
    await Promise.all(togglers.map((t) => t.ackedMore(5, 10_000)));

    await redis.kill();
    // Commands while Redis is gone: each is answered, and the answer is "unavailable", never a false success.
    const during = await Promise.all([
      alice.send('hand:lower', {}),
      carmen.send('hand:lower', {}),
      kim.send('talkingPiece:set', { on: true }),
      rivera.send('queue:next', { queueVersion: rivera.latest!.turns.queueVersion }),
    ]);
    for (const ack of during) expect(ack).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await until('both togglers were told "unavailable" too', () => togglers.every((t) => (t.refusals.unavailable ?? 0) >= 3), 10_000);
    const ackedBeforeRestart = togglers.map((t) => t.acked);

    await redis.restart();
    await Promise.all(togglers.map((t) => t.ackedMore(5, 15_000)));
    await Promise.all(togglers.map((t) => t.stop()));
    for (const [i, t] of togglers.entries()) expect(t.acked).toBeGreaterThan(ackedBeforeRestart[i]!);

    const stored = (await storedSession(redis.url, session.sessionId))!;
    const queue = stored.turns.queue.map((e) => e.personId);
    // What was refused did not happen: Alice and Carmen still wait to speak, in order; no one speaks.
    expect(queue.filter((id) => id === alice.personId || id === carmen.personId)).toEqual([alice.personId, carmen.personId]);
    // What was acknowledged, before or after the outage, did.
    for (const t of togglers) {
      expect({ who: t.device.name, raised: queue.includes(t.device.personId) }).toEqual({ who: t.device.name, raised: t.lastAcked === 'raise' });
    }

    // Once the adapters are back on Redis, a command on A reaches B again.
    await until(
      'both adapters reached Redis again',
      () => [a!, b!].every((s) => s.logged('The Socket.IO adapter reached Redis again').length > 0),
      10_000,
    );
    const [lowered] = await Promise.all([
      alice.send('hand:lower', {}),
      until('Kim, on B, saw Alice lower her hand on A', () => kim.latest?.turns.queue.every((e) => e.personId !== alice.personId) === true, 5000),
    ]);
    expect(lowered).toEqual({ ok: true });
    // And every device agrees on the session as stored.
    const final = (await storedSession(redis.url, session.sessionId))!;
    await until('every device saw the last version', () => devices.every((d) => d.latest?.version === final.version), 5000);
    const shape = shapeOf(kim.latest!);
    expect(shape.speaker).toBeNull();
    expect(shape.talkingPiece).toBe(false);
    for (const d of devices) expect({ who: d.name, ...shapeOf(d.latest!) }).toEqual({ who: d.name, ...shape });
  }, 60_000);
});

import { afterAll, describe, expect, it } from 'vitest';
import { createCircle } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { SessionState } from '../../src/domain/state.js';
import type { Mutation, SessionStore, StoredChange, UpdateOutcome } from '../../src/ports/session-store.js';
import { shutDownGracefully } from '../../src/scale/shutdown.js';
import { Drain } from '../../src/scale/drain.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { ADMIN_KEY, MemoryLog, send, waitForDisconnect } from '../support/harness.js';
import { RecordingMedia } from '../support/recording-media.js';
import { Device, HandToggler } from './support/member.js';
import { createSession, deleteKeys, REDIS_URL, Sockets, uniquePrefix, until } from './support/instances.js';
import { ServerProcess } from './support/server-process.js';
import { deleteSession, shapeOf, storedSession } from './support/session-shape.js';
import { TcpProxy } from './support/tcp-proxy.js';

/** A store whose writes can be held at the door, so a command can be caught mid-flight. */
class GatedStore implements SessionStore {
  readonly kind = 'redis' as const;
  held = 0;
  #gate: Promise<void> | null = null;
  #open: () => void = () => {};

  constructor(private readonly inner: SessionStore) {}

  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }
  release(): void {
    this.#gate = null;
    this.#open();
  }
  create(state: SessionState) {
    return this.inner.create(state);
  }
  load(id: string) {
    return this.inner.load(id);
  }
  sessionIds() {
    return this.inner.sessionIds();
  }
  heard(change: StoredChange) {
    this.inner.heard(change);
  }
  async update<R>(id: string, fn: (state: SessionState) => Mutation<R>): Promise<UpdateOutcome<R>> {
    if (this.#gate) {
      this.held++;
      await this.#gate;
    }
    return this.inner.update(id, fn);
  }
  close() {
    return this.inner.close();
  }
}

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('graceful shutdown (SIGTERM)', () => {
  it('finishes and answers a command in flight, answers later ones "unavailable", then closes sockets so clients reconnect', async () => {
    const keyPrefix = uniquePrefix('drain');
    cleanup.push(() => deleteKeys(keyPrefix));
    const gated = new GatedStore(await RedisStore.connect({ url: REDIS_URL, keyPrefix, timeoutMs: 5000 }));
    const drain = new Drain();
    const log = new MemoryLog();
    const config = loadConfig({ CIRCLE_ADMIN_KEY: ADMIN_KEY, PORT: '0' });
    // Wired as main.ts wires it.
    const circle = createCircle({ config, store: drain.store(gated), media: new RecordingMedia(), log, clientDir: '/nonexistent' });
    drain.watch(circle.io);
    const url = `http://127.0.0.1:${await circle.listen(0)}`;
    const sockets = new Sockets();
    cleanup.push(() => sockets.closeAll());

    const session = await createSession(url);
    const rivera = await sockets.join(url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await sockets.join(url, session.links.member, 'alice-phone', 'Alice');
    expect(await send(rivera.socket, 'person:admitAll', {})).toMatchObject({ ok: true, admitted: 1 });

    // Alice's hand is on its way to the store when the signal comes.
    gated.hold();
    const raising = send(alice.socket, 'hand:raise', {});
    await until('the raise reached the store', () => gated.held === 1);
    const closing = [waitForDisconnect(alice.socket), waitForDisconnect(rivera.socket)];
    const stopping = shutDownGracefully({ circle, drain, store: gated, cluster: null, log });

    // From now on: new commands are refused honestly, new connections are not accepted.
    expect(await send(rivera.socket, 'queue:next', { queueVersion: 0 })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await expect(sockets.open(url, session.links.member, 'bob-phone')).rejects.toThrow();

    gated.release();
    expect(await raising).toEqual({ ok: true });
    // Closed without a Socket.IO disconnect packet: the client's own reconnection takes over.
    expect(await Promise.all(closing)).toEqual(['transport close', 'transport close']);
    await stopping;
    expect(log.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'stopped')).toMatchObject({
      unansweredCommands: 0,
      unfinishedWrites: 0,
    });

    // The raise was stored, and so were the disconnections the closing caused, before the store closed.
    const check = await RedisStore.connect({ url: REDIS_URL, keyPrefix, timeoutMs: 5000 });
    const state = (await check.load(session.sessionId))!;
    await check.close();
    expect(state.turns.queue.map((e) => e.personId)).toEqual([alice.personId]);
    expect(Object.values(state.people).flatMap((p) => Object.values(p.devices).map((d) => d.connected))).toEqual([false, false]);
  });

  it('moves the clients of a stopping process to the other one, losing no acknowledged command', async () => {
    const env = { REDIS_URL };
    const [a, b] = await Promise.all([ServerProcess.start(env), ServerProcess.start(env)]);
    cleanup.push(() => [a, b].forEach((s) => s!.kill('SIGKILL')));
    const viaA = await new TcpProxy(() => [a!.port, b!.port]).start();
    const viaB = await new TcpProxy(() => [b!.port, a!.port]).start();
    cleanup.push(() => Promise.all([viaA.close(), viaB.close()]));
    const devices: Device[] = [];
    cleanup.push(() => devices.forEach((d) => d.close()));
    const join = async (url: string, link: string, deviceId: string, name: string) => {
      const device = await Device.join(url, link, deviceId, name);
      devices.push(device);
      return device;
    };

    const session = await createSession(b!.url);
    cleanup.push(() => deleteSession(REDIS_URL, session.sessionId));
    const rivera = await join(viaA.url, session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const kim = await join(viaB.url, session.links.cotherapist, 'kim-tablet', 'Kim');
    const onA = await Promise.all(['Alice', 'Bob', 'Carmen'].map((n) => join(viaA.url, session.links.member, `${n}-phone`, n)));
    const onB = await Promise.all(['Dev', 'Ema'].map((n) => join(viaB.url, session.links.member, `${n}-phone`, n)));
    expect(await rivera.send('person:admitAll', {})).toMatchObject({ ok: true, admitted: 5 });

    // Every member raises and lowers a hand, without pause, through the shutdown.
    const togglers = [...onA, ...onB].map((d) => new HandToggler(d).start());
    await Promise.all(togglers.map((t) => t.ackedMore(5, 10_000)));

    const stoppedAt = Date.now();
    a!.kill('SIGTERM');
    expect(await a!.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(a!.logged('stopped')[0]).toMatchObject({ unansweredCommands: 0, unfinishedWrites: 0 });
    for (const d of [rivera, ...onA]) await d.rejoinedSince(stoppedAt, 10_000);

    await Promise.all(togglers.map((t) => t.ackedMore(5, 10_000)));
    await Promise.all(togglers.map((t) => t.stop()));
    const stored = (await storedSession(REDIS_URL, session.sessionId))!;
    const queue = stored.turns.queue.map((e) => e.personId);
    for (const t of togglers) {
      expect({ who: t.device.name, raised: queue.includes(t.device.personId) }).toEqual({ who: t.device.name, raised: t.lastAcked === 'raise' });
    }
    await until('every device saw the last version', () => devices.every((d) => d.latest?.version === stored.version), 5000);
    for (const d of devices) expect({ who: d.name, ...shapeOf(d.latest!) }).toEqual({ who: d.name, ...shapeOf(kim.latest!) });
  }, 60_000);
});

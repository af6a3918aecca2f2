import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Role } from '@circle/shared';
import type { SessionState } from '../../src/domain/state.js';
import { Harness, send, tokenOf, type ClientSocket } from '../support/harness.js';
import { groupScene, otherSession, UNLIMITED } from './support/scene.js';
import { fitsInAFrame, payloadOf, recipe } from './support/fuzz-commands.js';

/**
 * At least 10,000 random and mutated commands from clients of every role, over real sockets,
 * a batch at a time. Every command must be answered, the server must stay up, and the
 * session must stay sound. The seed is fixed so a failure can be replayed (FUZZ_SEED=…).
 */

const BATCHES = 100;
const BATCH_SIZE = 100;
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

type Client = {
  label: string;
  sessionId: string;
  role: Role;
  socket: ClientSocket;
  /** Gets this client's person back after a reload; null until joined, or once removed. */
  personToken: string | null;
  revivals: number;
  /** Why the server last closed this socket, if it did. */
  closedBy: string | null;
  /** It pressed Leave: it joins again at the next batch, so most of the run is spent joined. */
  left: boolean;
};

type Ack = { ok: boolean; error?: { code: string } };

let harness: Harness;
let clients: Client[];
/** The newest role links per session, as reissued during the run. */
const roleLinks = new Map<string, { member: string; observer: string }>();

function track(client: Client): Client {
  client.socket.on('disconnect', (reason) => (client.closedBy = reason));
  return client;
}

beforeAll(async () => {
  harness = await new Harness(undefined, undefined, UNLIMITED).start();
  const scene = await groupScene(harness);
  const other = await otherSession(harness);
  for (const s of [scene.session, other.session]) roleLinks.set(s.sessionId, { member: s.links.member, observer: s.links.observer });
  const sid = scene.session.sessionId;
  const client = (label: string, role: Role, socket: ClientSocket, personToken: string | null, sessionId = sid): Client =>
    track({ label, sessionId, role, socket, personToken, revivals: 0, closedBy: null, left: false });
  clients = [
    client('rivera', 'facilitator', scene.rivera.socket, scene.rivera.personToken),
    client('kim', 'cotherapist', scene.kim.socket, scene.kim.personToken),
    client('kim-tablet', 'cotherapist', await consoleDevice(scene.kim.personToken), scene.kim.personToken),
    client('alice', 'member', scene.alice.socket, scene.alice.personToken),
    client('bob', 'member', scene.bob.socket, scene.bob.personToken),
    client('oscar', 'observer', scene.oscar.socket, scene.oscar.personToken),
    client('wendy', 'member', scene.wendy.socket, scene.wendy.personToken),
    client('nadia', 'member', scene.nadia, null),
    client('zoe', 'member', other.zoe.socket, other.zoe.personToken, other.session.sessionId),
    client('lee', 'facilitator', other.lee.socket, other.lee.personToken, other.session.sessionId),
  ];
}, 30_000);
afterAll(() => harness.stop());

/** The co-therapist's tablet, as a control console on her personal link. */
async function consoleDevice(personToken: string): Promise<ClientSocket> {
  const socket = await harness.connect(personToken, 'kim-tablet');
  await send(socket, 'session:join', { deviceKind: 'console' });
  return socket;
}

async function load(sessionId: string): Promise<SessionState> {
  const state = await harness.circle.sessions.load(sessionId);
  if (!state) throw new Error(`session ${sessionId} is gone`);
  return state;
}

/**
 * A client whose socket the server closed (removed, say) comes back: by its personal link if
 * it still has a person, else by the current role link as someone new. The door may be locked
 * or the link replaced: then it stays out for this batch, which is fine.
 */
async function revive(client: Client): Promise<void> {
  if (client.socket.connected && client.left) {
    client.left = false;
    await send(client.socket, 'session:join', { deviceKind: 'media' });
  }
  if (client.socket.connected) return;
  const n = ++client.revivals;
  const links = roleLinks.get(client.sessionId)!;
  const roleLink = client.role === 'observer' ? links.observer : links.member;
  for (const token of [client.personToken, roleLink]) {
    if (!token) continue;
    try {
      const socket = await harness.connect(token, `${client.label}-r${n}`);
      Object.assign(client, { socket, closedBy: null });
      track(client);
      const ack = await send(socket, 'session:join', { name: `${client.label} ${n}`, agreed: true, deviceKind: 'media' });
      if (ack.ok) client.personToken = ack.personToken;
      return;
    } catch {
      if (token === client.personToken) client.personToken = null;
    }
  }
}

/** Sends one command as a modified client could; resolves with the ack, or with why there was none. */
async function emit(client: Client, name: string, payload: unknown): Promise<{ ack: Ack } | { none: string }> {
  const socket = client.socket.timeout(10_000) as unknown as { emitWithAck(n: string, p: unknown): Promise<Ack> };
  try {
    return { ack: await socket.emitWithAck(name, payload) };
  } catch (error) {
    return { none: String(error) };
  }
}

/** The invariants of one session's state; sentences naming what broke (empty when sound). */
function violations(state: SessionState): string[] {
  const out: string[] = [];
  const queued = state.turns.queue.map((e) => e.personId);
  if (new Set(queued).size !== queued.length) out.push(`someone is twice in the queue: ${queued.join(',')}`);
  for (const id of queued) {
    const p = state.people[id];
    if (p?.status !== 'admitted' || p.role !== 'member') out.push(`queued ${id} is not an admitted member`);
  }
  const current = state.turns.current;
  if (current) {
    const p = state.people[current.personId];
    if (p?.status !== 'admitted' || p.role !== 'member') out.push(`speaker ${current.personId} is not an admitted member`);
    if (queued.includes(current.personId)) out.push('the speaker is also in the queue');
  }
  for (const p of Object.values(state.people)) {
    if (p.status === 'removed' && Object.values(p.devices).some((d) => d.connected)) out.push(`removed ${p.id} has a connected device`);
  }
  if (state.mediaKey === null) out.push('the media key is gone');
  return out;
}

describe('command fuzz', () => {
  it(`answers ${BATCHES * BATCH_SIZE} random and mutated commands from every role and keeps the sessions sound`, async () => {
    const sessionIds = [...new Set(clients.map((c) => c.sessionId))];
    const versions = new Map<string, number>();
    for (const id of sessionIds) versions.set(id, (await load(id)).version);
    const totals = { sent: 0, ok: 0, refused: 0, cutOff: 0, codes: new Map<string, number>() };

    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), recipe), { minLength: BATCH_SIZE, maxLength: BATCH_SIZE }), async (batch) => {
        await Promise.all(clients.map(revive));
        const states = new Map<string, SessionState>();
        for (const id of sessionIds) states.set(id, await load(id));

        // Only connected clients send: a socket.io-client buffers what a closed socket emits, and would wait forever.
        const live = clients.filter((c) => c.socket.connected);
        const sent = batch.map(async ([who, r]) => {
          const client = live[who % live.length]!;
          let payload = payloadOf(r, states.get(client.sessionId)!);
          if (!fitsInAFrame(r.name, payload)) payload = {};
          const result = await emit(client, r.name, payload);
          return { client, name: r.name, result };
        });
        const results = await Promise.all(sent);

        for (const { client, name, result } of results) {
          totals.sent++;
          if ('ack' in result) {
            if (result.ack.ok) totals.ok++;
            else totals.codes.set(result.ack.error!.code, (totals.codes.get(result.ack.error!.code) ?? 0) + 1);
            if (!result.ack.ok) totals.refused++;
            // Links handed out during the run are the ones the next arrivals use.
            const link = (result.ack as { link?: string }).link;
            if (name === 'links:reissue' && link) roleLinks.get(client.sessionId)![linkRole(link)] = link;
            if (name === 'session:leave' && result.ack.ok) client.left = true;
            continue;
          }
          // The only acceptable silence: the server closed this socket on purpose (its person was removed) before answering.
          if (client.closedBy !== 'io server disconnect') throw new Error(`${name} from ${client.label} got no answer: ${result.none} (closed: ${client.closedBy})`);
          totals.cutOff++;
        }

        for (const id of sessionIds) {
          const state = await load(id);
          expect(violations(state), `session ${id}`).toEqual([]);
          expect(state.version).toBeGreaterThanOrEqual(versions.get(id)!);
          versions.set(id, state.version);
        }
      }),
      { numRuns: BATCHES, seed: SEED, endOnFailure: true },
    );

    expect(totals.sent).toBe(BATCHES * BATCH_SIZE);
    // Enough got through to move the sessions about, and enough were refused to exercise refusals.
    expect(totals.ok).toBeGreaterThan(1000);
    expect(totals.codes.get('invalid_command')).toBeGreaterThan(1000);
    expect(totals.cutOff).toBeLessThan(totals.sent / 10);
    const health = await fetch(`${harness.url}/healthz`);
    expect(health.status).toBe(200);

  }, 120_000);

  it('still lets a newcomer in afterwards', async () => {
    const session = await harness.createSession({ title: 'After the storm' });
    const socket = await harness.connect(session.links.facilitator, 'fresh-laptop');
    const ack = await send(socket, 'session:join', { name: 'Dr Rivera', agreed: true, deviceKind: 'media' });
    expect(ack.ok).toBe(true);
  });
});

/** Which role a reissued link is for, read from its signed claims. */
function linkRole(link: string): 'member' | 'observer' {
  const body = tokenOf(link).split('.')[0]!;
  return (JSON.parse(Buffer.from(body, 'base64url').toString()) as { role: 'member' | 'observer' }).role;
}

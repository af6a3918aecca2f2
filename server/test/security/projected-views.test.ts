import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, CommandResult, CreatedSession } from '@circle/shared';
import { Harness, followViews, onView, send, waitFor, waitForView, type ClientSocket } from '../support/harness.js';

/**
 * Role-projected views: members and observers never receive staff-only data. Every frame a
 * member or observer receives during a whole scripted session is kept, then searched for each
 * private value and checked field by field.
 */

const LOCATION = { city: 'Zanzibarville', region: 'Quillshire' };
const NOTE = 'watch Bob, seems withdrawn (note-7731)';
const PRIVATE_REFLECTION = 'I felt judged (private-reflection-4410)';
const SHARED_REFLECTION = 'We both find mornings hard';

let harness: Harness;
let session: CreatedSession;
const frames = new Map<string, Array<{ event: string; payload: unknown }>>();
const pieced = new Map<string, { held: unknown; whole: unknown; syncs: number }>();

type Person = { socket: ClientSocket; id: string; token: string };

async function joined(link: string, device: string, name: string, extra: object = {}): Promise<Person> {
  const socket = await harness.connect(link, device);
  const received: Array<{ event: string; payload: unknown }> = [];
  frames.set(name, received);
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  // Patches carry only what changed: the whole views they add up to are checked field by field too.
  onView(socket, (view) => received.push({ event: 'whole view', payload: { view } }));
  const ack = await send(socket, 'session:join', { name, agreed: true, deviceKind: 'media', ...extra });
  if (!ack.ok) throw new Error(ack.error.message);
  received.push({ event: 'ack:session:join', payload: ack });
  return { socket, id: ack.self.personId, token: ack.personToken };
}

beforeAll(async () => {
  harness = await new Harness().start();
  session = await harness.createSession();
  const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
  const alice = await joined(session.links.member, 'alice-phone', 'Alice', { location: LOCATION });
  const bob = await joined(session.links.member, 'bob-phone', 'Bob', { location: { city: 'Bobtown', region: 'Bobshire' } });
  const olu = await joined(session.links.observer, 'olu-laptop', 'Olu');
  await send(rivera.socket, 'person:admitAll', {});

  const staff = (command: Parameters<typeof send>[1], payload: object) => send(rivera.socket, command, payload as never);
  await staff('feelings:open', { round: 'checkIn' });
  await send(alice.socket, 'feelings:answer', { score: 3 });
  await send(bob.socket, 'feelings:answer', { score: 9 });
  await staff('note:add', { text: NOTE });
  await send(bob.socket, 'support:signal', {});
  await staff('support:acknowledge', { personId: bob.id });
  await staff('breakouts:start', { size: { kind: 'pairs' }, assignment: 'random', prompt: 'What do you share?', minutes: 10 });
  await send(alice.socket, 'reflection:save', { text: SHARED_REFLECTION, shared: true });
  await send(bob.socket, 'reflection:save', { text: PRIVATE_REFLECTION, shared: false });
  await send(bob.socket, 'breakouts:help', {});
  await staff('breakouts:close', {});
  await staff('support:start', { personId: bob.id });
  await staff('support:end', { personId: bob.id });
  await staff('feelings:open', { round: 'checkOut' });
  await send(alice.socket, 'feelings:answer', { score: 6 });
  await send(bob.socket, 'feelings:answer', { score: 2 });
  // What each connection pieced together from patches is exactly what it would be sent whole.
  for (const [name, p] of Object.entries({ 'Dr Rivera': rivera, Alice: alice, Bob: bob, Olu: olu })) {
    // Asked on the raw socket, so the answer does not feed the follower under test.
    const sync = (await p.socket.timeout(5000).emitWithAck('session:sync', {})) as Ack<CommandResult<'session:sync'>>;
    if (!sync.ok) throw new Error(sync.error.message);
    const { follower } = followViews(p.socket);
    if ((follower.view?.version ?? -1) < sync.view.version) await waitForView(p.socket, (view) => view.version >= sync.view.version);
    pieced.set(name, { held: follower.view, whole: sync.view, syncs: follower.syncs });
  }
  for (const p of [alice, bob, olu]) frames.get(p === alice ? 'Alice' : p === bob ? 'Bob' : 'Olu')!.push({ event: 'ack:session:sync', payload: await send(p.socket, 'session:sync', {}) });
  await Promise.all([staff('session:end', {}), waitFor(olu.socket, 'session:changed', ({ view }) => view.status === 'ended')]);
});
afterAll(() => harness.stop());

function text(name: string): string {
  return JSON.stringify(frames.get(name));
}

type View = {
  people: Array<{ location: unknown; e2eeSupported: unknown }>;
  waiting: unknown[];
  shares: unknown[];
  clinical: { feelings: { answers: unknown[] }; notes: unknown[] };
  support: { signals: unknown[]; rooms: Array<{ memberId: string; staffId: unknown }> };
  breakouts: { help: unknown[]; visits: unknown[] } | null;
};

function views(name: string): View[] {
  return (frames.get(name) ?? []).flatMap(({ payload }) => {
    const p = payload as { view?: View } | null;
    return p && typeof p === 'object' && p.view ? [p.view] : [];
  });
}

describe('views sent as patches', () => {
  it('add up, for staff, members and observers, through admission, breakouts and a support room, to the whole view', () => {
    expect([...pieced.keys()]).toEqual(['Dr Rivera', 'Alice', 'Bob', 'Olu']);
    for (const { held, whole, syncs } of pieced.values()) {
      expect(whole).not.toBeNull();
      expect(held).toEqual(whole);
      // No patch ever failed to follow on from the view held.
      expect(syncs).toBe(0);
    }
  });

  it('carry only what changed', () => {
    const patches = (frames.get('Alice') ?? []).filter((f) => f.event === 'session:patched');
    expect(patches.length).toBeGreaterThan(5);
    const answered = patches.map((f) => Object.keys((f.payload as { patch: { changes: object } }).patch.changes));
    // Bob's check-in answer changes the feelings spread (clinical) and nothing else Alice sees.
    expect(answered).toContainEqual(['clinical']);
  });
});

describe('what members and observers receive during a whole session', () => {
  it('captured frames for everyone', () => {
    for (const name of ['Alice', 'Bob', 'Olu']) expect(views(name).length).toBeGreaterThan(5);
    // The staff view did carry the private data, so its absence below means something.
    expect(text('Dr Rivera')).toContain(NOTE);
    expect(text('Dr Rivera')).toContain(LOCATION.city);
  });

  it.each(['Alice', 'Bob', 'Olu'])('%s never receives staff notes, locations or others’ private reflections', (name) => {
    const all = text(name);
    expect(all).not.toContain(NOTE);
    expect(all).not.toContain('note-7731');
    expect(all).not.toContain(LOCATION.city);
    expect(all).not.toContain('Bobtown');
    if (name !== 'Bob') expect(all).not.toContain('private-reflection-4410');
  });

  it.each(['Alice', 'Bob', 'Olu'])('%s never receives feelings, support signals, help requests or the waiting room', (name) => {
    for (const view of views(name)) {
      expect(view.clinical.feelings.answers).toEqual([]);
      expect(view.clinical.notes).toEqual([]);
      expect(view.support.signals).toEqual([]);
      expect(view.waiting).toEqual([]);
      expect(view.shares).toEqual([]);
      for (const person of view.people) expect(person).toMatchObject({ location: null, e2eeSupported: null });
      if (view.breakouts) expect(view.breakouts).toMatchObject({ help: [], visits: [] });
      for (const room of view.support.rooms) if (name !== 'Bob') expect(room.staffId).toBeNull();
    }
  });

  it('gives each member only their own answers, and the observer none', () => {
    const selves = (name: string) =>
      (frames.get(name) ?? []).flatMap(({ payload }) => {
        const p = payload as { self?: { personId: string; feelings: { checkIn: unknown; checkOut: unknown } } } | null;
        return p && typeof p === 'object' && p.self ? [p.self] : [];
      });
    const aliceId = selves('Alice')[0]!.personId;
    for (const self of selves('Alice')) expect(self.personId).toBe(aliceId);
    expect(selves('Alice').some((s) => s.feelings.checkIn === 3)).toBe(true);
    expect(selves('Alice').every((s) => s.feelings.checkIn !== 9 && s.feelings.checkOut !== 2)).toBe(true);
    for (const self of selves('Olu')) expect(self.feelings).toEqual({ checkIn: null, checkOut: null });
  });

  it('shows the shared reflection after the return, to members and observers alike', () => {
    for (const name of ['Alice', 'Bob', 'Olu']) expect(text(name)).toContain(SHARED_REFLECTION);
  });
});

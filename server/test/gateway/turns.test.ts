import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedSession, EventPayload, SessionView } from '@circle/shared';
import { Harness, onView, send, waitFor, type ClientSocket } from '../support/harness.js';
import { RecordingMedia } from '../support/recording-media.js';
import { TimedHarness } from '../support/timed-harness.js';

type Joined = { socket: ClientSocket; personId: string; name: string };

let harness: Harness;
let session: CreatedSession;

async function joined(link: string, device: string, name: string, deviceKind: 'media' | 'console' = 'media'): Promise<Joined> {
  const { socket, ack } = await harness.join(link, device, name, { deviceKind });
  return { socket, personId: ack.self.personId, name };
}

/**
 * Dr Rivera (facilitator, laptop), Kim (co-therapist, laptop and a tablet as console) and
 * the members named, admitted and holding their media tokens.
 */
async function circle(...names: string[]) {
  const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
  const kim = await joined(session.links.cotherapist, 'kim-laptop', 'Kim');
  const kimConsole = await joined(session.links.cotherapist, 'kim-tablet', 'Kim', 'console');
  const members: Record<string, Joined> = {};
  for (const name of names) members[name] = await joined(session.links.member, `${name.toLowerCase()}-phone`, name);
  await Promise.all([
    send(rivera.socket, 'person:admitAll', {}),
    ...Object.values(members).map((m) => waitFor(m.socket, 'media:granted')),
  ]);
  return { rivera, kim, kimConsole, members };
}

function load() {
  return harness.circle.sessions.load(session.sessionId).then((state) => {
    if (!state) throw new Error('session gone');
    return state;
  });
}

/** The speaking queue of a view, by name. */
function queueOf(view: SessionView): string[] {
  return view.turns.queue.map((e) => view.people.find((p) => p.id === e.personId)?.name ?? e.personId);
}

/** Every whole view a socket comes to hold, in order. */
function record(socket: ClientSocket): SessionView[] {
  const views: SessionView[] = [];
  onView(socket, (view) => views.push(view));
  return views;
}

describe('turn-taking on real sockets', () => {
  beforeEach(async () => {
    harness = await new Harness().start();
    session = await harness.createSession();
  });
  afterEach(() => harness.stop());

  it('shows every member the speaking queue in the order hands went up: Alice, Carmen, Bob', async () => {
    const { rivera, members } = await circle('Alice', 'Bob', 'Carmen');
    const everyone = [rivera, ...Object.values(members)];
    const seen = everyone.map((p) => waitFor(p.socket, 'session:changed', ({ view }) => view.turns.queue.length === 3));

    for (const name of ['Alice', 'Carmen', 'Bob']) expect(await send(members[name]!.socket, 'hand:raise', {})).toEqual({ ok: true });

    for (const { view } of await Promise.all(seen)) expect(queueOf(view)).toEqual(['Alice', 'Carmen', 'Bob']);
  });

  it('lets staff reorder the queue and raise a hand for a member; everyone sees it', async () => {
    const { rivera, kim, members } = await circle('Alice', 'Bob', 'Carmen');
    await send(members.Alice!.socket, 'hand:raise', {});
    await send(members.Carmen!.socket, 'hand:raise', {});
    expect(await send(kim.socket, 'hand:raise', { personId: members.Bob!.personId })).toEqual({ ok: true });

    const { queueVersion } = (await load()).turns;
    const seen = Object.values(members).map((m) => waitFor(m.socket, 'session:changed', ({ view }) => view.turns.queueVersion > queueVersion));
    expect(await send(rivera.socket, 'queue:move', { personId: members.Bob!.personId, toIndex: 0, queueVersion })).toEqual({ ok: true });
    for (const { view } of await Promise.all(seen)) expect(queueOf(view)).toEqual(['Bob', 'Alice', 'Carmen']);

    expect(await send(rivera.socket, 'queue:remove', { personId: members.Alice!.personId, queueVersion: queueVersion + 1 })).toEqual({ ok: true });
    expect((await load()).turns.queue.map((e) => e.personId)).toEqual([members.Bob!.personId, members.Carmen!.personId]);
  });

  it('advances once when the facilitator and the co-therapist’s console press Next speaker at the same moment', async () => {
    const { rivera, kimConsole, members } = await circle('Alice', 'Bob');
    await send(members.Alice!.socket, 'hand:raise', {});
    await send(members.Bob!.socket, 'hand:raise', {});
    const before = await load();
    const { queueVersion } = before.turns;
    const staff = [rivera, kimConsole];
    const views = staff.map((s) => record(s.socket));

    const acks = await Promise.all(staff.map((s) => send(s.socket, 'queue:next', { queueVersion })));

    expect(acks.filter((a) => a.ok)).toEqual([{ ok: true }]);
    const loser = acks.findIndex((a) => !a.ok);
    expect(acks[loser]).toMatchObject({ ok: false, error: { code: 'stale_version' } });
    const after = await load();
    expect(after.version).toBe(before.version + 1);
    expect(after.turns.current?.personId).toBe(members.Alice!.personId);
    expect(after.turns.queue.map((e) => e.personId)).toEqual([members.Bob!.personId]);
    // The refusal came with the fresh state: it is emitted before the ack, on the same connection.
    expect(views[loser]!.at(-1)).toMatchObject({ version: after.version, turns: { queueVersion: after.turns.queueVersion } });
  });

  it('answers a stale queue command with the fresh state, though nothing changed', async () => {
    const { rivera, kimConsole, members } = await circle('Alice');
    const old = (await load()).turns.queueVersion;
    await send(members.Alice!.socket, 'hand:raise', {});
    const now = await load();

    // The whole view as sent, not as followed: this console already holds that version from a patch.
    const sent = new Promise<EventPayload<'session:changed'>>((resolve) => kimConsole.socket.once('session:changed', resolve));
    const [ack, fresh] = await Promise.all([send(kimConsole.socket, 'queue:next', { queueVersion: old }), sent]);
    expect(ack).toMatchObject({ ok: false, error: { code: 'stale_version' } });
    // Nothing changed, yet the view came: it is the catch-up, with the queue as it is now.
    expect(fresh.view).toMatchObject({ version: now.version, turns: { queueVersion: now.turns.queueVersion } });
    expect(fresh.view.shares).toHaveLength(1); // the staff view
    expect(await load()).toEqual(now);
    // And with the fresh version the same command goes through.
    expect(await send(rivera.socket, 'queue:next', { queueVersion: fresh.view.turns.queueVersion })).toEqual({ ok: true });
  });

  it('refuses a member who crafts Next speaker, changes nothing, and keeps serving', async () => {
    const { members } = await circle('Alice', 'Bob');
    await send(members.Bob!.socket, 'hand:raise', {});
    const before = await load();
    const forged = await send(members.Alice!.socket, 'queue:next', { queueVersion: before.turns.queueVersion });
    expect(forged).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const asBob = await send(members.Alice!.socket, 'hand:lower', { personId: members.Bob!.personId });
    expect(asBob).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await load()).toEqual(before);
    expect(await send(members.Alice!.socket, 'hand:raise', {})).toEqual({ ok: true });
  });

  it('answers bad input with an error ack and keeps serving', async () => {
    const { rivera, members } = await circle('Alice');
    const before = await load();
    const noVersion = await send(rivera.socket, 'queue:next', {} as never);
    expect(noVersion).toMatchObject({ ok: false, error: { code: 'invalid_command', message: 'queueVersion is required' } });
    const nobody = await send(rivera.socket, 'hand:raise', { personId: 'nobody00' });
    expect(nobody).toMatchObject({ ok: false, error: { code: 'not_present' } });
    const shortTurn = await send(rivera.socket, 'timer:set', { seconds: 5, autoEnd: true });
    expect(shortTurn).toMatchObject({ ok: false, error: { code: 'invalid_command', message: 'A turn must be at least 15 seconds' } });
    const noRound = await send(members.Alice!.socket, 'turn:pass', {});
    expect(noRound).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await load()).toEqual(before);
    expect(await send(members.Alice!.socket, 'hand:raise', {})).toEqual({ ok: true });
  });

  it('tells a member the facilitator muted them, and soft-mutes their microphone', async () => {
    const { rivera, members } = await circle('Alice', 'Bob');
    const media = harness.media as RecordingMedia;
    const [ack, notice] = await Promise.all([
      send(rivera.socket, 'mic:mute', { personId: members.Alice!.personId }),
      waitFor(members.Alice!.socket, 'notice:shown'),
    ]);
    expect(ack).toEqual({ ok: true, muted: 1 });
    expect(notice.kind).toBe('mutedByStaff');
    expect(media.calls.filter((c) => c.startsWith('muteMicrophone'))).toEqual([
      `muteMicrophone circle-${session.sessionId} ${members.Alice!.personId}.alice-phone`,
    ]);
  });

  it('mutes every member and no staff on Mute everyone', async () => {
    const { rivera, kim, members } = await circle('Alice', 'Bob');
    const media = harness.media as RecordingMedia;
    const staffNotices: string[] = [];
    kim.socket.on('notice:shown', ({ kind }) => staffNotices.push(kind));
    const [ack] = await Promise.all([
      send(rivera.socket, 'mic:muteAll', {}),
      ...Object.values(members).map((m) => waitFor(m.socket, 'notice:shown', ({ kind }) => kind === 'mutedByStaff')),
    ]);
    expect(ack).toEqual({ ok: true, muted: 2 });
    expect(media.calls.filter((c) => c.startsWith('muteMicrophone')).sort()).toEqual(
      [`${members.Alice!.personId}.alice-phone`, `${members.Bob!.personId}.bob-phone`].map((id) => `muteMicrophone circle-${session.sessionId} ${id}`).sort(),
    );
    expect(staffNotices).toEqual([]);
  });

  it('holds members’ microphones closed in talking-piece mode and tells them so', async () => {
    const { rivera, kim, members } = await circle('Alice', 'Bob');
    const media = harness.media as RecordingMedia;
    const [ack, aliceSelf] = await Promise.all([
      send(rivera.socket, 'talkingPiece:set', { on: true }),
      waitFor(members.Alice!.socket, 'self:changed'),
    ]);
    expect(ack).toEqual({ ok: true });
    expect(aliceSelf.self.micAllowed).toBe(false);
    const permissions = media.calls.filter((c) => c.startsWith('updatePermission'));
    expect(permissions).toHaveLength(2);
    expect(permissions.some((c) => c.includes(kim.personId) || c.includes(rivera.personId))).toBe(false);

    await send(members.Alice!.socket, 'hand:raise', {});
    const { queueVersion } = (await load()).turns;
    const [, granted] = await Promise.all([
      send(rivera.socket, 'queue:next', { queueVersion }),
      waitFor(members.Alice!.socket, 'self:changed', ({ self }) => self.micAllowed),
    ]);
    expect(granted.self.micAllowed).toBe(true);
  });
});

describe('the turn timer on real sockets', () => {
  let timed: TimedHarness;

  beforeEach(async () => {
    timed = await new TimedHarness().start();
    harness = timed;
    session = await harness.createSession();
  });
  afterEach(() => harness.stop());

  it('ends a turn by itself when its time is up and the facilitator chose that', async () => {
    const { rivera, members } = await circle('Alice', 'Bob');
    expect(await send(rivera.socket, 'timer:set', { seconds: 60, autoEnd: true })).toEqual({ ok: true });
    await send(members.Alice!.socket, 'hand:raise', {});
    await send(members.Bob!.socket, 'hand:raise', {});
    const started = timed.clock.now();
    const [ack, turn] = await Promise.all([
      send(rivera.socket, 'queue:next', { queueVersion: (await load()).turns.queueVersion }),
      waitFor(members.Bob!.socket, 'session:changed', ({ view }) => view.turns.current !== null),
    ]);
    expect(ack).toEqual({ ok: true });
    expect(turn.view.turns.current).toEqual({ personId: members.Alice!.personId, source: 'hand', startedAt: started, endsAt: started + 60_000 });
    expect(timed.timers.dueTimes()).toEqual([started + 60_000]);

    timed.timers.advance(59_999);
    expect((await load()).turns.current?.personId).toBe(members.Alice!.personId);

    const ended = Promise.all(
      [rivera, ...Object.values(members)].map((p) => waitFor(p.socket, 'session:changed', ({ view }) => view.turns.current === null)),
    );
    timed.timers.advance(1);
    for (const { view } of await ended) expect(queueOf(view)).toEqual(['Bob']);
    expect(timed.timers.dueTimes()).toEqual([]);
  });

  it('leaves the turn running when turns do not end by themselves', async () => {
    const { rivera, members } = await circle('Alice');
    await send(rivera.socket, 'timer:set', { seconds: 60, autoEnd: false });
    await send(members.Alice!.socket, 'hand:raise', {});
    await send(rivera.socket, 'queue:next', { queueVersion: (await load()).turns.queueVersion });
    expect(timed.timers.dueTimes()).toEqual([]);
    timed.timers.advance(10 * 60_000);
    expect((await load()).turns.current?.personId).toBe(members.Alice!.personId);
  });

  it('follows a change of the timer during a turn', async () => {
    const { rivera, members } = await circle('Alice');
    await send(rivera.socket, 'timer:set', { seconds: 60, autoEnd: true });
    await send(members.Alice!.socket, 'hand:raise', {});
    await send(rivera.socket, 'queue:next', { queueVersion: (await load()).turns.queueVersion });
    const started = timed.clock.now();
    // The facilitator gives Alice two more minutes while she speaks.
    await send(rivera.socket, 'timer:set', { seconds: 180, autoEnd: true });
    expect(timed.timers.dueTimes()).toEqual([started + 180_000]);

    const ended = waitFor(members.Alice!.socket, 'session:changed', ({ view }) => view.turns.current === null);
    timed.timers.advance(180_000);
    await ended;
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSession, EventPayload } from '@circle/shared';
import { ADMIN_KEY, Harness, send, tokenOf, waitFor, waitForDisconnect } from '../support/harness.js';
import type { RecordingMedia } from '../support/recording-media.js';
import { join, type Joined } from './support/scene.js';

/**
 * A whole session, scripted on real sockets with distinctive names and a note-like title, then
 * every log line is searched for anything personal or secret. The log is the in-memory one:
 * no redaction, so this tests what the code passes to the logger, not pino's second guard.
 */

const NAMES = {
  rivera: 'Dr Imogen Rivera-Thistlewood',
  kim: 'Kim Okonkwo-Laurent',
  alice: 'Alice Zephyrine',
  bob: 'Bartholomew Quince',
  carmen: 'Carmen Villanueva-Oyelaran',
  oscar: 'Oscar Pemberton-Vale',
  /** Sits with the facilitator in the physical room. */
  harriet: 'Harriet Featherstonehaugh',
};
const LOCATION = { city: 'Hebden Bridge', region: 'Calderdale Borough' };
/** Free text people type: the title, a staff note, a breakout prompt, a reflection, a broadcast, and a note where a name goes. */
const TITLE = 'Grief group — Alice Z. relapsed after the funeral';
const NOTE = 'I have been having panic attacks since the accident in Leeds';
const STAFF_NOTE = 'Alice disclosed passive suicidal ideation; safety plan reviewed';
const PROMPT = 'Talk about the moment this week you felt most alone';
const REFLECTION = 'When my father drinks I go quiet and count the tiles';
const BROADCAST = 'Bartholomew, please check your messages';

type Audit = { audit: true; sessionId: string; actorId: string | null; role: string; command: string; targetId?: string; outcome: string };

let harness: Harness;
let session: CreatedSession;
let people: Record<Exclude<keyof typeof NAMES, 'harriet'>, Joined>;
const secrets: string[] = [];
/** The session as stored at the end of the script. */
let state: unknown;

beforeAll(async () => {
  harness = await new Harness().start();
  session = await harness.createSession({ title: TITLE });
  const { links } = session;
  const rivera = await join(harness, links.facilitator, 'rivera-laptop', NAMES.rivera);
  const kim = await join(harness, links.cotherapist, 'kim-tablet', NAMES.kim);
  const keys: string[] = [];
  const joinRecordingKeys = async (link: string, device: string, name: string, extra: object = {}) => {
    const joined = await join(harness, link, device, name, { e2eeSupported: true, ...extra });
    joined.socket.on('media:key', (k: EventPayload<'media:key'>) => keys.push(k.key));
    return joined;
  };
  const alice = await joinRecordingKeys(links.member, 'alice-phone', NAMES.alice, { location: LOCATION });
  const bob = await joinRecordingKeys(links.member, 'bob-laptop', NAMES.bob);
  const carmen = await joinRecordingKeys(links.member, 'carmen-phone', NAMES.carmen);
  const oscar = await joinRecordingKeys(links.observer, 'oscar-laptop', NAMES.oscar);
  people = { rivera, kim, alice, bob, carmen, oscar };

  // Someone types a note where a name goes, and a name where an id goes: refused, and not logged.
  const stranger = await harness.connect(links.member, 'stranger-phone');
  await send(stranger, 'session:join', { name: NOTE, agreed: true, deviceKind: 'media' });
  await send(rivera.socket, 'person:admit', { personId: 'AliceZephyrine' });

  await send(rivera.socket, 'person:admit', { personId: alice.id });
  await send(kim.socket, 'person:admitAll', {});
  await send(rivera.socket, 'session:lock', { locked: true });
  await send(alice.socket, 'hand:raise', {});
  await send(bob.socket, 'hand:raise', {});
  let version = (await harness.circle.sessions.load(session.sessionId))!.turns.queueVersion;
  await send(rivera.socket, 'queue:next', { queueVersion: version });
  await send(rivera.socket, 'timer:set', { seconds: 120, autoEnd: false });
  await send(rivera.socket, 'mic:mute', { personId: bob.id });
  await send(rivera.socket, 'mic:muteAll', {});
  await send(rivera.socket, 'talkingPiece:set', { on: true });
  version = (await harness.circle.sessions.load(session.sessionId))!.turns.queueVersion;
  await send(kim.socket, 'turn:end', { queueVersion: version });
  await send(kim.socket, 'goRound:start', {});
  await send(alice.socket, 'turn:pass', {});
  await send(kim.socket, 'goRound:end', {});
  await send(rivera.socket, 'roster:addInRoom', { name: NAMES.harriet });
  await send(rivera.socket, 'feelings:open', { round: 'checkIn' });
  await send(alice.socket, 'feelings:answer', { score: 3 });
  await send(kim.socket, 'note:add', { text: STAFF_NOTE });
  await send(rivera.socket, 'attendance:export', {});
  const split = await send(rivera.socket, 'breakouts:start', { size: { kind: 'pairs' }, assignment: 'random', prompt: PROMPT, minutes: 10 });
  if (!split.ok) throw new Error(`breakouts: ${split.error.message}`);
  await send(alice.socket, 'reflection:save', { text: REFLECTION, shared: true });
  await send(rivera.socket, 'breakouts:broadcast', { text: BROADCAST });
  await send(alice.socket, 'breakouts:help', {});
  await send(rivera.socket, 'breakouts:close', {});
  await send(bob.socket, 'support:signal', {});
  await send(kim.socket, 'support:start', { personId: bob.id });
  await send(kim.socket, 'support:end', { personId: bob.id });
  await send(rivera.socket, 'person:sendToWaiting', { personId: bob.id });
  await send(rivera.socket, 'person:admit', { personId: bob.id });
  const reissued = await send(rivera.socket, 'links:reissue', { role: 'member' });
  await send(rivera.socket, 'session:lock', { locked: false });
  // The media server fails during a removal: the warning must not carry anything personal either.
  (harness.media as RecordingMedia).failing = true;
  await Promise.all([send(rivera.socket, 'person:remove', { personId: carmen.id }), waitForDisconnect(carmen.socket)]);
  (harness.media as RecordingMedia).failing = false;
  await send(oscar.socket, 'session:leave', {});
  const dropped = waitFor(rivera.socket, 'session:changed', ({ view }) => !view.people.find((p) => p.id === bob.id)?.present);
  bob.socket.disconnect();
  await dropped;

  const loaded = await harness.circle.sessions.load(session.sessionId);
  state = loaded;
  const grants = (harness.media as RecordingMedia).tokens.map((t) => `token-for-${t.identity}`);
  secrets.push(
    ...Object.values(NAMES),
    ...Object.values(NAMES).flatMap((n) => n.split(/[ -]/).filter((part) => part.length > 4)),
    TITLE,
    NOTE,
    STAFF_NOTE,
    PROMPT,
    REFLECTION,
    BROADCAST,
    LOCATION.city,
    LOCATION.region,
    ADMIN_KEY,
    ...Object.values(session.links).map(tokenOf),
    ...Object.values(people).map((p) => p.personToken),
    reissued.ok ? tokenOf(reissued.link) : 'missing reissued link',
    ...keys,
    loaded!.mediaKey!.key,
    ...grants,
  );
}, 30_000);
afterAll(() => harness.stop());

const audits = () => harness.log.lines.map((l) => JSON.parse(l) as Partial<Audit>).filter((l): l is Audit => l.audit === true);

describe('logs', () => {
  it('hold no name, note, title, link, token or key', () => {
    expect(harness.log.lines.length).toBeGreaterThan(20);
    expect(secrets.length).toBeGreaterThan(30);
    // The script really did store the personal values it then looks for.
    const stored = JSON.stringify(state);
    for (const value of [NAMES.harriet, STAFF_NOTE, LOCATION.city, REFLECTION]) expect(stored).toContain(value);
    const leaks = secrets.flatMap((secret) => harness.log.lines.filter((line) => line.includes(secret)).map((line) => ({ secret, line })));
    expect(leaks).toEqual([]);
  });

  it('keep an audit trail of joins, admissions, removals, sends to waiting and staff actions, by opaque id', () => {
    const { rivera, kim, alice, bob, carmen, oscar } = people;
    const trail = audits().map(({ actorId, command, targetId, outcome }) => ({ actorId, command, targetId, outcome }));
    expect(trail).toEqual(
      expect.arrayContaining([
        { actorId: alice.id, command: 'session:join', targetId: undefined, outcome: 'ok' },
        { actorId: rivera.id, command: 'person:admit', targetId: alice.id, outcome: 'ok' },
        { actorId: kim.id, command: 'person:admitAll', targetId: undefined, outcome: 'ok' },
        { actorId: rivera.id, command: 'session:lock', targetId: undefined, outcome: 'ok' },
        { actorId: rivera.id, command: 'mic:mute', targetId: bob.id, outcome: 'ok' },
        { actorId: rivera.id, command: 'person:sendToWaiting', targetId: bob.id, outcome: 'ok' },
        { actorId: rivera.id, command: 'links:reissue', targetId: undefined, outcome: 'ok' },
        { actorId: rivera.id, command: 'person:remove', targetId: carmen.id, outcome: 'ok' },
        { actorId: oscar.id, command: 'session:leave', targetId: undefined, outcome: 'ok' },
        { actorId: kim.id, command: 'note:add', targetId: undefined, outcome: 'ok' },
        { actorId: kim.id, command: 'support:start', targetId: bob.id, outcome: 'ok' },
        // Refusals are kept too, without the target the client named.
        { actorId: null, command: 'session:join', targetId: undefined, outcome: 'invalid_command' },
        { actorId: rivera.id, command: 'person:admit', targetId: undefined, outcome: 'not_found' },
      ]),
    );
    expect(audits().every((a) => a.sessionId === session.sessionId)).toBe(true);
  });

  it('leave out members’ own reads and passes', () => {
    const commands = new Set(audits().map((a) => a.command));
    for (const quiet of ['session:sync', 'media:renew', 'turn:pass']) expect(commands.has(quiet)).toBe(false);
    expect(audits().some((a) => a.command === 'hand:raise')).toBe(false);
  });
});

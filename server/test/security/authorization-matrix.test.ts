import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames, ConnectRefusal, PROTOCOL_VERSION, type CommandName, type CommandPayload, type ErrorCode } from '@circle/shared';
import type { SessionState } from '../../src/domain/state.js';
import { Harness, send, tokenOf, type ClientSocket } from '../support/harness.js';
import { groupScene, otherSession, UNLIMITED, type Scene } from './support/scene.js';
import { commandAfterRefusal } from './support/raw-socket.js';

/**
 * Every command × everyone who could send it, on real sockets, each cell in a fresh group so
 * no cell depends on another. A refused command must leave the session exactly as it was.
 */

/** Who sends: the roles of the group, someone waiting or not yet joined, a member of another session, and a socket without a valid link. */
const SENDERS = ['facilitator', 'cotherapist', 'member', 'observer', 'waiting', 'notJoined', 'otherSession', 'unauthenticated'] as const;
type Sender = (typeof SENDERS)[number];

/** `ok`, the refusal's code, or `handshake`: the connection never gets that far. */
type Outcome = 'ok' | ErrorCode | 'handshake';
type Expected = Record<Sender, Outcome>;

type Case = {
  label: string;
  /** Brings the group to where the command makes sense (someone in line, a go-round running). */
  setup?: (scene: Scene) => Promise<void>;
  payload: (scene: Scene, state: SessionState) => unknown;
  expected: Expected;
};

/** A socket without a valid link never gets to send anything. */
const AT_HANDSHAKE = 'handshake' as const;

function staffOnly(): Expected {
  return { facilitator: 'ok', cotherapist: 'ok', member: 'forbidden', observer: 'forbidden', waiting: 'forbidden', notJoined: 'forbidden', otherSession: 'forbidden', unauthenticated: AT_HANDSHAKE };
}

async function must<K extends CommandName>(socket: ClientSocket, name: K, payload: CommandPayload<K>): Promise<void> {
  const ack = await send(socket, name, payload);
  if (!ack.ok) throw new Error(`setup: ${name} refused: ${ack.error.message}`);
}

const raise = (who: 'alice' | 'bob') => (scene: Scene) => must(scene[who].socket, 'hand:raise', {});
const bobAndAliceInLine = async (scene: Scene) => {
  await raise('bob')(scene);
  await raise('alice')(scene);
};
const bobSpeaking = async (scene: Scene) => {
  await raise('bob')(scene);
  const { queueVersion } = (await load(scene.session.sessionId)).turns;
  await must(scene.rivera.socket, 'queue:next', { queueVersion });
};
const goRound = (scene: Scene) => must(scene.rivera.socket, 'goRound:start', {});
const feelingsOpen = (scene: Scene) => must(scene.rivera.socket, 'feelings:open', { round: 'checkIn' });
/** Alice in room r1, Bob in r2. */
const breakoutsRunning = (scene: Scene) =>
  must(scene.rivera.socket, 'breakouts:start', {
    size: { kind: 'rooms', count: 2 },
    assignment: { rooms: [[scene.alice.id], [scene.bob.id]] },
    prompt: 'What helped this week?',
    minutes: 10,
  });

/** Keyed by command, so a command added to the protocol without a row fails to compile and the test below fails to run. */
const MATRIX: Record<CommandName, Case[]> = {
  'session:join': [
    {
      label: 'again, from the same device',
      payload: () => ({ deviceKind: 'media' }),
      // Someone not yet joined gives no name: a new person needs one.
      expected: { facilitator: 'ok', cotherapist: 'ok', member: 'ok', observer: 'ok', waiting: 'ok', notJoined: 'invalid_command', otherSession: 'ok', unauthenticated: AT_HANDSHAKE },
    },
  ],
  'session:leave': [
    {
      label: 'from this device',
      payload: () => ({}),
      expected: { facilitator: 'ok', cotherapist: 'ok', member: 'ok', observer: 'ok', waiting: 'ok', notJoined: 'forbidden', otherSession: 'ok', unauthenticated: AT_HANDSHAKE },
    },
  ],
  'session:sync': [
    {
      label: 'the current view',
      payload: () => ({}),
      expected: { facilitator: 'ok', cotherapist: 'ok', member: 'ok', observer: 'ok', waiting: 'ok', notJoined: 'forbidden', otherSession: 'ok', unauthenticated: AT_HANDSHAKE },
    },
  ],
  'media:renew': [
    {
      label: 'a fresh media token',
      payload: () => ({}),
      expected: { facilitator: 'ok', cotherapist: 'ok', member: 'ok', observer: 'ok', waiting: 'forbidden', notJoined: 'forbidden', otherSession: 'ok', unauthenticated: AT_HANDSHAKE },
    },
  ],
  'person:admit': [{ label: 'Wendy', payload: (s) => ({ personId: s.wendy.id }), expected: staffOnly() }],
  'person:admitAll': [{ label: 'everyone waiting', payload: () => ({}), expected: staffOnly() }],
  'person:sendToWaiting': [{ label: 'Bob', payload: (s) => ({ personId: s.bob.id }), expected: staffOnly() }],
  'person:remove': [{ label: 'Bob', payload: (s) => ({ personId: s.bob.id }), expected: staffOnly() }],
  'hand:raise': [
    { label: "Bob's hand, for him", payload: (s) => ({ personId: s.bob.id }), expected: staffOnly() },
    {
      label: 'their own hand',
      payload: () => ({}),
      // Only members take turns.
      expected: { facilitator: 'forbidden', cotherapist: 'forbidden', member: 'ok', observer: 'forbidden', waiting: 'forbidden', notJoined: 'forbidden', otherSession: 'ok', unauthenticated: AT_HANDSHAKE },
    },
  ],
  'hand:lower': [
    { label: "Bob's hand, for him", setup: raise('bob'), payload: (s) => ({ personId: s.bob.id }), expected: staffOnly() },
    {
      label: 'their own hand',
      setup: raise('alice'),
      payload: () => ({}),
      expected: { facilitator: 'ok', cotherapist: 'ok', member: 'ok', observer: 'ok', waiting: 'forbidden', notJoined: 'forbidden', otherSession: 'ok', unauthenticated: AT_HANDSHAKE },
    },
  ],
  'queue:move': [
    { label: 'Bob behind Alice', setup: bobAndAliceInLine, payload: (s, st) => ({ personId: s.bob.id, toIndex: 1, queueVersion: st.turns.queueVersion }), expected: staffOnly() },
  ],
  'queue:remove': [
    { label: 'Bob', setup: raise('bob'), payload: (s, st) => ({ personId: s.bob.id, queueVersion: st.turns.queueVersion }), expected: staffOnly() },
  ],
  'queue:next': [{ label: 'Bob is first', setup: raise('bob'), payload: (_s, st) => ({ queueVersion: st.turns.queueVersion }), expected: staffOnly() }],
  'turn:end': [{ label: "Bob's turn", setup: bobSpeaking, payload: (_s, st) => ({ queueVersion: st.turns.queueVersion }), expected: staffOnly() }],
  'turn:pass': [
    {
      label: 'during a go-round',
      setup: goRound,
      payload: () => ({}),
      // Only someone the round is waiting for can pass; Zoe's session has no round.
      expected: { facilitator: 'conflict', cotherapist: 'conflict', member: 'ok', observer: 'conflict', waiting: 'forbidden', notJoined: 'forbidden', otherSession: 'conflict', unauthenticated: AT_HANDSHAKE },
    },
  ],
  'timer:set': [{ label: 'one minute', payload: () => ({ seconds: 60, autoEnd: false }), expected: staffOnly() }],
  'goRound:start': [{ label: 'everyone', payload: () => ({}), expected: staffOnly() }],
  'goRound:end': [{ label: 'the running round', setup: goRound, payload: () => ({}), expected: staffOnly() }],
  'mic:mute': [{ label: 'Bob', payload: (s) => ({ personId: s.bob.id }), expected: staffOnly() }],
  'mic:muteAll': [{ label: 'everyone', payload: () => ({}), expected: staffOnly() }],
  'talkingPiece:set': [{ label: 'on', payload: () => ({ on: true }), expected: staffOnly() }],
  'session:lock': [{ label: 'lock', payload: () => ({ locked: true }), expected: staffOnly() }],
  'links:reissue': [{ label: 'the member link', payload: () => ({ role: 'member' }), expected: staffOnly() }],
  'roster:addInRoom': [{ label: 'Harriet, in the room', payload: () => ({ name: 'Harriet' }), expected: staffOnly() }],
  'agenda:set': [{ label: 'two phases', payload: () => ({ phases: ['Check-in', 'Sharing'] }), expected: staffOnly() }],
  'agenda:goTo': [{ label: 'the second phase', payload: () => ({ index: 1 }), expected: staffOnly() }],
  'feelings:open': [{ label: 'check-in', payload: () => ({ round: 'checkIn' }), expected: staffOnly() }],
  'feelings:close': [{ label: 'the open round', setup: feelingsOpen, payload: () => ({}), expected: staffOnly() }],
  'feelings:answer': [
    {
      label: 'for themselves',
      setup: feelingsOpen,
      payload: () => ({ score: 6 }),
      // Only members answer; Zoe's session has no round open.
      expected: { facilitator: 'forbidden', cotherapist: 'forbidden', member: 'ok', observer: 'forbidden', waiting: 'forbidden', notJoined: 'forbidden', otherSession: 'conflict', unauthenticated: AT_HANDSHAKE },
    },
    {
      label: 'for someone in the room',
      setup: async (scene) => {
        await feelingsOpen(scene);
        await must(scene.rivera.socket, 'roster:addInRoom', { name: 'Harriet' });
      },
      payload: (_s, st) => ({ score: 6, personId: Object.values(st.people).find((p) => p.attendance === 'inRoom')?.id }),
      expected: { ...staffOnly(), otherSession: 'conflict' },
    },
  ],
  'note:add': [{ label: 'a staff note', payload: () => ({ text: 'Alice seemed withdrawn today' }), expected: staffOnly() }],
  'session:end': [{ label: 'for everyone', payload: () => ({}), expected: staffOnly() }],
  'attendance:export': [{ label: 'the record', payload: () => ({}), expected: staffOnly() }],
  'breakouts:start': [
    {
      label: 'pairs, at random',
      payload: () => ({ size: { kind: 'pairs' }, assignment: 'random', prompt: 'What helped this week?', minutes: 10 }),
      expected: staffOnly(),
    },
  ],
  'breakouts:close': [{ label: 'the running breakouts', setup: breakoutsRunning, payload: () => ({}), expected: staffOnly() }],
  'breakouts:extend': [{ label: 'five minutes', setup: breakoutsRunning, payload: () => ({ minutes: 5 }), expected: staffOnly() }],
  'breakouts:broadcast': [{ label: 'to every room', setup: breakoutsRunning, payload: () => ({ text: 'Two minutes left' }), expected: staffOnly() }],
  'breakouts:move': [{ label: 'Bob to room 1', setup: breakoutsRunning, payload: (s) => ({ personId: s.bob.id, roomId: 'r1' }), expected: staffOnly() }],
  'breakouts:visit': [{ label: 'room 1', setup: breakoutsRunning, payload: () => ({ roomId: 'r1' }), expected: staffOnly() }],
  'breakouts:help': [
    {
      label: 'from a breakout room',
      setup: breakoutsRunning,
      payload: () => ({}),
      // Only someone in a breakout room asks; Zoe's session has none.
      expected: { facilitator: 'conflict', cotherapist: 'conflict', member: 'ok', observer: 'conflict', waiting: 'forbidden', notJoined: 'forbidden', otherSession: 'conflict', unauthenticated: AT_HANDSHAKE },
    },
  ],
  'breakouts:ackHelp': [
    {
      label: "Alice's room",
      setup: async (scene) => {
        await breakoutsRunning(scene);
        await must(scene.alice.socket, 'breakouts:help', {});
      },
      payload: () => ({ roomId: 'r1' }),
      expected: staffOnly(),
    },
  ],
  'reflection:save': [
    {
      label: 'in a breakout',
      setup: breakoutsRunning,
      payload: () => ({ text: 'I noticed I hold my breath when I talk about home', shared: false }),
      expected: { facilitator: 'conflict', cotherapist: 'conflict', member: 'ok', observer: 'conflict', waiting: 'forbidden', notJoined: 'forbidden', otherSession: 'conflict', unauthenticated: AT_HANDSHAKE },
    },
  ],
  'support:signal': [
    {
      label: 'I need support',
      payload: () => ({}),
      expected: { facilitator: 'forbidden', cotherapist: 'forbidden', member: 'ok', observer: 'forbidden', waiting: 'forbidden', notJoined: 'forbidden', otherSession: 'ok', unauthenticated: AT_HANDSHAKE },
    },
  ],
  'support:acknowledge': [
    { label: "Alice's signal", setup: (scene) => must(scene.alice.socket, 'support:signal', {}), payload: (s) => ({ personId: s.alice.id }), expected: staffOnly() },
  ],
  'support:start': [{ label: 'with Bob', payload: (s) => ({ personId: s.bob.id }), expected: staffOnly() }],
  'support:end': [
    {
      label: "Bob's support room",
      setup: (scene) => must(scene.rivera.socket, 'support:start', { personId: scene.bob.id }),
      payload: (s) => ({ personId: s.bob.id }),
      expected: staffOnly(),
    },
  ],
};

let harness: Harness;
beforeAll(async () => {
  harness = await new Harness(undefined, undefined, UNLIMITED).start();
});
afterAll(() => harness.stop());

async function load(sessionId: string): Promise<SessionState> {
  const state = await harness.circle.sessions.load(sessionId);
  if (!state) throw new Error('session missing');
  return state;
}

/** Sends one command as one sender in a fresh group; returns what differs from the expectation (empty: as expected). */
async function runCell(name: CommandName, row: Case, sender: Sender): Promise<string[]> {
  const scene = await groupScene(harness);
  await row.setup?.(scene);
  const before = await load(scene.session.sessionId);
  const payload = row.payload(scene, before);
  const expected = row.expected[sender];

  if (sender === 'unauthenticated') {
    // A forged token, and a client that sends the command anyway after the refusal.
    const attempt = await commandAfterRefusal(harness.url, { protocol: PROTOCOL_VERSION, token: 'forged.token', deviceId: 'intruder-1' }, name, payload);
    const problems: string[] = [];
    if (attempt.refusal?.data?.code !== ConnectRefusal.invalidLink) problems.push(`handshake not refused: ${JSON.stringify(attempt.refusal)}`);
    if (attempt.acked) problems.push('a command was answered without a handshake');
    if (!equal(await load(scene.session.sessionId), before)) problems.push('the session changed');
    return problems;
  }

  const socket = await senderSocket(scene, sender);
  const ack = await (socket.timeout(5000) as unknown as { emitWithAck(n: string, p: unknown): Promise<{ ok: boolean; error?: { code: string } }> }).emitWithAck(name, payload);
  const outcome = ack.ok ? 'ok' : ack.error?.code;
  const problems: string[] = [];
  if (outcome !== expected) problems.push(`expected ${expected}, got ${outcome}`);
  const after = await load(scene.session.sessionId);
  // A refused command changes nothing; a member of another session changes nothing here, whatever they send.
  if ((!ack.ok || sender === 'otherSession') && !equal(after, before)) problems.push('the session changed');
  return problems;
}

async function senderSocket(scene: Scene, sender: Exclude<Sender, 'unauthenticated'>): Promise<ClientSocket> {
  switch (sender) {
    case 'facilitator':
      return scene.rivera.socket;
    case 'cotherapist':
      return scene.kim.socket;
    case 'member':
      return scene.alice.socket;
    case 'observer':
      return scene.oscar.socket;
    case 'waiting':
      return scene.wendy.socket;
    case 'notJoined':
      return scene.nadia;
    case 'otherSession':
      return (await otherSession(harness)).zoe.socket;
  }
}

function equal(a: unknown, b: unknown): boolean {
  try {
    expect(a).toStrictEqual(b);
    return true;
  } catch {
    return false;
  }
}

const CASES = Object.entries(MATRIX).flatMap(([name, rows]) => rows.map((row) => ({ name: name as CommandName, row })));

describe('authorization matrix', () => {
  it('has a row for every command in the protocol, and none for a command that is not', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...commandNames].sort());
    for (const rows of Object.values(MATRIX)) expect(rows.length).toBeGreaterThan(0);
  });

  it.each(CASES.map((c) => [`${c.name} (${c.row.label})`, c] as const))('%s', async (_title, { name, row }) => {
    const results = await Promise.all(SENDERS.map(async (sender) => ({ sender, problems: await runCell(name, row, sender) })));
    expect(results.filter((r) => r.problems.length > 0)).toEqual([]);
  });

  it('refuses a socket with no token, a garbage token, or another protocol at the handshake', async () => {
    const scene = await groupScene(harness);
    const member = tokenOf(scene.session.links.member);
    const attempts = await Promise.all([
      commandAfterRefusal(harness.url, { protocol: PROTOCOL_VERSION, deviceId: 'intruder-1' }, 'person:admitAll', {}),
      commandAfterRefusal(harness.url, { protocol: PROTOCOL_VERSION, token: 'garbage', deviceId: 'intruder-2' }, 'person:admitAll', {}),
      commandAfterRefusal(harness.url, { protocol: PROTOCOL_VERSION - 1, token: member, deviceId: 'intruder-3' }, 'session:join', {}),
    ]);
    expect(attempts.map((a) => a.refusal?.data?.code)).toEqual([ConnectRefusal.invalidLink, ConnectRefusal.invalidLink, ConnectRefusal.protocolMismatch]);
    expect(attempts.every((a) => a.closed && !a.acked)).toBe(true);
    expect((await load(scene.session.sessionId)).people[scene.wendy.id]?.status).toBe('waiting');
  });
});

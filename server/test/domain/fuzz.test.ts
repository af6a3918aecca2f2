import { describe, expect, it } from 'vitest';
import { isStaff, type DeviceKind, type Role } from '@circle/shared';
import { createSession } from '../../src/domain/create.js';
import { decide, type Decision } from '../../src/domain/decide.js';
import type { Actor, DomainCommand } from '../../src/domain/commands.js';
import type { SessionState } from '../../src/domain/state.js';
import { fixedContext } from '../support/session-fixture.js';
import { SeededRandom } from '../support/seeded-random.js';
import { changeViolations, MicrophoneMirror, stateViolations } from '../support/turn-invariants.js';

/**
 * A seeded fuzz of the session model: several people on several devices send random
 * commands (right and wrong ones, fresh and stale), drop their connections, leave, come
 * back, get sent to the waiting room or removed. After every step the turn-taking
 * invariants must hold, and the effects must keep the media server's microphones in step
 * with the model. A seed that once failed stays below as a named test.
 */

type CastMember = { key: string; name: string; role: Role; devices: { id: string; kind: DeviceKind }[] };

const CAST: CastMember[] = [
  { key: 'rivera', name: 'Dr Rivera', role: 'facilitator', devices: [{ id: 'rivera-laptop', kind: 'media' }, { id: 'rivera-room', kind: 'roomDevice' }] },
  { key: 'kim', name: 'Kim', role: 'cotherapist', devices: [{ id: 'kim-laptop', kind: 'media' }, { id: 'kim-tablet', kind: 'console' }] },
  { key: 'alice', name: 'Alice', role: 'member', devices: [{ id: 'alice-phone', kind: 'media' }, { id: 'alice-laptop', kind: 'media' }] },
  { key: 'bob', name: 'Bob', role: 'member', devices: [{ id: 'bob-laptop', kind: 'media' }] },
  { key: 'carmen', name: 'Carmen', role: 'member', devices: [{ id: 'carmen-phone', kind: 'media' }] },
  { key: 'dev', name: 'Dev', role: 'member', devices: [{ id: 'dev-phone', kind: 'media' }] },
  { key: 'erin', name: 'Erin', role: 'member', devices: [{ id: 'erin-tablet', kind: 'media' }] },
  { key: 'olu', name: 'Olu', role: 'observer', devices: [{ id: 'olu-laptop', kind: 'media' }] },
];

const DEVICES = CAST.flatMap((who) => who.devices.map((device) => ({ who, device })));

const WEIGHTS = {
  join: 14,
  leave: 3,
  disconnect: 5,
  admit: 6,
  admitAll: 3,
  sendToWaiting: 2,
  remove: 1,
  raise: 14,
  lower: 5,
  move: 5,
  dequeue: 3,
  next: 12,
  endTurn: 4,
  pass: 6,
  timer: 3,
  timeUp: 5,
  goRoundStart: 3,
  goRoundEnd: 2,
  mute: 3,
  muteAll: 2,
  talkingPiece: 5,
  memberTriesStaff: 3,
  sync: 1,
};
type Move = keyof typeof WEIGHTS;
type Accepted = Extract<Decision, { ok: true }>;
/** A command, who sends it, and bookkeeping to do if it is accepted (who a join turned out to be). */
type Planned = [DomainCommand, Actor | 'system', ((decision: Accepted) => void)?];

const STAFF_ONLY = new Set<string>([
  'person:admit', 'person:admitAll', 'person:sendToWaiting', 'person:remove', 'queue:move', 'queue:remove', 'queue:next',
  'turn:end', 'timer:set', 'goRound:start', 'goRound:end', 'mic:mute', 'mic:muteAll', 'talkingPiece:set',
]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

class FuzzRun {
  readonly ctx = fixedContext();
  readonly random: SeededRandom;
  state: SessionState;
  readonly trace: string[] = [];
  private readonly mirror = new MicrophoneMirror();
  private readonly personIds = new Map<string, string>();
  private readonly connections = new Map<string, string>();
  private connectionCount = 0;
  private steps = 0;

  constructor(readonly seed: number) {
    this.random = new SeededRandom(seed);
    this.state = createSession({ title: 'Fuzz group', plannedMinutes: 90, capacity: 12 }, this.ctx);
  }

  /** Runs `steps` random steps; throws with the seed, the step and the trace on the first broken invariant. */
  run(steps: number): this {
    for (let i = 0; i < steps; i++) this.step(this.steps++);
    return this;
  }

  private step(index: number): void {
    if (this.random.chance(0.3)) this.ctx.advance(this.random.int(45_000));
    const move = this.random.weighted(WEIGHTS);
    const planned = this.plan(move);
    if (!planned) return;
    const [command, actor, onAccepted] = planned;
    const before = deepFreeze(this.state);
    let decision: Decision;
    try {
      decision = decide(before, command, actor, this.ctx);
    } catch (error) {
      this.fail(index, command, actor, [`decide threw: ${String(error)}`]);
    }
    this.trace.push(traceLine(command, actor, decision));
    const problems = changeViolations(before, decision);
    if (decision.ok) {
      onAccepted?.(decision);
      this.state = decision.state;
      this.mirror.apply(this.state, decision.effects);
      problems.push(...stateViolations(this.state), ...this.mirror.violations(this.state));
      if ('queueVersion' in command && command.queueVersion !== before.turns.queueVersion) {
        problems.push(`accepted a queue command made on version ${command.queueVersion}, the queue is at ${before.turns.queueVersion}`);
      }
    }
    if (actor !== 'system' && !isStaff(actor.role) && STAFF_ONLY.has(command.type) && decision.ok) {
      problems.push(`a ${actor.role} sending ${command.type} was not refused`);
    }
    if (problems.length > 0) this.fail(index, command, actor, problems);
  }

  private fail(index: number, command: DomainCommand, actor: Actor | 'system', problems: string[]): never {
    throw new Error(
      [
        `seed ${this.seed}, step ${index}: ${JSON.stringify(command)} by ${actor === 'system' ? 'system' : `${actor.role} ${actor.personId}/${actor.deviceId}`}`,
        ...problems.map((p) => `  ✗ ${p}`),
        'last steps:',
        ...this.trace.slice(-25).map((t) => `  ${t}`),
      ].join('\n'),
    );
  }

  private actorFor(who: CastMember, deviceId: string): Actor {
    const staffId = who.role === 'facilitator' ? this.state.staff.facilitator : who.role === 'cotherapist' ? this.state.staff.cotherapist : null;
    return {
      role: who.role,
      personId: this.personIds.get(who.key) ?? staffId,
      deviceId,
      connectionId: this.connections.get(deviceId) ?? 'never-connected',
    };
  }

  /** A device as the gateway would let it speak: joined and connected, and now and then one that is not. */
  private sender(filter: (who: CastMember) => boolean): Actor | null {
    const candidates = DEVICES.filter(({ who, device }) => {
      if (!filter(who)) return false;
      const id = this.personIds.get(who.key);
      return id !== undefined && this.state.people[id]?.devices[device.id]?.connected === true;
    });
    if (candidates.length === 0 || this.random.chance(0.03)) {
      const { who, device } = this.random.pick(DEVICES.filter(({ who }) => filter(who)));
      return this.actorFor(who, device.id);
    }
    const { who, device } = this.random.pick(candidates);
    return this.actorFor(who, device.id);
  }

  private staff(): Actor | null {
    return this.sender((who) => who.role === 'facilitator' || who.role === 'cotherapist');
  }

  private member(): Actor | null {
    return this.sender((who) => who.role === 'member');
  }

  /** Someone to act on: usually a known person, now and then someone unknown. */
  private target(): string {
    const known = Object.keys(this.state.people);
    if (known.length === 0 || this.random.chance(0.05)) return 'nobody00';
    return this.random.pick(known);
  }

  /** Someone to act on in the queue, when there is one. */
  private queued(): string {
    const queue = this.state.turns.queue;
    return queue.length > 0 && this.random.chance(0.85) ? this.random.pick(queue).personId : this.target();
  }

  private queueVersion(): number {
    const fresh = this.state.turns.queueVersion;
    if (this.random.chance(0.8)) return fresh;
    return this.random.chance(0.8) ? Math.max(0, fresh - 1 - this.random.int(3)) : fresh + 1;
  }

  private plan(move: Move): Planned | null {
    const r = this.random;
    const staff = () => this.staff();
    const withStaff = (command: DomainCommand): [DomainCommand, Actor] | null => {
      const actor = staff();
      return actor ? [command, actor] : null;
    };
    switch (move) {
      case 'join': {
        const { who, device } = r.pick(DEVICES);
        const connectionId = `conn${++this.connectionCount}`;
        const known = this.personIds.get(who.key);
        // Members come back by their personal link mostly; sometimes by the group's link again.
        const personal = known !== undefined && (who.role === 'facilitator' || who.role === 'cotherapist' || r.chance(0.85));
        const actor: Actor = { ...this.actorFor(who, device.id), connectionId, personId: personal ? known! : this.actorFor(who, device.id).personId };
        if (!personal && who.role !== 'facilitator' && who.role !== 'cotherapist') actor.personId = null;
        const command: DomainCommand = { type: 'session:join', name: who.name, agreed: true, deviceKind: device.kind };
        const joinedAs = (decision: Accepted) => {
          this.personIds.set(who.key, String(decision.reply.personId));
          this.connections.set(device.id, connectionId);
        };
        return [command, actor, joinedAs];
      }
      case 'leave': {
        const actor = this.sender(() => true);
        return actor ? [{ type: 'session:leave' }, actor] : null;
      }
      case 'disconnect': {
        const { who, device } = r.pick(DEVICES);
        const personId = this.personIds.get(who.key);
        if (!personId) return null;
        // Now and then the late close of a connection a reload already replaced.
        const connectionId = r.chance(0.9) ? (this.connections.get(device.id) ?? 'never-connected') : 'conn-stale';
        return [{ type: 'device:disconnected', personId, deviceId: device.id, connectionId }, 'system'];
      }
      case 'admit':
        return withStaff({ type: 'person:admit', personId: this.target() });
      case 'admitAll':
        return withStaff({ type: 'person:admitAll' });
      case 'sendToWaiting':
        return withStaff({ type: 'person:sendToWaiting', personId: this.target() });
      case 'remove':
        return withStaff({ type: 'person:remove', personId: this.target() });
      case 'raise':
      case 'lower': {
        const type = move === 'raise' ? 'hand:raise' : 'hand:lower';
        if (r.chance(0.7)) {
          const actor = this.member();
          return actor ? [{ type }, actor] : null;
        }
        const actor = r.chance(0.8) ? staff() : this.member(); // a member naming someone else is refused
        return actor ? [{ type, personId: this.target() }, actor] : null;
      }
      case 'move':
        return withStaff({ type: 'queue:move', personId: this.queued(), toIndex: r.int(7), queueVersion: this.queueVersion() });
      case 'dequeue':
        return withStaff({ type: 'queue:remove', personId: this.queued(), queueVersion: this.queueVersion() });
      case 'next':
        return withStaff({ type: 'queue:next', queueVersion: this.queueVersion() });
      case 'endTurn':
        return withStaff({ type: 'turn:end', queueVersion: this.queueVersion() });
      case 'pass': {
        const actor = r.chance(0.9) ? this.member() : this.sender(() => true);
        return actor ? [{ type: 'turn:pass' }, actor] : null;
      }
      case 'timer':
        return withStaff({ type: 'timer:set', seconds: r.pick([null, 15, 60, 120]), autoEnd: r.chance(0.6) });
      case 'timeUp': {
        const current = this.state.turns.current;
        const startedAt = current && r.chance(0.8) ? current.startedAt : this.ctx.now - r.int(200_000);
        return [{ type: 'turn:timeUp', startedAt }, 'system'];
      }
      case 'goRoundStart': {
        if (r.chance(0.6)) return withStaff({ type: 'goRound:start' });
        const people = Object.keys(this.state.people);
        const order = r.sample(people, r.int(people.length + 1));
        if (r.chance(0.1) && order.length > 0) order.push(order[0]!); // a name twice is refused
        return withStaff({ type: 'goRound:start', order });
      }
      case 'goRoundEnd':
        return withStaff({ type: 'goRound:end' });
      case 'mute':
        return withStaff({ type: 'mic:mute', personId: this.target() });
      case 'muteAll':
        return withStaff({ type: 'mic:muteAll' });
      case 'talkingPiece':
        return withStaff({ type: 'talkingPiece:set', on: r.chance(0.6) });
      case 'memberTriesStaff': {
        const actor = r.chance(0.8) ? this.member() : this.sender((who) => who.role === 'observer');
        const command: DomainCommand = r.pick<DomainCommand>([
          { type: 'queue:next', queueVersion: this.state.turns.queueVersion },
          { type: 'talkingPiece:set', on: !this.state.turns.talkingPiece },
          { type: 'mic:muteAll' },
          { type: 'goRound:start' },
          { type: 'queue:move', personId: this.queued(), toIndex: 0, queueVersion: this.state.turns.queueVersion },
        ]);
        return actor ? [command, actor] : null;
      }
      case 'sync': {
        const actor = this.sender(() => true);
        return actor ? [{ type: r.chance(0.5) ? 'session:sync' : 'media:renew' }, actor] : null;
      }
      default:
        return move satisfies never;
    }
  }
}

function commandText(command: DomainCommand): string {
  const { type, ...rest } = command;
  return Object.keys(rest).length > 0 ? `${type} ${JSON.stringify(rest)}` : type;
}

function traceLine(command: DomainCommand, actor: Actor | 'system', decision: Decision): string {
  const who = actor === 'system' ? 'system' : `${actor.personId ?? actor.role}/${actor.deviceId}`;
  const outcome = decision.ok ? `ok v${decision.state.version} q${decision.state.turns.queueVersion}` : `refused ${decision.error.code}`;
  return `${who}: ${commandText(command)} → ${outcome}`;
}

const SEEDS = 300;
const STEPS = 200;

describe('seeded fuzz of turn-taking', () => {
  it(`keeps every invariant over ${SEEDS} seeds × ${STEPS} commands`, () => {
    let accepted = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const run = new FuzzRun(seed).run(STEPS);
      accepted += run.trace.filter((t) => t.includes('→ ok')).length;
    }
    // The fuzz must reach real states, not spin on refusals.
    expect(accepted).toBeGreaterThan(SEEDS * STEPS * 0.3);
  });

  // Seeds that once failed, kept as they were found (the scenarios also have plain tests in turns.test.ts).
  // They replay the same steps only while this driver draws its random numbers the same way.
  it('seed 2: a go-round started while someone speaks does not queue the speaker as well', () => {
    new FuzzRun(2).run(STEPS);
  });
  it('seed 3: the go-round ends when its last member lowers their hand', () => {
    new FuzzRun(3).run(STEPS);
  });
  it('seed 15: the go-round ends when its last member leaves the session', () => {
    new FuzzRun(15).run(STEPS);
  });

  it('reaches speakers, go-rounds and talking-piece mode, so the invariants are really exercised', () => {
    let speakers = 0;
    let rounds = 0;
    let talkingPiece = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const run = new FuzzRun(seed);
      for (let i = 0; i < STEPS; i++) {
        run.run(1);
        if (run.state.turns.current) speakers++;
        if (run.state.turns.goRound) rounds++;
        if (run.state.turns.talkingPiece && run.state.turns.current) talkingPiece++;
      }
    }
    expect(speakers).toBeGreaterThan(500);
    expect(rounds).toBeGreaterThan(100);
    expect(talkingPiece).toBeGreaterThan(100);
  });
});

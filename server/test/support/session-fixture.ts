import type { Role } from '@circle/shared';
import { createSession } from '../../src/domain/create.js';
import { decide, type Decision } from '../../src/domain/decide.js';
import type { Actor, Context, DomainCommand } from '../../src/domain/commands.js';
import type { SessionState } from '../../src/domain/state.js';

/** mulberry32: a small seeded generator, so "random" breakout rooms are the same in every run. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic clock and id source for the pure model. */
export function fixedContext(start = Date.UTC(2026, 10, 22, 18, 0)): Context & { advance(ms: number): void } {
  let counter = 0;
  let keys = 0;
  const ctx = {
    now: start,
    newId: () => `id${String(++counter).padStart(4, '0')}`,
    newKey: () => `key${String(++keys).padStart(4, '0')}`,
    random: seededRandom(7),
    advance(ms: number) {
      ctx.now += ms;
    },
  };
  return ctx;
}

/**
 * A session driven through the pure model by named people, as a group would use it:
 * `group.join('alice')`, `group.as('dr_rivera').admit('alice')`.
 */
export class Group {
  state: SessionState;
  readonly ctx = fixedContext();
  private readonly actors = new Map<string, Actor>();
  private connections = 0;

  constructor(options: { capacity?: number } = {}) {
    this.state = createSession({ title: 'Tuesday DBT skills', plannedMinutes: 90, capacity: options.capacity ?? 12 }, this.ctx);
  }

  /** Applies a command; on success keeps the new state. Returns the decision either way. */
  run(command: DomainCommand, actor: Actor | 'system'): Decision {
    const decision = decide(this.state, command, actor, this.ctx);
    if (decision.ok) this.state = decision.state;
    return decision;
  }

  /** Someone opens a link on a device and joins with a name. */
  join(
    name: string,
    role: Role = 'member',
    options: { device?: string; kind?: 'media' | 'console' | 'roomDevice'; as?: string; server?: string } = {},
  ): Decision {
    const personId =
      role === 'facilitator' ? this.state.staff.facilitator : role === 'cotherapist' ? this.state.staff.cotherapist : null;
    const key = options.as ?? name;
    const known = this.actors.get(key);
    const actor: Actor = {
      role,
      personId: known?.personId ?? personId,
      deviceId: options.device ?? `${key}-phone`,
      connectionId: `conn${++this.connections}`,
      ...(options.server === undefined ? {} : { server: options.server }),
    };
    const decision = this.run({ type: 'session:join', name, agreed: true, deviceKind: options.kind ?? 'media' }, actor);
    if (decision.ok) this.actors.set(key, { ...actor, personId: String(decision.reply.personId) });
    return decision;
  }

  actor(name: string): Actor {
    const actor = this.actors.get(name);
    if (!actor) throw new Error(`${name} has not joined`);
    return actor;
  }

  id(name: string): string {
    const id = this.actor(name).personId;
    if (!id) throw new Error(`${name} has no person id`);
    return id;
  }

  person(name: string) {
    const person = this.state.people[this.id(name)];
    if (!person) throw new Error(`${name} is not in the state`);
    return person;
  }

  as(name: string) {
    const actor = this.actor(name);
    return {
      admit: (who: string) => this.run({ type: 'person:admit', personId: this.id(who) }, actor),
      admitAll: () => this.run({ type: 'person:admitAll' }, actor),
      sendToWaiting: (who: string) => this.run({ type: 'person:sendToWaiting', personId: this.id(who) }, actor),
      remove: (who: string) => this.run({ type: 'person:remove', personId: this.id(who) }, actor),
      leave: () => this.run({ type: 'session:leave' }, actor),
      run: (command: DomainCommand) => this.run(command, actor),
    };
  }

  disconnect(name: string): Decision {
    const actor = this.actor(name);
    return this.run({ type: 'device:disconnected', personId: this.id(name), deviceId: actor.deviceId, connectionId: actor.connectionId }, 'system');
  }

  // Turn-taking, as people press the buttons. Staff commands go from `by`, or the first staff
  // member who joined, on the queue version they saw: the current one unless given.

  /** Staff add someone sitting in the physical room; they can be named afterwards like anyone. */
  addInRoom(name: string, by: string): Decision {
    const decision = this.as(by).run({ type: 'roster:addInRoom', name });
    if (decision.ok) this.actors.set(name, { role: 'member', personId: String(decision.reply.personId), deviceId: 'in-room', connectionId: 'none' });
    return decision;
  }

  /** A member raises their own hand, or staff (`by`) raise it for them. */
  raise(name: string, options: { by?: string } = {}): Decision {
    return options.by ? this.as(options.by).run({ type: 'hand:raise', personId: this.id(name) }) : this.as(name).run({ type: 'hand:raise' });
  }

  lower(name: string, options: { by?: string } = {}): Decision {
    return options.by ? this.as(options.by).run({ type: 'hand:lower', personId: this.id(name) }) : this.as(name).run({ type: 'hand:lower' });
  }

  next(options: StaffOptions = {}): Decision {
    return this.asStaff(options).run({ type: 'queue:next', queueVersion: this.queueVersionOf(options) });
  }

  endTurn(options: StaffOptions = {}): Decision {
    return this.asStaff(options).run({ type: 'turn:end', queueVersion: this.queueVersionOf(options) });
  }

  move(name: string, toIndex: number, options: StaffOptions = {}): Decision {
    return this.asStaff(options).run({ type: 'queue:move', personId: this.id(name), toIndex, queueVersion: this.queueVersionOf(options) });
  }

  dequeue(name: string, options: StaffOptions = {}): Decision {
    return this.asStaff(options).run({ type: 'queue:remove', personId: this.id(name), queueVersion: this.queueVersionOf(options) });
  }

  pass(name: string): Decision {
    return this.as(name).run({ type: 'turn:pass' });
  }

  setTimer(seconds: number | null, autoEnd: boolean, options: { by?: string } = {}): Decision {
    return this.asStaff(options).run({ type: 'timer:set', seconds, autoEnd });
  }

  /** Starts a go-round; `order` names people by the names they joined with. */
  startGoRound(options: { by?: string; order?: string[] } = {}): Decision {
    const order = options.order?.map((name) => this.id(name));
    return this.asStaff(options).run(order ? { type: 'goRound:start', order } : { type: 'goRound:start' });
  }

  endGoRound(options: { by?: string } = {}): Decision {
    return this.asStaff(options).run({ type: 'goRound:end' });
  }

  mute(name: string, options: { by?: string } = {}): Decision {
    return this.asStaff(options).run({ type: 'mic:mute', personId: this.id(name) });
  }

  muteAll(options: { by?: string } = {}): Decision {
    return this.asStaff(options).run({ type: 'mic:muteAll' });
  }

  talkingPiece(on: boolean, options: { by?: string } = {}): Decision {
    return this.asStaff(options).run({ type: 'talkingPiece:set', on });
  }

  /** The server's turn timer fires, for the current turn unless told which. */
  timeUp(startedAt = this.state.turns.current?.startedAt ?? 0): Decision {
    return this.run({ type: 'turn:timeUp', startedAt }, 'system');
  }

  /** The speaking queue, by the names people joined with. */
  queue(): string[] {
    return this.state.turns.queue.map((e) => this.nameOf(e.personId));
  }

  /** Who holds the turn, by name, or null. */
  speaker(): string | null {
    const current = this.state.turns.current;
    return current ? this.nameOf(current.personId) : null;
  }

  nameOf(personId: string): string {
    for (const [key, actor] of this.actors) if (actor.personId === personId) return key;
    return personId;
  }

  private asStaff(options: { by?: string }) {
    if (options.by) return this.as(options.by);
    for (const [key, actor] of this.actors) if (actor.role === 'facilitator' || actor.role === 'cotherapist') return this.as(key);
    throw new Error('no staff member has joined');
  }

  private queueVersionOf(options: StaffOptions): number {
    return options.queueVersion ?? this.state.turns.queueVersion;
  }
}

type StaffOptions = { by?: string; queueVersion?: number };

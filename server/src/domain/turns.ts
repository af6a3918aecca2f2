import { ErrorCode, isStaff } from '@circle/shared';
import type { Context } from './commands.js';
import { accept, refuse, type Decision } from './decision.js';
import type { Person, QueueEntry, SessionState, Turn, Turns } from './state.js';
import { isPresent, roster } from './people.js';

/** In the group right now for turn-taking: admitted, and not gone by pressing Leave. A dropped connection keeps the place. */
export function inGroup(person: Person | undefined): person is Person {
  return person !== undefined && person.status === 'admitted' && person.leftAt === null;
}

/** Members (online or in the room) are the ones who take turns. */
function takesTurns(person: Person | undefined): person is Person {
  return inGroup(person) && person.role === 'member';
}

function withTurns(state: SessionState, turns: Omit<Turns, 'queueVersion'>): SessionState {
  return { ...state, turns: { ...turns, queueVersion: state.turns.queueVersion + 1 } };
}

function bump(turns: Turns, personId: string, key: 'turns' | 'passes'): Turns['counts'] {
  const was = turns.counts[personId] ?? { turns: 0, passes: 0 };
  return { ...turns.counts, [personId]: { ...was, [key]: was[key] + 1 } };
}

function startTurn(turns: Turns, entry: QueueEntry, now: number): Turn {
  return { personId: entry.personId, source: entry.source, startedAt: now, endsAt: turns.turnSeconds === null ? null : now + turns.turnSeconds * 1000 };
}

/**
 * Ends the current turn and, when `advance`, starts the next in line. A go-round ends when
 * no one from it is left in line or speaking.
 */
function advance(state: SessionState, now: number, options: { advance: boolean }): SessionState {
  const turns = state.turns;
  const [first, ...rest] = turns.queue;
  const next = options.advance && first ? startTurn(turns, first, now) : null;
  const queue = options.advance && first ? rest : turns.queue;
  const counts = next ? bump(turns, next.personId, 'turns') : turns.counts;
  const roundLeft = queue.some((e) => e.source === 'goRound') || next?.source === 'goRound';
  return withTurns(state, { ...turns, queue, current: next, counts, goRound: roundLeft ? turns.goRound : null });
}

function checkVersion(state: SessionState, queueVersion: number): Decision | null {
  return queueVersion === state.turns.queueVersion
    ? null
    : refuse(ErrorCode.staleVersion, 'The speaking queue changed a moment ago; here is the latest. Please check and try again.');
}

/** Takes someone out of the queue and ends their turn (they left, were sent to the waiting room or removed). */
export function withoutTurns(state: SessionState, personId: string, now: number): SessionState {
  const turns = state.turns;
  const queued = turns.queue.some((e) => e.personId === personId);
  const speaking = turns.current?.personId === personId;
  if (!queued && !speaking) return state;
  const cleared = withTurns(state, { ...turns, queue: turns.queue.filter((e) => e.personId !== personId) });
  return speaking ? advance({ ...cleared, turns: { ...cleared.turns, current: null } }, now, { advance: false }) : cleared;
}

export function raiseHand(state: SessionState, actor: Person, personId: string | undefined, ctx: Context): Decision {
  const who = state.people[personId ?? actor.id];
  if (personId && personId !== actor.id && !isStaff(actor.role)) return refuse(ErrorCode.forbidden, 'You can only raise your own hand');
  if (!takesTurns(who)) return refuse(ErrorCode.notPresent, 'Only members in the group can be put in the speaking queue');
  if (state.turns.queue.some((e) => e.personId === who.id)) return accept(state);
  if (state.turns.current?.personId === who.id) return refuse(ErrorCode.conflict, `${who.name} is speaking now`);
  const entry: QueueEntry = { personId: who.id, source: 'hand', raisedAt: ctx.now };
  return accept(withTurns(state, { ...state.turns, queue: [...state.turns.queue, entry] }));
}

export function lowerHand(state: SessionState, actor: Person, personId: string | undefined): Decision {
  const id = personId ?? actor.id;
  if (id !== actor.id && !isStaff(actor.role)) return refuse(ErrorCode.forbidden, 'You can only lower your own hand');
  if (!state.turns.queue.some((e) => e.personId === id)) return accept(state);
  return accept(withTurns(state, { ...state.turns, queue: state.turns.queue.filter((e) => e.personId !== id) }));
}

export function moveInQueue(state: SessionState, personId: string, toIndex: number, queueVersion: number): Decision {
  const stale = checkVersion(state, queueVersion);
  if (stale) return stale;
  const entry = state.turns.queue.find((e) => e.personId === personId);
  if (!entry) return refuse(ErrorCode.notFound, 'That person is not in the speaking queue');
  const rest = state.turns.queue.filter((e) => e.personId !== personId);
  const index = Math.min(toIndex, rest.length);
  return accept(withTurns(state, { ...state.turns, queue: [...rest.slice(0, index), entry, ...rest.slice(index)] }));
}

export function removeFromQueue(state: SessionState, personId: string, queueVersion: number): Decision {
  const stale = checkVersion(state, queueVersion);
  if (stale) return stale;
  if (!state.turns.queue.some((e) => e.personId === personId)) return refuse(ErrorCode.notFound, 'That person is not in the speaking queue');
  const queue = state.turns.queue.filter((e) => e.personId !== personId);
  const roundLeft = queue.some((e) => e.source === 'goRound') || state.turns.current?.source === 'goRound';
  return accept(withTurns(state, { ...state.turns, queue, goRound: roundLeft ? state.turns.goRound : null }));
}

export function nextSpeaker(state: SessionState, queueVersion: number, ctx: Context): Decision {
  const stale = checkVersion(state, queueVersion);
  if (stale) return stale;
  if (state.turns.queue.length === 0 && state.turns.current === null) return refuse(ErrorCode.conflict, 'No one is waiting to speak');
  return accept(advance(state, ctx.now, { advance: true }));
}

export function endTurn(state: SessionState, queueVersion: number, ctx: Context): Decision {
  const stale = checkVersion(state, queueVersion);
  if (stale) return stale;
  if (!state.turns.current) return refuse(ErrorCode.conflict, 'No one is speaking');
  return accept(advance(state, ctx.now, { advance: false }));
}

/** When a turn's time runs out and the facilitator chose that turns end by themselves. */
export function turnTimeUp(state: SessionState, startedAt: number, ctx: Context): Decision {
  const current = state.turns.current;
  if (!state.turns.autoEnd || !current || current.startedAt !== startedAt || current.endsAt === null || current.endsAt > ctx.now) {
    return accept(state);
  }
  return accept(advance(state, ctx.now, { advance: state.turns.goRound !== null }));
}

export function pass(state: SessionState, actor: Person, ctx: Context): Decision {
  const turns = state.turns;
  if (!turns.goRound) return refuse(ErrorCode.conflict, 'You can pass during a go-round');
  const counts = bump(turns, actor.id, 'passes');
  const goRound = { passed: [...turns.goRound.passed, actor.id] };
  if (turns.current?.personId === actor.id) {
    // A pass is not a turn taken.
    const uncounted = bump({ ...turns, counts }, actor.id, 'turns');
    uncounted[actor.id] = { turns: (counts[actor.id]?.turns ?? 1) - 1, passes: counts[actor.id]?.passes ?? 1 };
    return accept(advance({ ...state, turns: { ...turns, counts: uncounted, goRound } }, ctx.now, { advance: true }));
  }
  if (!turns.queue.some((e) => e.personId === actor.id && e.source === 'goRound')) {
    return refuse(ErrorCode.conflict, 'Your turn in this round has already passed');
  }
  const queue = turns.queue.filter((e) => e.personId !== actor.id);
  const roundLeft = queue.some((e) => e.source === 'goRound') || turns.current?.source === 'goRound';
  return accept(withTurns(state, { ...turns, queue, counts, goRound: roundLeft ? goRound : null }));
}

export function setTimer(state: SessionState, seconds: number | null, autoEnd: boolean): Decision {
  const current = state.turns.current;
  const endsAt = current && seconds !== null ? current.startedAt + seconds * 1000 : null;
  return accept(withTurns(state, { ...state.turns, turnSeconds: seconds, autoEnd, current: current ? { ...current, endsAt } : null }));
}

export function startGoRound(state: SessionState, order: string[] | undefined, ctx: Context): Decision {
  const members = roster(state).filter(takesTurns);
  let ids = members.map((p) => p.id);
  if (order) {
    const unknown = order.filter((id) => !takesTurns(state.people[id]));
    if (unknown.length > 0) return refuse(ErrorCode.notPresent, 'The go-round names someone who is not in the group');
    if (new Set(order).size !== order.length) return refuse(ErrorCode.invalidCommand, 'The go-round names someone twice');
    ids = [...order, ...ids.filter((id) => !order.includes(id))];
  }
  if (ids.length === 0) return refuse(ErrorCode.conflict, 'There are no members in the group for a go-round');
  const round: QueueEntry[] = ids.map((personId) => ({ personId, source: 'goRound', raisedAt: ctx.now }));
  // Raised hands wait until the round is over; someone already speaking finishes first.
  const hands = state.turns.queue.filter((e) => !ids.includes(e.personId));
  return accept(withTurns(state, { ...state.turns, queue: [...round, ...hands], goRound: { passed: [] } }), [], { queued: ids.length });
}

export function endGoRound(state: SessionState): Decision {
  if (!state.turns.goRound) return refuse(ErrorCode.conflict, 'No go-round is running');
  const queue = state.turns.queue.filter((e) => e.source !== 'goRound');
  return accept(withTurns(state, { ...state.turns, queue, goRound: null }));
}

export function setTalkingPiece(state: SessionState, on: boolean): Decision {
  if (state.turns.talkingPiece === on) return accept(state);
  return accept(withTurns(state, { ...state.turns, talkingPiece: on }));
}

export { isPresent };

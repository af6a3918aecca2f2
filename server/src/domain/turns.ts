import { ErrorCode, isStaff } from '@circle/shared';
import type { Context } from './commands.js';
import { accept, refuse, type Decision } from './decision.js';
import type { Person, QueueEntry, SessionState, ShareCounts, Turn, Turns } from './state.js';
import { isPresent, roster } from './people.js';

/** In the group right now for turn-taking: admitted, and not gone by pressing Leave. A dropped connection keeps the place. */
export function inGroup(person: Person | undefined): person is Person {
  return person !== undefined && person.status === 'admitted' && person.leftAt === null;
}

/** Members (online or in the room) are the ones who take turns. */
function takesTurns(person: Person | undefined): person is Person {
  return inGroup(person) && person.role === 'member';
}

/** Some of the go-round is left: someone from it is in line or speaking. */
function roundLeft(turns: Pick<Turns, 'queue' | 'current'>): boolean {
  return turns.queue.some((e) => e.source === 'goRound') || turns.current?.source === 'goRound';
}

/**
 * Every change to turn-taking goes through here: a new queue version, and the go-round ends
 * once no one from it is left in line or speaking, whatever took the last one out (their turn,
 * a pass, Lower hand, staff, or leaving the group).
 */
function withTurns(state: SessionState, turns: Omit<Turns, 'queueVersion'>): SessionState {
  const goRound = turns.goRound && roundLeft(turns) ? turns.goRound : null;
  return { ...state, turns: { ...turns, goRound, queueVersion: state.turns.queueVersion + 1 } };
}

function withQueue(state: SessionState, queue: QueueEntry[]): SessionState {
  return withTurns(state, { ...state.turns, queue });
}

function bump(counts: ShareCounts, personId: string, key: 'turns' | 'passes', by = 1): ShareCounts {
  const was = counts[personId] ?? { turns: 0, passes: 0 };
  return { ...counts, [personId]: { ...was, [key]: Math.max(0, was[key] + by) } };
}

function startTurn(turns: Turns, entry: QueueEntry, now: number): Turn {
  return { personId: entry.personId, source: entry.source, startedAt: now, endsAt: turns.turnSeconds === null ? null : now + turns.turnSeconds * 1000 };
}

/** Ends the current turn (if any) and, when `startNext`, gives the turn to the first in line. */
function endCurrent(state: SessionState, now: number, startNext: boolean): SessionState {
  const turns = state.turns;
  const [first, ...rest] = turns.queue;
  if (!startNext || !first) return withTurns(state, { ...turns, current: null });
  const started = withTurns(state, { ...turns, queue: rest, current: startTurn(turns, first, now) });
  return { ...started, shareCounts: bump(state.shareCounts, first.personId, 'turns') };
}

/** During a go-round the turn goes straight on to the next in the round; a raised hand waits for staff. */
function roundGoesOn(turns: Turns): boolean {
  return turns.goRound !== null && turns.queue[0]?.source === 'goRound';
}

function checkVersion(state: SessionState, queueVersion: number): Decision | null {
  return queueVersion === state.turns.queueVersion
    ? null
    : refuse(ErrorCode.staleVersion, 'The speaking queue changed a moment ago; here is the latest. Please check and try again.');
}

/**
 * Takes someone out of the queue and ends their turn (they left, were sent to the waiting
 * room or removed). The next turn waits for staff, as after turn:end.
 */
export function withoutTurns(state: SessionState, personId: string, _now?: number): SessionState {
  const turns = state.turns;
  const queued = turns.queue.some((e) => e.personId === personId);
  const speaking = turns.current?.personId === personId;
  if (!queued && !speaking) return state;
  return withTurns(state, { ...turns, queue: turns.queue.filter((e) => e.personId !== personId), current: speaking ? null : turns.current });
}

export function raiseHand(state: SessionState, actor: Person, personId: string | undefined, ctx: Context): Decision {
  if (personId && personId !== actor.id && !isStaff(actor.role)) return refuse(ErrorCode.forbidden, 'You can only raise your own hand');
  if ((personId ?? actor.id) === actor.id && actor.role !== 'member') return refuse(ErrorCode.forbidden, 'Only members take turns in the speaking queue');
  const who = state.people[personId ?? actor.id];
  if (!takesTurns(who)) return refuse(ErrorCode.notPresent, 'Only members in the group can be put in the speaking queue');
  if (state.turns.queue.some((e) => e.personId === who.id)) return accept(state);
  if (state.turns.current?.personId === who.id) return refuse(ErrorCode.conflict, `${who.name} is speaking now`);
  return accept(withQueue(state, [...state.turns.queue, { personId: who.id, source: 'hand', raisedAt: ctx.now }]));
}

/** Takes the person out of line, whether they raised their hand or a go-round put them there. */
export function lowerHand(state: SessionState, actor: Person, personId: string | undefined): Decision {
  const id = personId ?? actor.id;
  if (id !== actor.id && !isStaff(actor.role)) return refuse(ErrorCode.forbidden, 'You can only lower your own hand');
  if (!state.turns.queue.some((e) => e.personId === id)) return accept(state);
  return accept(withQueue(state, state.turns.queue.filter((e) => e.personId !== id)));
}

export function moveInQueue(state: SessionState, personId: string, toIndex: number, queueVersion: number): Decision {
  const stale = checkVersion(state, queueVersion);
  if (stale) return stale;
  const from = state.turns.queue.findIndex((e) => e.personId === personId);
  const entry = state.turns.queue[from];
  if (!entry) return refuse(ErrorCode.notFound, 'That person is not in the speaking queue');
  const rest = state.turns.queue.filter((e) => e.personId !== personId);
  const index = Math.min(toIndex, rest.length);
  // Already there: nothing changes, so a colleague's command on the same queue still holds.
  if (index === from) return accept(state);
  return accept(withQueue(state, [...rest.slice(0, index), entry, ...rest.slice(index)]));
}

export function removeFromQueue(state: SessionState, personId: string, queueVersion: number): Decision {
  const stale = checkVersion(state, queueVersion);
  if (stale) return stale;
  if (!state.turns.queue.some((e) => e.personId === personId)) return refuse(ErrorCode.notFound, 'That person is not in the speaking queue');
  return accept(withQueue(state, state.turns.queue.filter((e) => e.personId !== personId)));
}

export function nextSpeaker(state: SessionState, queueVersion: number, ctx: Context): Decision {
  const stale = checkVersion(state, queueVersion);
  if (stale) return stale;
  if (state.turns.queue.length === 0 && state.turns.current === null) return refuse(ErrorCode.conflict, 'No one is waiting to speak');
  return accept(endCurrent(state, ctx.now, true));
}

export function endTurn(state: SessionState, queueVersion: number, ctx: Context): Decision {
  const stale = checkVersion(state, queueVersion);
  if (stale) return stale;
  if (!state.turns.current) return refuse(ErrorCode.conflict, 'No one is speaking');
  return accept(endCurrent(state, ctx.now, false));
}

/**
 * The server's timer fired for the turn that started at `startedAt`. It ends that turn only if
 * the facilitator chose that turns end by themselves, it is still the same turn, and its time
 * really is up; anything else (a late or duplicate firing, a changed timer) changes nothing.
 */
export function turnTimeUp(state: SessionState, startedAt: number, ctx: Context): Decision {
  const current = state.turns.current;
  if (!state.turns.autoEnd || !current || current.startedAt !== startedAt || current.endsAt === null || current.endsAt > ctx.now) {
    return accept(state);
  }
  return accept(endCurrent(state, ctx.now, roundGoesOn(state.turns)));
}

/**
 * During a go-round: the speaker hands the turn on without sharing, or someone still in line
 * for the round gives up their place. Either way it is a pass, not a turn taken.
 */
export function pass(state: SessionState, actor: Person, ctx: Context): Decision {
  const turns = state.turns;
  if (!turns.goRound) return refuse(ErrorCode.conflict, 'You can pass during a go-round');
  const goRound = { passed: [...turns.goRound.passed, actor.id] };
  const passes = bump(state.shareCounts, actor.id, 'passes');
  if (turns.current?.personId === actor.id && turns.current.source === 'goRound') {
    // The turn was counted when it started; a pass gives it back.
    const passed: SessionState = { ...state, turns: { ...turns, goRound }, shareCounts: bump(passes, actor.id, 'turns', -1) };
    return accept(endCurrent(passed, ctx.now, roundGoesOn(passed.turns)));
  }
  if (!turns.queue.some((e) => e.personId === actor.id && e.source === 'goRound')) {
    return refuse(ErrorCode.conflict, 'You have no turn waiting in this go-round');
  }
  return accept({ ...withTurns(state, { ...turns, queue: turns.queue.filter((e) => e.personId !== actor.id), goRound }), shareCounts: passes });
}

export function setTimer(state: SessionState, seconds: number | null, autoEnd: boolean): Decision {
  const current = state.turns.current;
  const endsAt = current && seconds !== null ? current.startedAt + seconds * 1000 : null;
  return accept(withTurns(state, { ...state.turns, turnSeconds: seconds, autoEnd, current: current ? { ...current, endsAt } : null }));
}

/**
 * Puts every present member in line for the round, in roster order or the order given (those
 * not named follow in roster order). Raised hands wait until the round is over. Someone
 * already speaking finishes their turn, which counts as their share in the round.
 */
export function startGoRound(state: SessionState, order: string[] | undefined, ctx: Context): Decision {
  const present = roster(state)
    .filter((p) => takesTurns(p) && isPresent(p))
    .map((p) => p.id);
  if (order) {
    if (order.some((id) => !takesTurns(state.people[id]))) return refuse(ErrorCode.notPresent, 'The go-round names someone who is not in the group');
    if (new Set(order).size !== order.length) return refuse(ErrorCode.invalidCommand, 'The go-round names someone twice');
  }
  const speaking = state.turns.current?.personId;
  const ids = (order ? [...order, ...present.filter((id) => !order.includes(id))] : present).filter((id) => id !== speaking);
  if (ids.length === 0) return refuse(ErrorCode.conflict, 'There are no members in the group to go round');
  const round: QueueEntry[] = ids.map((personId) => ({ personId, source: 'goRound', raisedAt: ctx.now }));
  const hands = state.turns.queue.filter((e) => e.source === 'hand' && !ids.includes(e.personId));
  return accept(withTurns(state, { ...state.turns, queue: [...round, ...hands], goRound: { passed: [] } }), [], { queued: ids.length });
}

export function endGoRound(state: SessionState): Decision {
  if (!state.turns.goRound) return refuse(ErrorCode.conflict, 'No go-round is running');
  return accept(withTurns(state, { ...state.turns, queue: state.turns.queue.filter((e) => e.source !== 'goRound'), goRound: null }));
}

export function setTalkingPiece(state: SessionState, on: boolean): Decision {
  if (state.turns.talkingPiece === on) return accept(state);
  return accept(withTurns(state, { ...state.turns, talkingPiece: on }));
}

export { isPresent };

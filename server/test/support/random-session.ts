import type { DomainCommand } from '../../src/domain/commands.js';
import type { SessionState } from '../../src/domain/state.js';
import { Group } from './session-fixture.js';
import { SeededRandom } from './seeded-random.js';

const NAMES = ['Alice', 'Bob', 'Carmen', 'Dev', 'Olu'];

/** Runs a random session touching every feature, and returns every state it went through. */
export function randomSession(seed: number, steps: number): SessionState[] {
  const random = new SeededRandom(seed);
  const g = new Group();
  const states: SessionState[] = [g.state];
  const keep = (decision: { ok: boolean }) => decision.ok && states.push(g.state);
  keep(g.join('Dr Rivera', 'facilitator', { as: 'rivera' }));
  keep(g.join('Kim', 'cotherapist', { as: 'kim', kind: 'console' }));
  for (const name of NAMES) keep(g.join(name, name === 'Olu' ? 'observer' : 'member'));
  keep(g.addInRoom('Grace', 'rivera'));
  const someone = () => random.pick(NAMES);
  const staff = () => random.pick(['rivera', 'kim']);
  const roomIds = () => g.state.breakouts?.rooms.map((r) => r.id) ?? ['room-1'];
  const moves: Array<() => [string, DomainCommand]> = [
    () => [staff(), { type: 'person:admitAll' }],
    () => [staff(), { type: 'person:admit', personId: g.id(someone()) }],
    () => [staff(), { type: 'person:sendToWaiting', personId: g.id(someone()) }],
    () => [someone(), { type: 'hand:raise' }],
    () => [someone(), { type: 'hand:lower' }],
    () => [staff(), { type: 'queue:next', queueVersion: g.state.turns.queueVersion }],
    () => [staff(), { type: 'turn:end', queueVersion: g.state.turns.queueVersion }],
    () => [someone(), { type: 'turn:pass' }],
    () => [staff(), { type: 'goRound:start' }],
    () => [staff(), { type: 'goRound:end' }],
    () => [staff(), { type: 'talkingPiece:set', on: random.chance(0.5) }],
    () => [staff(), { type: 'session:lock', locked: random.chance(0.3) }],
    () => [staff(), { type: 'agenda:set', phases: ['Check-in', 'Skills', 'Check-out'] }],
    () => [staff(), { type: 'agenda:goTo', index: random.int(3) }],
    () => [staff(), { type: 'feelings:open', round: random.pick(['checkIn', 'checkOut'] as const) }],
    () => [someone(), { type: 'feelings:answer', score: random.int(11) }],
    () => [staff(), { type: 'feelings:close' }],
    () => [staff(), { type: 'note:add', text: 'A note' }],
    () => [staff(), { type: 'breakouts:start', size: { kind: 'pairs' }, assignment: 'random', prompt: 'Share', minutes: 5 }],
    () => [someone(), { type: 'reflection:save', text: 'Mornings', shared: random.chance(0.5) }],
    () => [someone(), { type: 'breakouts:help' }],
    () => [staff(), { type: 'breakouts:ackHelp', roomId: random.pick(roomIds()) }],
    () => [staff(), { type: 'breakouts:visit', roomId: random.chance(0.5) ? random.pick(roomIds()) : null }],
    () => [staff(), { type: 'breakouts:move', personId: g.id(someone()), roomId: random.pick(roomIds()) }],
    () => [staff(), { type: 'breakouts:broadcast', text: 'Two minutes' }],
    () => [staff(), { type: 'breakouts:close' }],
    () => [someone(), { type: 'support:signal' }],
    () => [staff(), { type: 'support:acknowledge', personId: g.id(someone()) }],
    () => [staff(), { type: 'support:start', personId: g.id(someone()) }],
    () => [staff(), { type: 'support:end', personId: g.id(someone()) }],
    () => [someone(), { type: 'session:leave' }],
  ];
  for (let i = 0; i < steps; i++) {
    if (random.chance(0.08)) {
      const name = someone();
      keep(random.chance(0.5) ? g.disconnect(name) : g.join(name, name === 'Olu' ? 'observer' : 'member'));
      continue;
    }
    const [who, command] = random.pick(moves)();
    keep(g.as(who).run(command));
  }
  keep(g.as('rivera').run({ type: 'session:end' }));
  return states;
}

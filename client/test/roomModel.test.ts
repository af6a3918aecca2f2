import { describe, expect, it } from 'vitest';
import { arrivals, buildTiles, participantRows, roleLabel, waitingSummary } from '../src/room/roomModel';
import { person, view } from './fixtures';

const rivera = person('fac1', 'Dr Rivera', { role: 'facilitator', kinds: ['media', 'console', 'roomDevice'] });
const alice = person('alice1', 'Alice');
const olu = person('obs1', 'Olu', { role: 'observer' });
const session = view({ people: [rivera, alice, olu] });

describe('tiles', () => {
  it('are one per admitted person, with video where the device has a camera track', () => {
    const tiles = buildTiles(session, 'alice1', { videos: { 'alice1.alice1d0': 't1' }, speaking: [] });
    expect(tiles.map((t) => [t.name, t.roleLabel, t.isSelf, t.video?.identity ?? null])).toEqual([
      ['Dr Rivera', 'Facilitator', false, null],
      ['Alice', null, true, 'alice1.alice1d0'],
      ['Olu', 'Observer', false, null],
    ]);
  });

  it('match speakers by the LiveKit identity of any of the person’s devices', () => {
    const tiles = buildTiles(session, null, { videos: {}, speaking: ['fac1.fac1d2'] });
    expect(tiles.find((t) => t.name === 'Dr Rivera')?.speaking).toBe(true);
    expect(tiles.find((t) => t.name === 'Alice')?.speaking).toBe(false);
  });

  it('give the room camera its own tile when the person also shows their own camera', () => {
    const videos = { 'fac1.fac1d0': 'own', 'fac1.fac1d2': 'room' };
    const tiles = buildTiles(session, null, { videos, speaking: ['fac1.fac1d2'] });
    const riveras = tiles.filter((t) => t.personId === 'fac1');
    expect(riveras.map((t) => [t.roomCamera, t.video?.trackKey, t.speaking])).toEqual([
      [false, 'own', false],
      [true, 'room', true],
    ]);
    expect(new Set(tiles.map((t) => t.key)).size).toBe(tiles.length);
  });

  it('never show a console’s video', () => {
    const tiles = buildTiles(session, null, { videos: { 'fac1.fac1d1': 'console' }, speaking: [] });
    expect(tiles.find((t) => t.personId === 'fac1')?.video).toBeNull();
  });
});

describe('participant rows', () => {
  it('let staff manage members and observers, never staff or themselves', () => {
    const rows = participantRows(session, 'fac1', 'facilitator', { videos: {}, speaking: [] });
    expect(rows.map((r) => [r.name, r.manageable])).toEqual([
      ['Dr Rivera', false],
      ['Alice', true],
      ['Olu', true],
    ]);
  });

  it('let members manage no one', () => {
    expect(participantRows(session, 'alice1', 'member', { videos: {}, speaking: [] }).some((r) => r.manageable)).toBe(false);
  });

  it('let staff mute members with a microphone device, not a console, staff or observers', () => {
    const onConsole = person('con1', 'Kai', { kinds: ['console'] });
    const away = person('gone1', 'Lee', { devices: [{ id: 'd', kind: 'media', connected: false, identity: 'gone1.d' }] });
    const rows = participantRows(view({ people: [rivera, alice, olu, onConsole, away] }), 'fac1', 'cotherapist', { videos: {}, speaking: [] });
    expect(rows.map((r) => [r.name, r.mutable])).toEqual([
      ['Dr Rivera', false],
      ['Alice', true],
      ['Olu', false],
      ['Kai', false],
      ['Lee', false],
    ]);
    expect(participantRows(session, 'alice1', 'member', { videos: {}, speaking: [] }).some((r) => r.mutable)).toBe(false);
  });

  it('let staff raise and lower the hand of a member in the room with them', () => {
    const sam = person('sam1', 'Sam', { attendance: 'inRoom', kinds: [] });
    const turns = (queue: string[], current: string | null = null) => ({
      ...view().turns,
      queue: queue.map((personId) => ({ personId, source: 'hand' as const, raisedAt: 1 })),
      current: current ? { personId: current, source: 'hand' as const, startedAt: 1, endsAt: null } : null,
    });
    const hands = (t: ReturnType<typeof turns>, role: 'facilitator' | 'member' = 'facilitator') =>
      participantRows(view({ people: [alice, sam], turns: t }), 'x', role, { videos: {}, speaking: [] }).map((r) => r.handFor);
    expect(hands(turns([]))).toEqual([null, 'raise']);
    expect(hands(turns(['sam1']))).toEqual([null, 'lower']);
    expect(hands(turns([], 'sam1'))).toEqual([null, null]);
    expect(hands(turns([]), 'member')).toEqual([null, null]);
  });

  it('say how someone is here', () => {
    const inRoom = person('r1', 'Sam', { attendance: 'inRoom', kinds: [] });
    const away = person('a1', 'Kit', { present: false });
    const rows = participantRows(view({ people: [inRoom, away, rivera] }), null, 'member', { videos: {}, speaking: [] });
    expect(rows.map((r) => r.detail)).toEqual(['In the room', 'Away', 'On 3 devices']);
  });
});

describe('words', () => {
  it('label roles', () => {
    expect([roleLabel('facilitator'), roleLabel('cotherapist'), roleLabel('member'), roleLabel('observer')]).toEqual([
      'Facilitator',
      'Co-therapist',
      null,
      'Observer',
    ]);
  });

  it('count the waiting room and name new arrivals', () => {
    expect(waitingSummary(0)).toBe('No one is waiting.');
    expect(waitingSummary(2)).toBe('2 people are waiting.');
    expect(arrivals([alice], [alice, olu])).toEqual(['Olu']);
  });
});

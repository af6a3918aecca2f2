import { describe, expect, it } from 'vitest';
import type { TurnsView } from '@circle/shared';
import { msLeft, notYetShared, shareRows, speakingQueue, TIME_UP_HOLD_MS, timeUpTurn, type Turn } from '../src/queue/queueModel';
import { person, view } from './fixtures';

const alice = person('alice1', 'Alice');
const bob = person('bob1', 'Bob');
const carmen = person('carmen1', 'Carmen');
const rivera = person('fac1', 'Dr Rivera', { role: 'facilitator' });

function turns(over: Partial<TurnsView> = {}): TurnsView {
  return { queue: [], queueVersion: 4, current: null, turnSeconds: null, autoEnd: false, goRound: null, talkingPiece: false, ...over };
}
const hand = (personId: string, raisedAt = 1) => ({ personId, source: 'hand' as const, raisedAt });
const round = (personId: string) => ({ personId, source: 'goRound' as const, raisedAt: 1 });
const session = (t: Partial<TurnsView>) => view({ people: [rivera, alice, bob, carmen], turns: turns(t) });

const T0 = 1_700_000_000_000;
const timed = (personId: string, seconds: number | null, startedAt = T0): Turn => ({
  personId,
  source: 'hand',
  startedAt,
  endsAt: seconds === null ? null : startedAt + seconds * 1000,
});

describe('the speaking queue as shown', () => {
  it('lists everyone waiting in order, with their place', () => {
    const q = speakingQueue(session({ queue: [hand('alice1'), hand('carmen1'), hand('bob1')] }), 'fac1', T0);
    expect(q.waiting.map((r) => `${r.place}. ${r.name}`)).toEqual(['1. Alice', '2. Carmen', '3. Bob']);
    expect(q.waiting.map((r) => [r.first, r.last])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
    expect(q.speaker).toBeNull();
    expect(q.ownPlace).toBeNull();
  });

  it('tells a member their own place', () => {
    const s = session({ queue: [hand('alice1'), hand('carmen1'), hand('bob1')] });
    expect(speakingQueue(s, 'carmen1', T0).ownPlace).toBe('You are 2nd in line');
    expect(speakingQueue(s, 'bob1', T0).ownPlace).toBe('You are 3rd in line');
    expect(speakingQueue(s, 'bob1', T0).waiting.find((r) => r.isSelf)?.name).toBe('Bob');
  });

  it('names the speaker, and tells the speaker it is their turn', () => {
    const s = session({ current: timed('alice1', null), queue: [hand('bob1')] });
    expect(speakingQueue(s, 'bob1', T0).speaker).toEqual({ personId: 'alice1', name: 'Alice', isSelf: false });
    expect(speakingQueue(s, 'alice1', T0).speaker?.isSelf).toBe(true);
    expect(speakingQueue(s, 'alice1', T0).ownPlace).toBe('It is your turn to speak');
    expect(speakingQueue(s, 'alice1', T0).timeLeft).toBeNull();
  });

  it('counts the time left down from the absolute end, by the clock it is given', () => {
    const s = session({ current: timed('alice1', 120), turnSeconds: 120 });
    expect(speakingQueue(s, null, T0).timeLeft).toBe('2:00 left');
    expect(speakingQueue(s, null, T0 + 54_500).timeLeft).toBe('1:06 left');
    expect(speakingQueue(s, null, T0 + 119_001).timeLeft).toBe('0:01 left');
    expect(speakingQueue(s, null, T0 + 125_000).timeLeft).toBe('0:00 left');
  });

  it('marks who the go-round put in line, and names those who passed', () => {
    const s = session({ queue: [round('bob1'), round('carmen1'), hand('alice1')], goRound: { remaining: 2, passed: ['alice1'] } });
    const q = speakingQueue(s, 'bob1', T0);
    expect(q.waiting.map((r) => r.inRound)).toEqual([true, true, false]);
    expect(q.goRound).toEqual({ remaining: 2, passed: ['Alice'] });
  });

  it('says "Someone" for a person the view does not name', () => {
    expect(speakingQueue(session({ queue: [hand('ghost1')] }), null, T0).waiting[0]?.name).toBe('Someone');
  });
});

describe('time left', () => {
  it('is null without a timer', () => {
    expect(msLeft(timed('alice1', null), T0)).toBeNull();
  });

  it('never exceeds the turn’s length, even on a clock that runs behind the server’s', () => {
    expect(msLeft(timed('alice1', 60), T0 - 30_000)).toBe(60_000);
    expect(msLeft(timed('alice1', 60), T0 + 30_000)).toBe(30_000);
    expect(msLeft(timed('alice1', 60), T0 + 90_000)).toBe(0);
  });
});

describe('time is up', () => {
  const turn = timed('alice1', 60);

  it('while the current timed turn runs past its end', () => {
    expect(timeUpTurn(turn, null, T0 + 59_999)).toBeNull();
    expect(timeUpTurn(turn, null, T0 + 60_000)).toBe(turn);
    expect(timeUpTurn(timed('alice1', null), null, T0 + 600_000)).toBeNull();
  });

  it('for a few seconds after the timer itself ended the turn', () => {
    const ended = { turn, endedAt: T0 + 60_050 };
    expect(timeUpTurn(null, ended, T0 + 61_000)).toBe(turn);
    expect(timeUpTurn(timed('bob1', 60, T0 + 60_050), ended, T0 + 62_000)).toBe(turn);
    expect(timeUpTurn(null, ended, T0 + 60_050 + TIME_UP_HOLD_MS)).toBeNull();
  });

  it('not for a turn ended early by staff or a pass, even once its time would have run out', () => {
    const ended = { turn, endedAt: T0 + 20_000 };
    expect(timeUpTurn(null, ended, T0 + 21_000)).toBeNull();
    expect(timeUpTurn(null, ended, T0 + 61_000)).toBeNull();
  });
});

describe('shares', () => {
  it('list members who have not had a turn, with everyone’s count', () => {
    const v = view({
      people: [alice, bob, carmen],
      shares: [
        { personId: 'alice1', turns: 2, passes: 0 },
        { personId: 'bob1', turns: 0, passes: 1 },
        { personId: 'carmen1', turns: 0, passes: 0 },
      ],
    });
    const rows = shareRows(v);
    expect(rows.map((r) => [r.name, r.count])).toEqual([
      ['Alice', '2 turns'],
      ['Bob', '0 turns, 1 pass'],
      ['Carmen', '0 turns'],
    ]);
    expect(notYetShared(rows).map((r) => r.name)).toEqual(['Bob', 'Carmen']);
  });
});

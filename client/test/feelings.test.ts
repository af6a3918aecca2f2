import { describe, expect, it } from 'vitest';
import {
  answeredText,
  asksMember,
  changeText,
  feelingLine,
  feelingRows,
  formatAverage,
  roundSpread,
  spreadOf,
  spreadText,
} from '../src/clinical/feelings';
import { person, view } from './fixtures';

const alice = person('alice1', 'Alice');
const bob = person('bob1', 'Bob');
const carol = person('carol1', 'Carol', { attendance: 'inRoom', kinds: [] });
const rivera = person('fac1', 'Dr Rivera', { role: 'facilitator' });
const olu = person('obs1', 'Olu', { role: 'observer' });

function withAnswers(answers: { personId: string; round: 'checkIn' | 'checkOut'; score: number }[]) {
  const base = view();
  return view({
    people: [rivera, alice, bob, carol, olu],
    clinical: { ...base.clinical, feelings: { open: 'checkOut', answers } },
  });
}

describe('the spread of answers', () => {
  it('gives the lowest, highest and average', () => {
    expect(spreadOf([4, 7, 5])).toEqual({ count: 3, min: 4, max: 7, average: 16 / 3 });
    expect(spreadOf([])).toBeNull();
  });

  it('writes the average with at most one decimal', () => {
    expect(formatAverage(16 / 3)).toBe('5.3');
    expect(formatAverage(5.5)).toBe('5.5');
    expect(formatAverage(6)).toBe('6');
    expect(formatAverage(5.96)).toBe('6');
  });

  it('says it in words, round by round', () => {
    expect(spreadText('checkIn', spreadOf([3, 8, 5]))).toBe('Check-in: 3 answers · lowest 3 · highest 8 · average 5.3');
    expect(spreadText('checkOut', spreadOf([6]))).toBe('Check-out: 1 answer · lowest 6 · highest 6 · average 6');
    expect(spreadText('checkOut', null)).toBe('Check-out: no answers yet');
  });

  it('counts each round on its own', () => {
    const answers = [
      { personId: 'alice1', round: 'checkIn' as const, score: 4 },
      { personId: 'bob1', round: 'checkIn' as const, score: 8 },
      { personId: 'alice1', round: 'checkOut' as const, score: 6 },
    ];
    expect(roundSpread(answers, 'checkIn')).toMatchObject({ count: 2, min: 4, max: 8, average: 6 });
    expect(roundSpread(answers, 'checkOut')).toMatchObject({ count: 1, min: 6, max: 6 });
  });
});

describe('each member’s answers, for staff', () => {
  const rows = feelingRows(
    withAnswers([
      { personId: 'alice1', round: 'checkIn', score: 4 },
      { personId: 'alice1', round: 'checkOut', score: 6 },
      { personId: 'bob1', round: 'checkIn', score: 7 },
      { personId: 'bob1', round: 'checkOut', score: 5 },
      { personId: 'carol1', round: 'checkIn', score: 5 },
      // Someone no longer in the group is not listed.
      { personId: 'gone1', round: 'checkIn', score: 2 },
    ]),
  );

  it('lists members only, in roster order, with the change since check-in', () => {
    expect(rows).toEqual([
      { personId: 'alice1', name: 'Alice', inRoom: false, checkIn: 4, checkOut: 6, change: 2 },
      { personId: 'bob1', name: 'Bob', inRoom: false, checkIn: 7, checkOut: 5, change: -2 },
      { personId: 'carol1', name: 'Carol', inRoom: true, checkIn: 5, checkOut: null, change: null },
    ]);
  });

  it('writes each member’s line: both rounds with the change, or what there is', () => {
    expect(rows.map((r) => `${r.name} ${feelingLine(r)}`)).toEqual(['Alice 4 → 6 (+2)', 'Bob 7 → 5 (−2)', 'Carol 5']);
    expect(feelingLine({ checkIn: 5, checkOut: 5, change: 0 })).toBe('5 → 5 (no change)');
    expect(feelingLine({ checkIn: null, checkOut: 3, change: null })).toBe('check-out 3');
    expect(feelingLine({ checkIn: null, checkOut: null, change: null })).toBe('no answer yet');
  });

  it('writes a change with a true minus sign', () => {
    expect(changeText(-3)).toBe('\u22123');
    expect(changeText(1)).toBe('+1');
  });

  it('counts who answered the open round', () => {
    expect(answeredText(rows, 'checkOut')).toBe('2 of 3 members have answered');
    expect(answeredText(rows.slice(0, 1), 'checkIn')).toBe('1 of 1 member has answered');
  });
});

describe('who is asked', () => {
  it('asks members while a round is open, never staff or observers', () => {
    expect(asksMember({ role: 'member' }, 'checkIn')).toBe(true);
    expect(asksMember({ role: 'member' }, null)).toBe(false);
    expect(asksMember({ role: 'facilitator' }, 'checkIn')).toBe(false);
    expect(asksMember({ role: 'observer' }, 'checkOut')).toBe(false);
  });
});

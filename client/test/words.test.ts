import { describe, expect, it } from 'vitest';
import { formatTimeLeft, ordinal, placeInLine, shareCount, turnLengthLabel, turnLengthOptions } from '../src/queue/words';

describe('ordinals', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [10, '10th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [14, '14th'],
    [21, '21st'],
    [22, '22nd'],
    [23, '23rd'],
    [101, '101st'],
    [111, '111th'],
    [112, '112th'],
    [113, '113th'],
    [122, '122nd'],
  ])('%i is %s', (n, word) => {
    expect(ordinal(n)).toBe(word);
  });

  it('make a member’s place in line', () => {
    expect(placeInLine(2)).toBe('You are 2nd in line');
  });
});

describe('time left', () => {
  it('shows minutes and seconds, rounding up so 0:00 means time is up', () => {
    expect(formatTimeLeft(300_000)).toBe('5:00 left');
    expect(formatTimeLeft(65_000)).toBe('1:05 left');
    expect(formatTimeLeft(9_001)).toBe('0:10 left');
    expect(formatTimeLeft(1)).toBe('0:01 left');
    expect(formatTimeLeft(0)).toBe('0:00 left');
    expect(formatTimeLeft(-5_000)).toBe('0:00 left');
  });
});

describe('turn lengths', () => {
  it('offer None and 1, 2, 3, 5 minutes', () => {
    expect(turnLengthOptions(null).map((o) => [o.value, o.label])).toEqual([
      ['', 'None'],
      ['60', '1 minute'],
      ['120', '2 minutes'],
      ['180', '3 minutes'],
      ['300', '5 minutes'],
    ]);
  });

  it('also offer a length set elsewhere, in its place', () => {
    expect(turnLengthOptions(90).map((o) => o.label)).toEqual(['None', '1 minute', '1 minute 30 seconds', '2 minutes', '3 minutes', '5 minutes']);
    expect(turnLengthLabel(45)).toBe('45 seconds');
  });
});

describe('share counts', () => {
  it('say turns, and passes when there were some', () => {
    expect(shareCount(0, 0)).toBe('0 turns');
    expect(shareCount(1, 0)).toBe('1 turn');
    expect(shareCount(2, 1)).toBe('2 turns, 1 pass');
    expect(shareCount(1, 3)).toBe('1 turn, 3 passes');
  });
});

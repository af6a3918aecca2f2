import { describe, expect, it } from 'vitest';
import type { Role, TurnsView } from '@circle/shared';
import { memberTurnButton, seesTimeUp, staffTurnControls } from '../src/queue/turnControls';

function turns(over: Partial<TurnsView> = {}): TurnsView {
  return { queue: [], queueVersion: 1, current: null, turnSeconds: null, autoEnd: false, goRound: null, talkingPiece: false, ...over };
}
const hand = (personId: string) => ({ personId, source: 'hand' as const, raisedAt: 1 });
const round = (personId: string) => ({ personId, source: 'goRound' as const, raisedAt: 1 });
const speaking = (personId: string, source: 'hand' | 'goRound' = 'goRound') => ({ personId, source, startedAt: 1, endsAt: null });
const goRound = { remaining: 1, passed: [] };

describe('a member’s turn button', () => {
  it('is Raise hand, then Lower hand once in line', () => {
    expect(memberTurnButton('member', turns(), 'a')).toBe('raise');
    expect(memberTurnButton('member', turns({ queue: [hand('b'), hand('a')] }), 'a')).toBe('lower');
  });

  it('is Pass while waiting in a go-round or speaking in one', () => {
    expect(memberTurnButton('member', turns({ queue: [round('a')], goRound }), 'a')).toBe('pass');
    expect(memberTurnButton('member', turns({ current: speaking('a'), queue: [round('b')], goRound }), 'a')).toBe('pass');
  });

  it('lets someone outside the round raise a hand for afterwards, and lower it', () => {
    expect(memberTurnButton('member', turns({ queue: [round('b')], goRound }), 'a')).toBe('raise');
    expect(memberTurnButton('member', turns({ queue: [round('b'), hand('a')], goRound }), 'a')).toBe('lower');
  });

  it('is gone while the member speaks outside a go-round', () => {
    expect(memberTurnButton('member', turns({ current: speaking('a', 'hand') }), 'a')).toBeNull();
  });

  it('offers no Pass for a raised-hand turn that began before a go-round', () => {
    expect(memberTurnButton('member', turns({ current: speaking('a', 'hand'), queue: [round('b')], goRound }), 'a')).toBeNull();
  });

  it.each<Role>(['facilitator', 'cotherapist', 'observer'])('is never shown to a %s', (role) => {
    expect(memberTurnButton(role, turns(), 'a')).toBeNull();
  });
});

describe('staff turn controls', () => {
  it.each<Role>(['facilitator', 'cotherapist'])('are all there for a %s', (role) => {
    expect(staffTurnControls(role, turns({ queue: [hand('a')], current: speaking('b') }))).toEqual({
      manageQueue: true,
      nextSpeaker: true,
      endTurn: true,
      startGoRound: true,
      endGoRound: false,
      settings: true,
    });
  });

  it.each<Role>(['member', 'observer'])('are none for a %s', (role) => {
    expect(Object.values(staffTurnControls(role, turns({ queue: [hand('a')] }))).some(Boolean)).toBe(false);
  });

  it('offer Next speaker only when there is someone to move on to or from, End turn only during a turn', () => {
    expect(staffTurnControls('facilitator', turns()).nextSpeaker).toBe(false);
    expect(staffTurnControls('facilitator', turns()).endTurn).toBe(false);
    expect(staffTurnControls('facilitator', turns({ current: speaking('a') })).nextSpeaker).toBe(true);
  });

  it('swap Start go-round for End go-round while one runs', () => {
    const c = staffTurnControls('cotherapist', turns({ queue: [round('a')], goRound }));
    expect([c.startGoRound, c.endGoRound]).toEqual([false, true]);
  });
});

describe('who is told that time is up', () => {
  it('is the speaker and staff', () => {
    expect(seesTimeUp('member', 'a', 'a')).toBe(true);
    expect(seesTimeUp('member', 'b', 'a')).toBe(false);
    expect(seesTimeUp('cotherapist', 'c', 'a')).toBe(true);
    expect(seesTimeUp('observer', 'o', 'a')).toBe(false);
  });
});

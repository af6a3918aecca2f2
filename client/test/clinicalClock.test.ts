import { describe, expect, it } from 'vitest';
import { clockText, currentPhase, elapsedMinutes, nextPhaseIndex, phaseText } from '../src/clinical/clock';

const MIN = 60_000;
const start = Date.UTC(2025, 2, 4, 18, 0);

describe('the session clock', () => {
  it('shows whole minutes since the start, of the planned length', () => {
    const clock = { startedAt: start, plannedMinutes: 90, endedAt: null };
    expect(clockText(clock, start)).toBe('0 min of 90');
    expect(clockText(clock, start + 24 * MIN + 59_000)).toBe('24 min of 90');
    expect(clockText(clock, start + 90 * MIN)).toBe('90 min of 90');
  });

  it('says how far over the planned length a session ran', () => {
    expect(clockText({ startedAt: start, plannedMinutes: 90, endedAt: null }, start + 95 * MIN)).toBe('95 min of 90 · 5 over');
  });

  it('shows the planned length before anyone started the session', () => {
    expect(elapsedMinutes({ startedAt: null, plannedMinutes: 60, endedAt: null }, start)).toBeNull();
    expect(clockText({ startedAt: null, plannedMinutes: 60, endedAt: null }, start)).toBe('60 min planned');
  });

  it('stops at the end, whatever the time now', () => {
    const ended = { startedAt: start, plannedMinutes: 90, endedAt: start + 84 * MIN };
    expect(clockText(ended, start + 300 * MIN)).toBe('84 min of 90');
  });

  it('never goes below zero when this device’s clock is behind the server’s', () => {
    expect(elapsedMinutes({ startedAt: start, plannedMinutes: 90, endedAt: null }, start - 5_000)).toBe(0);
  });
});

describe('the phase', () => {
  const agenda = { phases: ['Check-in', 'Sharing', 'Skills', 'Reflection', 'Check-out'], current: 1 };

  it('names the phase the group is in and where it falls', () => {
    expect(currentPhase(agenda)).toBe('Sharing');
    expect(phaseText(agenda)).toBe('Now: Sharing (2 of 5)');
    expect(phaseText({ phases: ['Open group'], current: 0 })).toBe('Now: Open group');
  });

  it('has nothing to say about an empty agenda', () => {
    expect(phaseText({ phases: [], current: 0 })).toBeNull();
  });

  it('goes on to the next phase, and not past the last', () => {
    expect(nextPhaseIndex(agenda)).toBe(2);
    expect(nextPhaseIndex({ ...agenda, current: 4 })).toBeNull();
  });
});

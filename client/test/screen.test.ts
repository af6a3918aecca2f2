import { describe, expect, it } from 'vitest';
import { decideScreen, Phase, refusalMessage, type ScreenInput } from '../src/session/screen';
import { self, view } from './fixtures';

const base: ScreenInput = { phase: Phase.joined, outcome: null, self: null, view: null, connection: { status: 'connected', refusal: null } };
const screen = (over: Partial<ScreenInput>) => decideScreen({ ...base, ...over });

describe('which screen to show', () => {
  it('follows the phase before joining', () => {
    expect(screen({ phase: Phase.starting, connection: null })).toBe('loading');
    expect(screen({ phase: Phase.invalid, connection: null })).toBe('invalid');
    expect(screen({ phase: Phase.prejoin, connection: null })).toBe('prejoin');
    expect(screen({ phase: Phase.joining, connection: { status: 'connecting', refusal: null } })).toBe('prejoin');
    expect(screen({ phase: Phase.rejoining })).toBe('rejoining');
  });

  it('follows self.status once joined', () => {
    expect(screen({ self: self({ status: 'waiting' }) })).toBe('waiting');
    expect(screen({ self: self({ status: 'admitted' }) })).toBe('room');
    expect(screen({ self: self({ status: 'removed' }) })).toBe('removed');
    expect(screen({ self: null })).toBe('rejoining');
  });

  it('keeps the room on screen while the socket reconnects', () => {
    expect(screen({ self: self({ status: 'admitted' }), connection: { status: 'reconnecting', refusal: null } })).toBe('room');
  });

  it('puts endings before everything else', () => {
    expect(screen({ outcome: 'removed', phase: Phase.starting })).toBe('removed');
    expect(screen({ outcome: 'ended', self: self({ status: 'admitted' }) })).toBe('ended');
    expect(screen({ view: view({ status: 'ended' }), self: self({ status: 'admitted' }) })).toBe('ended');
    expect(screen({ connection: { status: 'refused', refusal: 'removed' }, phase: Phase.prejoin })).toBe('removed');
    expect(screen({ connection: { status: 'refused', refusal: 'session_ended' } })).toBe('ended');
  });

  it('shows a left page after leaving, even though the socket is gone', () => {
    expect(screen({ phase: Phase.left, connection: null })).toBe('left');
  });

  it('turns other refusals into pages that say what to do', () => {
    const refused = (refusal: ScreenInput['connection'] & object) => screen({ phase: Phase.joining, connection: refusal });
    expect(refused({ status: 'refused', refusal: 'protocol_mismatch' })).toBe('reload');
    expect(refused({ status: 'refused', refusal: 'invalid_link' })).toBe('invalid');
    expect(refused({ status: 'refused', refusal: 'expired_link' })).toBe('invalid');
    expect(refused({ status: 'refused', refusal: 'bad_origin' })).toBe('closed');
    expect(refused({ status: 'refused', refusal: 'session_locked' })).toBe('closed');
    expect(refused({ status: 'refused', refusal: null })).toBe('closed');
  });

  it('has words for every refusal', () => {
    for (const code of ['protocol_mismatch', 'invalid_link', 'expired_link', 'removed', 'session_ended', 'session_locked', 'bad_origin', null] as const) {
      expect(refusalMessage(code)).toMatch(/\w/);
    }
  });
});

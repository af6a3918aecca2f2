import { describe, expect, it } from 'vitest';
import { deviceKindOptions, joiningAs } from '../src/join/deviceKinds';
import { canJoin } from '../src/join/usePrejoinForm';

describe('the prejoin form', () => {
  it('can be sent once agreed with a name, and not twice', () => {
    expect(canJoin({ name: 'Alice', agreed: true }, false)).toBe(true);
    expect(canJoin({ name: '   ', agreed: true }, false)).toBe(false);
    expect(canJoin({ name: 'Alice', agreed: false }, false)).toBe(false);
    expect(canJoin({ name: 'Alice', agreed: true }, true)).toBe(false);
  });

  it('offers the room camera to staff only', () => {
    expect(deviceKindOptions('member').map((o) => o.label)).toEqual([
      'Camera and microphone',
      'Control console — no camera or microphone',
    ]);
    expect(deviceKindOptions('cotherapist').map((o) => o.kind)).toEqual(['media', 'console', 'roomDevice']);
    expect(deviceKindOptions('facilitator').at(-1)?.label).toBe('Room camera — the device facing the physical room');
  });

  it('says who the person joins as', () => {
    expect(joiningAs('observer')).toBe('You are joining as an observer.');
  });
});

import { describe, expect, it } from 'vitest';
import { isCurrent, latestView, refusalOf } from '../src/net/views';

describe('view versions', () => {
  it('take the first view, newer views and the same version again; drop older ones', () => {
    expect(isCurrent(null, 1)).toBe(true);
    expect(isCurrent(3, 4)).toBe(true);
    expect(isCurrent(3, 3)).toBe(true);
    expect(isCurrent(3, 2)).toBe(false);
  });

  it('keep the newest view whatever order they arrive in', () => {
    const v = (version: number) => ({ version, tag: `v${version}` });
    const arrivals = [v(2), v(5), v(3), v(4), v(6), v(1)];
    const held = arrivals.reduce<{ version: number; tag: string } | null>((h, next) => latestView(h, next), null);
    expect(held?.tag).toBe('v6');
  });
});

describe('refusals', () => {
  it('read the code the server put in connect_error.data', () => {
    const error = Object.assign(new Error('nope'), { data: { code: 'removed', message: 'You were removed' } });
    expect(refusalOf(error)).toBe('removed');
    expect(refusalOf(Object.assign(new Error('x'), { data: { code: 'protocol_mismatch' } }))).toBe('protocol_mismatch');
  });

  it('are null for anything else', () => {
    expect(refusalOf(new Error('xhr poll error'))).toBeNull();
    expect(refusalOf(Object.assign(new Error('x'), { data: { code: 'who_knows' } }))).toBeNull();
    expect(refusalOf(null)).toBeNull();
  });
});

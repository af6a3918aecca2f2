import { describe, expect, it } from 'vitest';
import { routeOf } from '../src/app/route';
import { linkTokenFromHash, sessionIdHint } from '../src/session/linkToken';

describe('routes', () => {
  it.each([
    ['/', 'home'],
    ['/index.html', 'home'],
    ['/join', 'join'],
    ['/join/', 'join'],
    ['/elsewhere', 'notFound'],
  ])('%s → %s', (path, route) => expect(routeOf(path)).toBe(route));
});

describe('link tokens', () => {
  it('come from the hash only', () => {
    expect(linkTokenFromHash('#abc.def')).toBe('abc.def');
    expect(linkTokenFromHash('')).toBeNull();
    expect(linkTokenFromHash('#')).toBeNull();
    expect(linkTokenFromHash('#%41b')).toBe('Ab');
  });

  it('hint at their session without being trusted', () => {
    const body = Buffer.from(JSON.stringify({ sid: 'sess_1234', role: 'member', gen: 0, exp: 1 })).toString('base64url');
    expect(sessionIdHint(`${body}.signature`)).toBe('sess_1234');
    expect(sessionIdHint('garbage')).toBeNull();
    expect(sessionIdHint(`${Buffer.from('{"sid":"../../x"}').toString('base64url')}.s`)).toBeNull();
    expect(sessionIdHint('')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { backoff, GRANT_FRESH_MS, retryDelay, shouldRenewGrant } from '../src/media/backoff';

describe('media retry backoff', () => {
  const middle = () => 0.5; // no jitter

  it('doubles from one second and stops growing at thirty', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((a) => retryDelay(a, middle))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('spreads retries by at most the jitter, never past the cap', () => {
    expect(retryDelay(0, () => 0)).toBe(800);
    expect(retryDelay(0, () => 1)).toBe(1200);
    expect(retryDelay(10, () => 1)).toBe(backoff.maxMs);
  });

  it('asks for a fresh grant when refused or when the grant is old', () => {
    expect(shouldRenewGrant({ grantAgeMs: 1000, refusedByServer: false })).toBe(false);
    expect(shouldRenewGrant({ grantAgeMs: 1000, refusedByServer: true })).toBe(true);
    expect(shouldRenewGrant({ grantAgeMs: GRANT_FRESH_MS, refusedByServer: false })).toBe(true);
  });
});

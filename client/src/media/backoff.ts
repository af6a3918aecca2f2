/**
 * When to try the media server again after a failure: 1 s, 2 s, 4 s … capped at 30 s, each
 * spread by ±20 % so that a room full of devices does not retry in lockstep after an outage.
 */
export const backoff = { initialMs: 1_000, maxMs: 30_000, jitter: 0.2 } as const;

export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt));
  const spread = 1 + backoff.jitter * (2 * random() - 1);
  return Math.round(Math.min(backoff.maxMs, base * spread));
}

/** LiveKit tokens are short-lived: after this long, ask for a fresh grant before retrying. */
export const GRANT_FRESH_MS = 5 * 60_000;

/** Whether to ask the server for a fresh grant before the next attempt. */
export function shouldRenewGrant(input: { grantAgeMs: number; refusedByServer: boolean }): boolean {
  return input.refusedByServer || input.grantAgeMs >= GRANT_FRESH_MS;
}

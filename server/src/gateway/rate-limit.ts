/** A steady rate with room for bursts: `perSecond` tokens flow in, at most `burst` are held. */
export type Rate = { perSecond: number; burst: number };

export type CommandRates = {
  /** One connection: a person pressing buttons, even quickly, stays far below it. */
  connection: Rate;
  /** One session, across all its connections (and so across a person's many devices or tabs). */
  session: Rate;
};

export const DEFAULT_COMMAND_RATES: CommandRates = {
  connection: { perSecond: 20, burst: 40 },
  session: { perSecond: 200, burst: 400 },
};

/** A token bucket on an injected clock (milliseconds), so tests decide when time passes. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number,
  ) {
    this.tokens = rate.burst;
    this.at = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when the bucket has refilled completely: nothing would be lost by forgetting it. */
  idle(): boolean {
    this.refill();
    return this.tokens >= this.rate.burst;
  }

  private refill(): void {
    const now = this.now();
    // A clock that goes backwards (a test, or a system clock adjustment) grants nothing.
    const elapsed = Math.max(0, now - this.at);
    this.tokens = Math.min(this.rate.burst, this.tokens + (elapsed / 1000) * this.rate.perSecond);
    this.at = now;
  }
}

const SWEEP_EVERY_MS = 60_000;

/**
 * The gateway's limiter: a bucket per connection (held by the connection, gone with it) and
 * one per session, kept here and forgotten once full again so idle sessions cost nothing.
 */
export class CommandLimiter {
  private readonly sessions = new Map<string, TokenBucket>();
  private nextSweepAt: number;

  constructor(
    readonly rates: CommandRates = DEFAULT_COMMAND_RATES,
    private readonly now: () => number = Date.now,
  ) {
    this.nextSweepAt = now() + SWEEP_EVERY_MS;
  }

  /** A bucket for one new connection. */
  forConnection(): TokenBucket {
    return new TokenBucket(this.rates.connection, this.now);
  }

  /**
   * Whether one more command may run. The connection's bucket is asked first, so a flooding
   * connection spends its own tokens and not the session's that others need.
   */
  allow(connection: TokenBucket, sessionId: string): boolean {
    if (!connection.take()) return false;
    this.sweep();
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = new TokenBucket(this.rates.session, this.now);
      this.sessions.set(sessionId, session);
    }
    return session.take();
  }

  /** How many sessions have a bucket in memory (for tests of the sweep). */
  get tracked(): number {
    return this.sessions.size;
  }

  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [id, bucket] of this.sessions) if (bucket.idle()) this.sessions.delete(id);
  }
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, type HttpError } from '@circle/shared';
import { CommandLimiter, TokenBucket } from '../../src/gateway/rate-limit.js';
import { loadConfig } from '../../src/config.js';
import { ADMIN_KEY, Harness, send, tokenOf, type ClientSocket } from '../support/harness.js';
import { join } from './support/scene.js';
import { ManualClock, ManualTimers } from '../support/timed-harness.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

describe('token bucket', () => {
  it('allows a burst, then the steady rate as time passes', () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ perSecond: 20, burst: 40 }, clock.now);
    const taken = Array.from({ length: 50 }, () => bucket.take()).filter(Boolean).length;
    expect(taken).toBe(40);
    clock.t += 500; // half a second: ten more
    expect(Array.from({ length: 20 }, () => bucket.take()).filter(Boolean).length).toBe(10);
    clock.t += 60_000; // a long pause refills to the burst, no further
    expect(Array.from({ length: 50 }, () => bucket.take()).filter(Boolean).length).toBe(40);
  });

  it('grants nothing when the clock goes backwards', () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ perSecond: 10, burst: 1 }, clock.now);
    expect(bucket.take()).toBe(true);
    clock.t -= 10_000;
    expect(bucket.take()).toBe(false);
    clock.t += 100;
    expect(bucket.take()).toBe(true);
  });
});

describe('command limiter', () => {
  it('limits each connection, and all connections of a session together', () => {
    const clock = manualClock();
    const limiter = new CommandLimiter({ connection: { perSecond: 1, burst: 5 }, session: { perSecond: 1, burst: 8 } }, clock.now);
    const [a, b, c] = [limiter.forConnection(), limiter.forConnection(), limiter.forConnection()];
    const count = (bucket: TokenBucket, session: string, n: number) =>
      Array.from({ length: n }, () => limiter.allow(bucket, session)).filter(Boolean).length;
    expect(count(a, 's1', 10)).toBe(5); // a's own limit
    expect(count(b, 's1', 10)).toBe(3); // what the session has left
    expect(count(c, 's2', 10)).toBe(5); // another session is unaffected
  });

  it('forgets the buckets of sessions that have gone quiet', () => {
    const clock = manualClock();
    const limiter = new CommandLimiter({ connection: { perSecond: 10, burst: 10 }, session: { perSecond: 10, burst: 10 } }, clock.now);
    const bucket = limiter.forConnection();
    for (const id of ['s1', 's2', 's3']) limiter.allow(bucket, id);
    expect(limiter.tracked).toBe(3);
    clock.t += 120_000;
    limiter.allow(limiter.forConnection(), 's4');
    expect(limiter.tracked).toBe(1);
  });
});

describe('rate limits on real sockets and HTTP', () => {
  let harness: Harness;
  afterEach(() => harness.stop());

  /** Sends `n` commands at once; returns how many were refused as rate limited (every one must be answered). */
  async function flood(socket: ClientSocket, n: number): Promise<{ ok: number; limited: number }> {
    const acks = await Promise.all(Array.from({ length: n }, () => send(socket, 'session:sync', {})));
    const limited = acks.filter((a) => !a.ok && a.error.code === ErrorCode.rateLimited).length;
    return { ok: acks.filter((a) => a.ok).length, limited };
  }

  it('slows a flooding client to its burst, while a client of another session is unaffected', async () => {
    // The clock stands still, so exactly the burst gets through.
    const clock = manualClock(Date.now());
    harness = await new Harness(undefined, undefined, { clock }).start();
    const [one, two] = [await harness.createSession(), await harness.createSession()];
    const mallory = await join(harness, one.links.facilitator, 'mallory-laptop', 'Mallory');
    const rivera = await join(harness, two.links.facilitator, 'rivera-laptop', 'Dr Rivera');

    // Mallory has used one command (the join) of her 40.
    const [flooded, calm] = await Promise.all([flood(mallory.socket, 100), flood(rivera.socket, 10)]);
    expect(flooded).toEqual({ ok: 39, limited: 61 });
    expect(calm).toEqual({ ok: 10, limited: 0 });
    expect(harness.log.lines.filter((l) => l.includes('connection rate limited'))).toHaveLength(1);

    clock.t += 1000; // a second later: twenty more
    expect(await flood(mallory.socket, 30)).toEqual({ ok: 20, limited: 10 });
    // Still the same flood: one log line for it, not one for each time a command slipped through.
    expect(harness.log.lines.filter((l) => l.includes('connection rate limited'))).toHaveLength(1);

    clock.t += 2000; // quiet long enough to refill the whole burst: the flood is over
    expect(await flood(mallory.socket, 41)).toEqual({ ok: 40, limited: 1 });
    expect(harness.log.lines.filter((l) => l.includes('connection rate limited'))).toHaveLength(2);
  });

  it("answers a flood's first refusal at once and holds the rest, to send them together", async () => {
    const clock = manualClock(Date.now());
    const refusalTimers = new ManualTimers(new ManualClock());
    harness = await new Harness(undefined, undefined, { clock, refusalTimers }).start();
    const mallory = await join(harness, (await harness.createSession()).links.facilitator, 'mallory-laptop', 'Mallory');

    // The join spent one of her 40: 39 pass, the 40th is refused at once, the last four are held.
    const answers: { ok: boolean; code?: string }[] = [];
    const sent = Array.from({ length: 44 }, () =>
      send(mallory.socket, 'session:sync', {}).then((ack) => answers.push(ack.ok ? { ok: true } : { ok: false, code: ack.error.code })),
    );
    await vi.waitFor(() => expect(refusalTimers.dueTimes()).toHaveLength(1));
    await vi.waitFor(() => expect(answers).toHaveLength(40));
    expect(answers.filter((a) => !a.ok)).toEqual([{ ok: false, code: ErrorCode.rateLimited }]);

    // Released when the batch's time is up (advanced until the last of them has been read and held too).
    await vi.waitFor(() => {
      refusalTimers.advance(50);
      expect(answers).toHaveLength(44);
    });
    await Promise.all(sent);
    expect(answers.slice(40)).toEqual(Array.from({ length: 4 }, () => ({ ok: false, code: ErrorCode.rateLimited })));
  });

  it('limits a session as a whole, across its connections', async () => {
    const clock = manualClock(Date.now());
    const commandRates = { connection: { perSecond: 20, burst: 40 }, session: { perSecond: 50, burst: 60 } };
    harness = await new Harness(undefined, undefined, { clock, commandRates }).start();
    const session = await harness.createSession();
    const devices = await Promise.all(['a', 'b', 'c'].map((d) => join(harness, session.links.cotherapist, `kim-${d}-device`, 'Kim')));
    // Three joins spent; 57 left for the session, though each connection could send 39 more.
    const results = await Promise.all(devices.map((d) => flood(d.socket, 30)));
    expect(results.reduce((sum, r) => sum + r.ok, 0)).toBe(57);
  });

  describe('behind load balancers', () => {
    const httpRates = {
      createSession: { windowMs: 60_000, limit: 100 },
      inspectLink: { windowMs: 60_000, limit: 2 },
      api: { windowMs: 60_000, limit: 1000 },
    };
    /** Link checks that claim to come from `address` (as a proxy would say it), by status. */
    async function inspectFrom(address: string, times: number): Promise<number[]> {
      const link = tokenOf((await harness.createSession()).links.member);
      const statuses = [];
      for (let i = 0; i < times; i++) {
        const response = await fetch(`${harness.url}/api/links/inspect`, { headers: { authorization: `Bearer ${link}`, 'x-forwarded-for': address } });
        statuses.push(response.status);
      }
      return statuses;
    }

    it('counts each client apart by the address the trusted proxy passes on', async () => {
      harness = await new Harness(undefined, undefined, { httpRates, env: { CIRCLE_TRUSTED_PROXIES: '1' } }).start();
      expect(await inspectFrom('203.0.113.7', 3)).toEqual([200, 200, 429]);
      // Another member behind the same balancer is not held back by the first.
      expect(await inspectFrom('198.51.100.23', 2)).toEqual([200, 200]);
    });

    it('ignores a forwarded address when no proxy is trusted, so a client cannot choose its own', async () => {
      harness = await new Harness(undefined, undefined, { httpRates }).start();
      expect(await inspectFrom('203.0.113.7', 2)).toEqual([200, 200]);
      expect(await inspectFrom('198.51.100.23', 1)).toEqual([429]);
    });

    it('takes the number of proxies, and refuses anything else at start', () => {
      expect(loadConfig({}).trustedProxies).toBe(0);
      expect(loadConfig({ CIRCLE_TRUSTED_PROXIES: '2' }).trustedProxies).toBe(2);
      for (const bad of ['yes', '-1', '1.5', '11']) {
        expect(() => loadConfig({ CIRCLE_TRUSTED_PROXIES: bad }), bad).toThrow(/CIRCLE_TRUSTED_PROXIES/);
      }
    });
  });

  it('answers too many session creations or link checks with 429 and a JSON error', async () => {
    const httpRates = {
      createSession: { windowMs: 60_000, limit: 2 },
      inspectLink: { windowMs: 60_000, limit: 3 },
      api: { windowMs: 60_000, limit: 1000 },
    };
    harness = await new Harness(undefined, undefined, { httpRates }).start();
    const create = () =>
      fetch(`${harness.url}/api/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Group' }),
      });
    const created = await harness.createSession();
    expect((await create()).status).toBe(201);
    const refused = await create();
    expect(refused.status).toBe(429);
    expect((await refused.json()) as HttpError).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });

    const inspect = () => fetch(`${harness.url}/api/links/inspect`, { headers: { authorization: `Bearer ${tokenOf(created.links.member)}` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await inspect()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Health is not an API call: monitoring keeps working.
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
  });
});

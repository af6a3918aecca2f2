import { afterEach, describe, expect, it } from 'vitest';
import { Harness, tokenOf } from '../support/harness.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RecordingMedia } from '../support/recording-media.js';

const MIN = 60_000;
let harness: Harness;
afterEach(() => harness.stop());

function inspect(token: string) {
  return fetch(`${harness.url}/api/links/inspect`, { headers: { authorization: `Bearer ${token}` } });
}

describe('link expiry', () => {
  it('ends links the configured hours after the planned end, for links and handshakes alike', async () => {
    let now = Date.UTC(2026, 10, 22, 18, 0);
    const clock = { now: () => now };
    harness = await new Harness(new MemoryStore({ now: clock.now }), new RecordingMedia(), { clock, env: { CIRCLE_LINK_HOURS: '1' } }).start();
    const session = await harness.createSession({ title: 'Evening group', plannedMinutes: 60 });
    const member = tokenOf(session.links.member);

    now += 60 * MIN + 59 * MIN; // planned end (60 min) plus 59 of the configured 60 minutes
    expect((await inspect(member)).status).toBe(200);
    now += 2 * MIN;
    const expired = await inspect(member);
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('expired_link');
    const refused = await harness.connect(member, 'late-phone').then(
      () => 'connected',
      (error: { data?: { code?: string } }) => error.data?.code,
    );
    expect(refused).toBe('expired_link');
  });
});

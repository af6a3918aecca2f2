import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '@circle/shared';
import type { SessionState } from '../../src/domain/state.js';
import { StoreUnavailableError } from '../../src/ports/session-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { Harness } from '../support/harness.js';

/** A store that can be made to fail as Redis does when it is gone. */
class OutageStore extends MemoryStore {
  down = false;
  override async load(id: string): Promise<SessionState | null> {
    if (this.down) throw new StoreUnavailableError(new Error('connection refused'));
    return super.load(id);
  }
}

let harness: Harness;
afterEach(() => harness.stop());

describe('handshakes while the store is away', () => {
  it('are refused "unavailable", logged once for the outage and once with the count when it ends', async () => {
    const store = new OutageStore();
    harness = await new Harness(store).start();
    const link = (await harness.createSession()).links.member;
    const attempt = (device: string) =>
      harness.connect(link, device).then(
        () => 'connected',
        (error: { data?: { code?: string } }) => error.data?.code,
      );
    const lines = (message: string) => harness.log.lines.filter((line) => JSON.parse(line).msg === message);

    store.down = true;
    // Five devices, or one retrying five times: each is refused, and the outage makes one line.
    for (const device of ['a', 'b', 'c', 'd', 'e']) expect(await attempt(`phone-${device}`)).toBe(ErrorCode.unavailable);
    expect(lines('handshake failed')).toHaveLength(1);

    store.down = false;
    expect(await attempt('phone-f')).toBe('connected');
    expect(lines('handshakes answered again').map((line) => JSON.parse(line).refused)).toEqual([5]);

    // The next outage is a new one.
    store.down = true;
    expect(await attempt('phone-g')).toBe(ErrorCode.unavailable);
    expect(lines('handshake failed')).toHaveLength(2);
  });
});

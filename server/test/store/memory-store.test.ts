import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { openStore } from '../../src/store/open-store.js';
import { sessionStoreContract } from './session-store.contract.js';

sessionStoreContract('memory', async () => {
  let t = Date.now();
  const now = () => t;
  return {
    store: new MemoryStore({ now }),
    now,
    advanceClock: (ms) => void (t += ms),
    cleanup: async () => {},
  };
});

describe('openStore without REDIS_URL', () => {
  it('keeps sessions in memory and warns that they are lost on restart', async () => {
    const logged: string[] = [];
    const store = await openStore(null, (msg) => logged.push(msg));
    expect(store.kind).toBe('memory');
    expect(logged).toEqual([expect.stringMatching(/REDIS_URL is not set.*lost on restart/)]);
    await store.close();
  });
});

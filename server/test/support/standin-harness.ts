import { LiveKitMedia } from '../../src/media/livekit-media.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { Harness } from './harness.js';
import type { LiveKitStandIn } from './livekit-standin.js';

export const STANDIN_KEY = 'devkey';
export const STANDIN_SECRET = 'secret';

/** A harness whose media port is the real LiveKit adapter, talking to the Twirp stand-in. */
export function standInHarness(standIn: LiveKitStandIn): Promise<Harness> {
  // The harness types its media as the recording fake; LiveKit's adapter has the same port.
  const media = new LiveKitMedia({ url: standIn.url, apiKey: STANDIN_KEY, apiSecret: STANDIN_SECRET }) as unknown as ConstructorParameters<typeof Harness>[1];
  return new Harness(new MemoryStore(), media).start();
}

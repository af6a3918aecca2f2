import { z } from 'zod';
import { MediaGrantSchema, SelfViewSchema, SessionViewSchema } from './views.js';
import { ViewPatchSchema } from './view-patches.js';

/** Server → client events, one schema each; past tense because they report what happened. */
export const events = {
  /** The session as this connection's audience may see it. */
  'session:changed': z.object({ view: SessionViewSchema }),
  /** What changed in this connection's view since the version it holds (see ViewFollower). */
  'session:patched': z.object({ patch: ViewPatchSchema }),
  /** This person's own standing changed (admitted, sent to waiting, removed). */
  'self:changed': z.object({ self: SelfViewSchema }),
  /** A LiveKit token for this device; sent when it is admitted and whenever its grants change. */
  'media:granted': z.object({ grant: MediaGrantSchema }),
  /**
   * The key for end-to-end encrypted media, only ever to admitted devices: sent before each
   * media:granted and to everyone still admitted when it is rotated (someone was sent out).
   * `index` grows by one per rotation; a client uses it modulo its key ring's size.
   */
  'media:key': z.object({ key: z.string(), index: z.number().int().nonnegative() }),
  /** This device must leave the media room (sent to waiting, removed, session ended). */
  'media:revoked': z.object({ reason: z.string() }),
  /** Something this person should be told, gently: e.g. that the facilitator muted them. */
  'notice:shown': z.object({ kind: z.enum(['mutedByStaff', 'mediaActionFailed']), message: z.string() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.infer<Events[K]>;

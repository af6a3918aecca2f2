import type { Context } from './commands.js';
import type { SessionState } from './state.js';

/** True when someone who could decrypt the group's media no longer may (sent to the waiting room, or removed). */
function someoneWasSentOut(before: SessionState, after: SessionState): boolean {
  return Object.values(before.people).some((p) => p.status === 'admitted' && after.people[p.id]?.status !== 'admitted');
}

/**
 * A person sent out of the group still holds the key they were given, so it is replaced. The
 * publisher sees the new index and hands the key to the devices still admitted, and no others.
 */
export function rotateMediaKey(before: SessionState, after: SessionState, ctx: Context): SessionState {
  if (!after.mediaKey || !someoneWasSentOut(before, after)) return after;
  return { ...after, mediaKey: { key: ctx.newKey(), index: after.mediaKey.index + 1 } };
}

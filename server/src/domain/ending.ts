import type { Context } from './commands.js';
import { accept, type Decision } from './decision.js';
import type { Effect } from './effects.js';
import type { SessionState } from './state.js';
import { connectedDeviceIds } from './people.js';
import { openMediaRooms } from './media-rooms.js';

/**
 * The facilitator ends the session: everyone's presence closes now, the media rooms are
 * closed, and every connection is told and then closed. Links stop working because the
 * session's status is `ended`.
 */
export function endSession(state: SessionState, ctx: Context): Decision {
  const people = Object.fromEntries(
    Object.entries(state.people).map(([id, p]) => [
      id,
      {
        ...p,
        devices: Object.fromEntries(Object.entries(p.devices).map(([d, dev]) => [d, { ...dev, connected: false, connectionId: null }])),
        presence: p.presence.map((span) => (span.to === null ? { ...span, to: ctx.now } : span)),
      },
    ]),
  );
  const effects: Effect[] = [
    { kind: 'closeMedia', rooms: openMediaRooms(state) },
    ...Object.values(state.people)
      .filter((p) => connectedDeviceIds(p).length > 0)
      .map((p): Effect => ({ kind: 'disconnect', personId: p.id, reason: 'session_ended' })),
  ];
  return accept(
    {
      ...state,
      status: 'ended',
      endedAt: ctx.now,
      people,
      turns: { ...state.turns, queue: [], current: null, goRound: null, queueVersion: state.turns.queueVersion + 1 },
      feelings: { ...state.feelings, open: null },
      breakouts: null,
      support: { signals: {}, rooms: {} },
    },
    effects,
  );
}

import type { SessionState } from './state.js';

/**
 * Nobody who is no longer let in (sent to the waiting room, removed) keeps a place in a
 * breakout room, a support room or a visit. Applied after every change, so no command has to
 * remember it.
 */
export function withoutAbsentees(state: SessionState): SessionState {
  const inGroup = (id: string) => state.people[id]?.status === 'admitted';
  const supportRooms = Object.entries(state.support.rooms).filter(([member, r]) => inGroup(member) && inGroup(r.staffId));
  const b = state.breakouts;
  const breakoutsClean =
    !b || (b.rooms.every((r) => r.memberIds.every(inGroup)) && Object.keys(b.visits).every(inGroup));
  if (supportRooms.length === Object.keys(state.support.rooms).length && breakoutsClean) return state;
  return {
    ...state,
    support: { ...state.support, rooms: Object.fromEntries(supportRooms) },
    breakouts: b && {
      ...b,
      rooms: b.rooms.map((r) => ({ ...r, memberIds: r.memberIds.filter(inGroup) })),
      visits: Object.fromEntries(Object.entries(b.visits).filter(([id]) => inGroup(id))),
    },
  };
}

import { partsChanged, type Person, type SessionState } from './state.js';

/** LiveKit room names: one for the group, one per breakout room, one per 1:1 support room. */
export const breakoutMediaRoom = (state: SessionState, roomId: string) => `${state.mediaRoom}-${roomId}`;
export const supportMediaRoom = (state: SessionState, memberId: string) => `${state.mediaRoom}-support-${memberId}`;

/** The only parts of the state `mediaRoomOf` reads (besides the person's id); `test/domain/view-fields.test.ts` holds it to that. */
export const MEDIA_ROOM_READS = ['support', 'breakouts', 'mediaRoom'] as const satisfies readonly (keyof SessionState)[];

/** Whether a change can have moved anyone to another media room. */
export function mediaRoomsMayDiffer(before: SessionState, after: SessionState): boolean {
  return partsChanged(MEDIA_ROOM_READS, before, after);
}

/**
 * The one LiveKit room a person's devices belong in right now. Everything that mints tokens
 * or moves people asks this, so nobody is ever meant to be in two rooms or in none.
 */
export function mediaRoomOf(state: SessionState, person: Person): string {
  const ownSupport = state.support.rooms[person.id];
  if (ownSupport) return supportMediaRoom(state, person.id);
  const supporting = Object.entries(state.support.rooms).find(([, r]) => r.staffId === person.id);
  if (supporting) return supportMediaRoom(state, supporting[0]);
  const breakouts = state.breakouts;
  if (breakouts) {
    const assigned = breakouts.rooms.find((r) => r.memberIds.includes(person.id));
    if (assigned) return breakoutMediaRoom(state, assigned.id);
    const visiting = breakouts.visits[person.id];
    if (visiting) return breakoutMediaRoom(state, visiting);
  }
  return state.mediaRoom;
}

/** Every media room the session has open now (for closing them all at the end). */
export function openMediaRooms(state: SessionState): string[] {
  return [
    state.mediaRoom,
    ...(state.breakouts?.rooms.map((r) => breakoutMediaRoom(state, r.id)) ?? []),
    ...Object.keys(state.support.rooms).map((id) => supportMediaRoom(state, id)),
  ];
}

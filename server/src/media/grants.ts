import { isStaff } from '@circle/shared';
import type { Device, Person, SessionState } from '../domain/state.js';
import { mediaIdentity } from '../domain/people.js';
import { micAllowed } from '../domain/microphones.js';
import { mediaRoomOf } from '../domain/media-rooms.js';
import type { MediaGrant } from '@circle/shared';
import type { MediaControl, MediaPermission, TokenRequest } from '../ports/media-control.js';

/** LiveKit tokens are short-lived: a device renews its token on every (re)connect. */
export const MEDIA_TOKEN_TTL_SECONDS = 10 * 60;

const NOTHING: MediaPermission = { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [] };

/**
 * What a device may publish: observers and consoles nothing; everyone else their camera, and
 * their microphone unless talking-piece mode holds it closed. Tokens and permission updates
 * both come from here, so a token minted mid-mode carries the same restriction.
 */
export function mediaPermission(state: SessionState, person: Person, device: Device): MediaPermission {
  if (person.role === 'observer' || device.kind === 'console') return NOTHING;
  if (person.status !== 'admitted') return NOTHING;
  return {
    canSubscribe: true,
    canPublish: true,
    canPublishData: isStaff(person.role),
    canPublishSources: micAllowed(state, person) ? ['camera', 'microphone'] : ['camera'],
  };
}

export function tokenRequest(state: SessionState, person: Person, device: Device): TokenRequest {
  return {
    room: mediaRoomOf(state, person),
    identity: mediaIdentity(person.id, device.id),
    name: person.name,
    permission: mediaPermission(state, person, device),
    ttlSeconds: MEDIA_TOKEN_TTL_SECONDS,
  };
}

/** A signed token for one device, with what its client needs to connect. */
export async function mediaGrant(media: MediaControl, state: SessionState, person: Person, device: Device): Promise<MediaGrant> {
  const request = tokenRequest(state, person, device);
  const token = await media.mintToken(request);
  return { url: media.url, room: request.room, identity: request.identity, token, canPublish: request.permission.canPublish };
}

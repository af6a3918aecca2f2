/** LiveKit's track sources, as named in its protocol. */
export type MediaSource = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio';

export type MediaPermission = {
  canSubscribe: boolean;
  canPublish: boolean;
  canPublishData: boolean;
  /** Empty means every source. */
  canPublishSources: MediaSource[];
};

export type TokenRequest = {
  room: string;
  identity: string;
  /** Shown to other participants. */
  name: string;
  permission: MediaPermission;
  ttlSeconds: number;
};

/**
 * The media server, seen from Circle: tokens and the few room-service calls the sessions
 * need. The LiveKit adapter passes `test/media/media-control.contract.ts` against the
 * wire-level stand-in of LiveKit's Twirp API.
 */
export interface MediaControl {
  /** The URL clients connect to (`ws://` or `wss://`). */
  readonly url: string;
  mintToken(request: TokenRequest): Promise<string>;
  /** Takes a device out of a room. Succeeds when it was not there. */
  removeParticipant(room: string, identity: string): Promise<void>;
  /**
   * Replaces every permission flag of a connected participant. Resolves false when the
   * device is not in the room (its next token carries the permission); rejects on any other failure.
   */
  updatePermission(room: string, identity: string, permission: MediaPermission): Promise<boolean>;
  /** Soft-mutes a participant's published microphone tracks; returns how many were muted. */
  muteMicrophone(room: string, identity: string): Promise<number>;
  /** Closes a room and disconnects everyone in it. Succeeds when it did not exist. */
  deleteRoom(room: string): Promise<void>;
  /** True when the media server answers. */
  reachable(): Promise<boolean>;
}

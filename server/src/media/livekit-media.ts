import {
  AccessToken,
  ParticipantPermission,
  RoomServiceClient,
  ServerError,
  TrackSource,
} from 'livekit-server-sdk';
import type { MediaControl, MediaPermission, MediaSource, TokenRequest } from '../ports/media-control.js';

export type LiveKitMediaOptions = {
  /** The URL browsers connect to, `ws://` or `wss://`. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /**
   * Where this server reaches LiveKit's HTTP API, when that differs from what browsers use
   * (in docker-compose the browser's `localhost:7880` is `livekit:7880` for the server).
   * Unset (or null, as config may carry it) means the http(s) form of `url`.
   */
  apiUrl?: string | null;
};

const SOURCES: Record<MediaSource, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

/** A health probe must not hold a readiness check for the SDK's default 10 s. */
const PROBE_TIMEOUT_SECONDS = 2;

/** LiveKit as Circle's media server: JWTs for devices, Twirp RoomService for control. */
export class LiveKitMedia implements MediaControl {
  readonly url: string;
  private readonly apiKey: string;
  private readonly apiSecret: string;
  private readonly rooms: RoomServiceClient;
  private readonly probe: RoomServiceClient;

  constructor(options: LiveKitMediaOptions) {
    this.url = options.url;
    this.apiKey = options.apiKey;
    this.apiSecret = options.apiSecret;
    const apiUrl = options.apiUrl || httpForm(options.url);
    this.rooms = new RoomServiceClient(apiUrl, options.apiKey, options.apiSecret);
    this.probe = new RoomServiceClient(apiUrl, options.apiKey, options.apiSecret, {
      requestTimeout: PROBE_TIMEOUT_SECONDS,
    });
  }

  async mintToken(request: TokenRequest): Promise<string> {
    const token = new AccessToken(this.apiKey, this.apiSecret, {
      identity: request.identity,
      name: request.name,
      ttl: request.ttlSeconds,
    });
    const { permission } = request;
    token.addGrant({
      roomJoin: true,
      room: request.room,
      canPublish: permission.canPublish,
      canSubscribe: permission.canSubscribe,
      canPublishData: permission.canPublishData,
      canPublishSources: permission.canPublishSources.map((source) => SOURCES[source]),
    });
    return token.toJwt();
  }

  async removeParticipant(room: string, identity: string): Promise<void> {
    await this.callUnlessMissing('RemoveParticipant', () => this.rooms.removeParticipant(room, identity));
  }

  async updatePermission(room: string, identity: string, permission: MediaPermission): Promise<boolean> {
    // LiveKit replaces the whole permission, so every flag is sent; the ones Circle does not
    // model (hidden, recorder, canUpdateMetadata, agent…) stay false, as in our tokens.
    const replacement = new ParticipantPermission({
      canSubscribe: permission.canSubscribe,
      canPublish: permission.canPublish,
      canPublishData: permission.canPublishData,
      canPublishSources: permission.canPublishSources.map((source) => SOURCES[source]),
    });
    // A device not in the room (not connected yet, or gone) has nothing to restrict: its next
    // token is minted with the same permission. Any other failure is a real one.
    const updated = await this.callUnlessMissing('UpdateParticipant', () =>
      this.rooms.updateParticipant(room, identity, { permission: replacement }),
    );
    return updated !== undefined;
  }

  async muteMicrophone(room: string, identity: string): Promise<number> {
    // A device that is not in the room has no microphone open: nothing to mute.
    const participant = await this.callUnlessMissing('GetParticipant', () => this.rooms.getParticipant(room, identity));
    const open = (participant?.tracks ?? []).filter((track) => track.source === TrackSource.MICROPHONE && !track.muted);
    let muted = 0;
    for (const track of open) {
      // A track unpublished since GetParticipant answers not_found: it is closed either way.
      await this.callUnlessMissing('MutePublishedTrack', async () => {
        await this.rooms.mutePublishedTrack(room, identity, track.sid, true);
        muted += 1;
      });
    }
    return muted;
  }

  async deleteRoom(room: string): Promise<void> {
    await this.callUnlessMissing('DeleteRoom', () => this.rooms.deleteRoom(room));
  }

  async reachable(): Promise<boolean> {
    try {
      // Authenticated on purpose (unlike LiveKit's `GET /`): a server that refuses our key is
      // not usable. Asking for one name keeps the answer small on a busy server.
      await this.probe.listRooms(['circle-reachability-probe']);
      return true;
    } catch {
      return false;
    }
  }

  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw failure(method, error);
    }
  }

  /** For calls whose goal is that something be gone: already gone is success. */
  private async callUnlessMissing<T>(method: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ServerError && error.code === 'not_found') return undefined;
      throw failure(method, error);
    }
  }
}

function httpForm(url: string): string {
  return url.replace(/^ws(s?):\/\//, 'http$1://');
}

/**
 * LiveKit echoes a rejected bearer token in its error message ("invalid token: eyJ…"), and
 * these messages end up in logs: tokens are cut out, and the SDK error is not kept as `cause`.
 */
function failure(method: string, error: unknown): Error {
  const detail =
    error instanceof ServerError
      ? `${error.code ?? 'error'} (HTTP ${error.status}) ${error.message}`
      : error instanceof Error
        ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}`
        : String(error);
  return new Error(`LiveKit ${method} failed: ${detail.replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[token]')}`);
}

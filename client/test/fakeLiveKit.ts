import type { LiveKit } from '../src/media/media';

/**
 * A stand-in for the part of livekit-client the media layer uses, given to it through its
 * `loadLiveKit` seam. Rooms record what happens to them in one shared `calls` list, in order
 * (`connect circle-sess1 lk-token-1`, `mic on circle-sess1`, `disconnect circle-sess1`), and
 * a test can hold a connection open (`holdConnect`) or have the server turn a device out.
 */

type Listener = (...args: unknown[]) => void;

export const RoomEvent = {
  ParticipantConnected: 'participantConnected',
  ParticipantDisconnected: 'participantDisconnected',
  TrackSubscribed: 'trackSubscribed',
  TrackUnsubscribed: 'trackUnsubscribed',
  TrackMuted: 'trackMuted',
  TrackUnmuted: 'trackUnmuted',
  LocalTrackPublished: 'localTrackPublished',
  LocalTrackUnpublished: 'localTrackUnpublished',
  ParticipantPermissionsChanged: 'participantPermissionsChanged',
  ActiveSpeakersChanged: 'activeSpeakersChanged',
  AudioPlaybackStatusChanged: 'audioPlaybackChanged',
  Reconnecting: 'reconnecting',
  Reconnected: 'reconnected',
  Disconnected: 'disconnected',
} as const;

export const DisconnectReason = {
  CLIENT_INITIATED: 1,
  DUPLICATE_IDENTITY: 2,
  PARTICIPANT_REMOVED: 4,
  ROOM_DELETED: 5,
  ROOM_CLOSED: 10,
} as const;

export function fakeLiveKit() {
  const calls: string[] = [];
  const rooms: FakeRoom[] = [];
  let held: { release(): void } | null = null;
  let gate: Promise<void> | null = null;

  class FakeLocalParticipant {
    isMicrophoneEnabled = false;
    isCameraEnabled = false;
    constructor(
      readonly room: FakeRoom,
      public identity = '',
    ) {}
    async setMicrophoneEnabled(on: boolean): Promise<void> {
      calls.push(`mic ${on ? 'on' : 'off'} ${this.room.name}`);
      this.isMicrophoneEnabled = on;
    }
    async setCameraEnabled(on: boolean): Promise<void> {
      calls.push(`camera ${on ? 'on' : 'off'} ${this.room.name}`);
      this.isCameraEnabled = on;
    }
    getTrackPublication(): undefined {
      return undefined;
    }
  }

  class FakeRoom {
    name = '(not connected)';
    connected = false;
    canPlaybackAudio = true;
    remoteParticipants = new Map<string, unknown>();
    localParticipant = new FakeLocalParticipant(this);
    private listeners = new Map<string, Set<Listener>>();

    constructor() {
      rooms.push(this);
    }
    on(event: string, listener: Listener): this {
      const set = this.listeners.get(event) ?? new Set();
      set.add(listener);
      this.listeners.set(event, set);
      return this;
    }
    removeAllListeners(): this {
      this.listeners.clear();
      return this;
    }
    emit(event: string, ...args: unknown[]): void {
      for (const l of [...(this.listeners.get(event) ?? [])]) l(...args);
    }
    async connect(_url: string, token: string): Promise<void> {
      // The room is named in the token by the server; the fake takes it from `lk-<room>-…` tokens.
      this.name = /^lk:([^:]+):/.exec(token)?.[1] ?? token;
      calls.push(`connect ${this.name} ${token}`);
      if (gate) await gate;
      this.connected = true;
      this.localParticipant.identity = token;
    }
    async disconnect(): Promise<void> {
      if (!this.connected) return;
      this.connected = false;
      calls.push(`disconnect ${this.name}`);
    }
    getParticipantByIdentity(): undefined {
      return undefined;
    }
    /** Someone else in this room, with their camera on. */
    addRemote(identity: string): void {
      const camera = { trackSid: `TR_${identity}`, isMuted: false, track: { mediaStreamTrack: { id: `cam-${identity}` } } };
      this.remoteParticipants.set(identity, { identity, getTrackPublication: (source: string) => (source === 'camera' ? camera : undefined) });
      this.emit(RoomEvent.ParticipantConnected);
    }
    async startAudio(): Promise<void> {}
    async setE2EEEnabled(): Promise<void> {}
    /** The media server turned this device out (e.g. RemoveParticipant after a move). */
    removedByServer(): void {
      this.connected = false;
      calls.push(`removed ${this.name}`);
      this.emit(RoomEvent.Disconnected, DisconnectReason.PARTICIPANT_REMOVED);
    }
  }

  class ConnectionError extends Error {
    reason = 0;
  }
  class PublishTrackError extends Error {
    status = 0;
  }

  const module = {
    Room: FakeRoom,
    RoomEvent,
    DisconnectReason,
    ConnectionError,
    ConnectionErrorReason: { NotAllowed: 1 },
    PublishTrackError,
    Track: { Kind: { Audio: 'audio', Video: 'video' }, Source: { Microphone: 'microphone', Camera: 'camera' } },
  };

  return {
    calls,
    rooms,
    load: async () => module as unknown as LiveKit,
    /** Rooms connected now (the invariant: never more than one). */
    connected: () => rooms.filter((r) => r.connected).map((r) => r.name),
    /** Connections wait until `release()`. */
    holdConnect(): { release(): void } {
      let release = () => {};
      gate = new Promise<void>((resolve) => (release = resolve));
      held = {
        release: () => {
          gate = null;
          release();
        },
      };
      return held;
    },
  };
}

/** A token the fake can read the room from: `lk:<room>:<n>`. */
export const lkToken = (room: string, n = 1) => `lk:${room}:${n}`;

import type { MediaGrant } from '@circle/shared';
import type { LocalParticipant, Participant, RemoteTrack, Room } from 'livekit-client';
import { retryDelay, shouldRenewGrant } from './backoff';

/**
 * The media layer: the only module that knows livekit-client (loaded on first use, so pages
 * without video stay light). The rest of the client says *what* it wants — "be in this media
 * room, publishing or not" — and reads a plain snapshot: who has video, who is speaking, the
 * state of the local microphone and camera. When the media server cannot be reached, the
 * session goes on without video and this layer keeps retrying with a capped backoff.
 */

export type DeviceChoice = { cameraId: string | null; microphoneId: string | null };

/** The session's media key (end-to-end encryption); `key: null` while it has not arrived yet. */
export type Encryption = { key: string | null; index: number };

/** What the session wants of the media layer; `null` means "not in any media room". */
export type MediaTarget = {
  grant: MediaGrant;
  publish: boolean;
  /**
   * Whether the microphone may be open: false while talking-piece mode holds it closed. The
   * person's own choice (`microphoneOn`) is kept and applies again once it is allowed.
   */
  microphoneAllowed: boolean;
  devices: DeviceChoice;
  /** Null for a session without end-to-end encryption. */
  encryption: Encryption | null;
};

/**
 * Whether this browser can encrypt media end to end (insertable streams or script
 * transforms, in a worker) — the same test livekit-client makes, without loading it.
 */
export function browserSupportsE2ee(): boolean {
  if (typeof window === 'undefined' || typeof Worker === 'undefined') return false;
  const w = window as unknown as { RTCRtpScriptTransform?: unknown; RTCRtpSender?: { prototype: { createEncodedStreams?: unknown } } };
  return typeof w.RTCRtpScriptTransform !== 'undefined' || typeof w.RTCRtpSender?.prototype.createEncodedStreams !== 'undefined';
}

export const MediaStatus = {
  off: 'off',
  connecting: 'connecting',
  connected: 'connected',
  /** Could not reach the media server, or lost it: retrying in the background. */
  unavailable: 'unavailable',
} as const;
export type MediaStatus = (typeof MediaStatus)[keyof typeof MediaStatus];

export type MediaSnapshot = {
  status: MediaStatus;
  /** LiveKit identity → an id of its camera track that changes whenever the track does. */
  videos: Readonly<Record<string, string>>;
  /** Identities speaking now, loudest first. */
  speaking: readonly string[];
  localIdentity: string | null;
  /** What this person chose; it holds while video is unavailable and applies once it is back. */
  microphoneOn: boolean;
  cameraOn: boolean;
  /** The browser blocked sound until the person interacts with the page. */
  audioBlocked: boolean;
  /** A plain sentence about the camera or microphone, e.g. that it could not start. */
  deviceProblem: string | null;
};

export interface MediaSession {
  getSnapshot(): MediaSnapshot;
  subscribe(listener: () => void): () => void;
  setTarget(target: MediaTarget | null): void;
  setMicrophone(on: boolean): void;
  setCamera(on: boolean): void;
  startAudio(): Promise<void>;
  /** Shows `identity`'s camera in `element`; returns the undo. */
  attachVideo(identity: string, element: HTMLVideoElement): () => void;
  dispose(): void;
}

export type MediaDeps = {
  /** Asks the server for a fresh grant (`media:renew`); null when it cannot give one now. */
  renewGrant(): Promise<MediaGrant | null>;
  now?: () => number;
  random?: () => number;
  /**
   * Loads livekit-client. A seam for tests only: they pass a fake with the same surface (a Room
   * that records connect, disconnect and publishing), so livekit-client stays in this module.
   */
  loadLiveKit?: () => Promise<LiveKit>;
};

export type LiveKit = typeof import('livekit-client');

let livekitModule: Promise<LiveKit> | null = null;
function loadLiveKit(): Promise<LiveKit> {
  livekitModule ??= import('livekit-client').then(
    (module) => {
      module.setLogLevel('warn');
      return module;
    },
    (error: unknown) => {
      livekitModule = null; // offline for a moment: the next attempt loads it again
      throw error;
    },
  );
  return livekitModule;
}

const INITIAL: MediaSnapshot = {
  status: MediaStatus.off,
  videos: {},
  speaking: [],
  localIdentity: null,
  microphoneOn: true,
  cameraOn: true,
  audioBlocked: false,
  deviceProblem: null,
};

/** Targets with the same key are the same media room as seen from here; any other needs a new connection. */
function roomKey(target: MediaTarget): string {
  const { url, room, identity } = target.grant;
  return `${url}\n${room}\n${identity}\n${target.encryption ? 'e2ee' : 'plain'}`;
}

/** A key provider that puts each key at its place in the key ring, so a rotation overlaps the old key. */
type RingKeyProvider = InstanceType<LiveKit['ExternalE2EEKeyProvider']> & { setRingKey(key: string, index: number): Promise<void> };

function ringKeyProvider(lk: LiveKit): RingKeyProvider {
  class Ring extends lk.ExternalE2EEKeyProvider {
    async setRingKey(key: string, index: number): Promise<void> {
      const material = await lk.createKeyMaterialFromString(key);
      this.onSetEncryptionKey(material, undefined, index % this.getOptions().keyringSize);
    }
  }
  return new Ring();
}

const NO_E2EE = "This browser can't take part in the session's encrypted video. A recent Chrome, Edge, Firefox or Safari can.";

function deviceMessage(error: unknown, device: 'camera' | 'microphone'): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NotAllowedError') return `Circle doesn't have permission to use your ${device}. You can allow it in your browser's settings for this site.`;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return `No ${device} was found on this device.`;
  if (name === 'NotReadableError') return `Your ${device} seems to be in use by another app. Close it and try again.`;
  return `Your ${device} could not be started.`;
}

function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

export function createMediaSession(deps: MediaDeps): MediaSession {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const load = deps.loadLiveKit ?? loadLiveKit;
  let snapshot = INITIAL;
  const listeners = new Set<() => void>();

  let target: MediaTarget | null = null;
  let tokenSince = 0;
  let lk: LiveKit | null = null;
  let room: Room | null = null;
  let currentKey: string | null = null;
  let keys: RingKeyProvider | null = null;
  /** The key (and ring index) the current room encrypts with. */
  let appliedKey: string | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryPending = false;
  /** A token the media server turned us out with: wait for a new grant instead of retrying it. */
  let spentToken: string | null = null;
  let running = false;
  let rerun = false;
  /** One encryption worker for the life of this session, whatever the reconnections. */
  let worker: Worker | null = null;
  let disposed = false;
  let audioBox: HTMLElement | null = null;

  function update(patch: Partial<MediaSnapshot>): void {
    const next = { ...snapshot, ...patch };
    const same = (Object.keys(patch) as (keyof MediaSnapshot)[]).every((k) =>
      k === 'videos' ? sameRecord(next.videos, snapshot.videos) : k === 'speaking' ? next.speaking.join() === snapshot.speaking.join() : next[k] === snapshot[k],
    );
    if (same) return;
    snapshot = next;
    for (const l of [...listeners]) l();
  }

  /** Runs `reconcile` one at a time; a change arriving meanwhile runs it once more. */
  function schedule(): void {
    if (running) {
      rerun = true;
      return;
    }
    running = true;
    void (async () => {
      try {
        do {
          rerun = false;
          await reconcile();
        } while (rerun);
      } catch (error) {
        console.warn('Circle media:', error);
        // Whatever went wrong, a device that should be in the room keeps trying.
        if (!room && target && !disposed && !retryPending) fail(false);
      } finally {
        running = false;
      }
    })();
  }

  async function reconcile(): Promise<void> {
    const want = disposed ? null : target;
    if (!want) {
      clearRetry();
      await leaveRoom();
      if (disposed) {
        worker?.terminate();
        worker = null;
      }
      update({ status: MediaStatus.off, videos: {}, speaking: [], localIdentity: null });
      return;
    }
    if (room && currentKey !== roomKey(want)) await switchAway();
    if (want.encryption && !browserSupportsE2ee()) {
      update({ status: MediaStatus.unavailable, deviceProblem: NO_E2EE });
      return;
    }
    if (want.encryption && want.encryption.key === null) {
      // Encrypted session, key not here yet: the server sends it before the grant.
      update({ status: MediaStatus.unavailable });
      return;
    }
    if (!room) {
      if (retryPending) return;
      if (want.grant.token === spentToken) {
        update({ status: MediaStatus.off });
        return;
      }
      await enterRoom(want);
      if (!room) return;
      // Moved on while connecting (a breakout started, say): publish nothing here; the rerun switches.
      if (target && roomKey(target) !== currentKey) return;
    }
    await applyKey(want.encryption);
    await syncPublishing(room, want);
  }

  async function applyKey(encryption: Encryption | null): Promise<void> {
    if (!keys || !encryption?.key) return;
    const tag = `${encryption.index}:${encryption.key}`;
    if (tag === appliedKey) return;
    await keys.setRingKey(encryption.key, encryption.index);
    appliedKey = tag;
  }

  async function enterRoom(want: MediaTarget): Promise<void> {
    update({ status: snapshot.status === MediaStatus.unavailable ? MediaStatus.unavailable : MediaStatus.connecting });
    let livekit: LiveKit;
    let next: Room;
    try {
      livekit = lk = await load();
      if (want.encryption) {
        keys = ringKeyProvider(livekit);
        appliedKey = null;
        next = new livekit.Room({ adaptiveStream: true, dynacast: true, e2ee: { keyProvider: keys, worker: await e2eeWorker() } });
        await applyKey(want.encryption);
        await next.setE2EEEnabled(true);
      } else {
        keys = null;
        next = new livekit.Room({ adaptiveStream: true, dynacast: true });
      }
    } catch (error) {
      console.warn('Circle media: could not prepare the room', error);
      fail(false);
      return;
    }
    wire(livekit, next);
    try {
      await next.connect(want.grant.url, want.grant.token, { autoSubscribe: true });
    } catch (error) {
      next.removeAllListeners();
      await next.disconnect().catch(() => undefined);
      const refused = error instanceof livekit.ConnectionError && error.reason === livekit.ConnectionErrorReason.NotAllowed;
      fail(refused);
      return;
    }
    room = next;
    currentKey = roomKey(want);
    attempt = 0;
    update({ status: MediaStatus.connected, localIdentity: want.grant.identity, audioBlocked: !next.canPlaybackAudio });
    refreshVideos();
  }

  async function e2eeWorker(): Promise<Worker> {
    if (!worker) {
      const { default: E2eeWorker } = await import('livekit-client/e2ee-worker?worker');
      worker = new E2eeWorker();
    }
    return worker;
  }

  function fail(refusedByServer: boolean): void {
    update({ status: MediaStatus.unavailable, videos: {}, speaking: [] });
    const delay = retryDelay(attempt++, random);
    retryPending = true;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void retry(refusedByServer), delay);
  }

  async function retry(refusedByServer: boolean): Promise<void> {
    if (disposed || !target) {
      retryPending = false;
      return;
    }
    if (shouldRenewGrant({ grantAgeMs: now() - tokenSince, refusedByServer })) {
      const fresh = await deps.renewGrant().catch(() => null);
      if (fresh && target) setGrant({ ...target, grant: fresh });
    }
    retryPending = false;
    schedule();
  }

  function clearRetry(): void {
    clearTimeout(retryTimer);
    retryPending = false;
    attempt = 0;
  }

  /**
   * The server moved this device to another media room (a breakout, a support room, back to the
   * group) with a new grant: out of the old room first, so it is never in two, and nothing of the
   * old room stays on screen. Entering the new one then applies the new grant's microphone rules.
   */
  async function switchAway(): Promise<void> {
    await leaveRoom();
    update({ status: MediaStatus.connecting, videos: {}, speaking: [] });
  }

  async function leaveRoom(): Promise<void> {
    const leaving = room;
    room = null;
    currentKey = null;
    keys = null;
    appliedKey = null;
    if (!leaving) return;
    leaving.removeAllListeners();
    removeAudioElements();
    await leaving.disconnect().catch(() => undefined);
  }

  async function syncPublishing(current: Room, want: MediaTarget): Promise<void> {
    const local = current.localParticipant;
    const mic = want.publish && want.microphoneAllowed && snapshot.microphoneOn;
    const camera = want.publish && snapshot.cameraOn;
    if (local.isMicrophoneEnabled !== mic) await setSource(local, 'microphone', mic, want.devices);
    if (local.isCameraEnabled !== camera) await setSource(local, 'camera', camera, want.devices);
    refreshVideos();
  }

  async function setSource(local: LocalParticipant, device: 'camera' | 'microphone', on: boolean, devices: DeviceChoice): Promise<void> {
    try {
      if (device === 'microphone') {
        await local.setMicrophoneEnabled(on, on && devices.microphoneId ? { deviceId: devices.microphoneId } : undefined);
      } else {
        await local.setCameraEnabled(on, on && devices.cameraId ? { deviceId: devices.cameraId } : undefined);
      }
      if (on) update({ deviceProblem: null });
    } catch (error) {
      // The media server has not yet heard that this microphone may open (the session told us
      // first): the choice stands, and the permission change brings another try.
      if (lk && error instanceof lk.PublishTrackError && error.status === 403) return;
      // Leave the choice off so the button tells the truth; say why in words.
      update({ [device === 'microphone' ? 'microphoneOn' : 'cameraOn']: false, deviceProblem: deviceMessage(error, device) });
    }
  }

  function wire(livekit: LiveKit, r: Room): void {
    const E = livekit.RoomEvent;
    const refresh = () => r === room && refreshVideos();
    for (const event of [
      E.ParticipantConnected,
      E.ParticipantDisconnected,
      E.TrackSubscribed,
      E.TrackUnsubscribed,
      E.TrackMuted,
      E.TrackUnmuted,
      E.LocalTrackPublished,
      E.LocalTrackUnpublished,
    ]) {
      r.on(event, refresh);
    }
    r.on(E.TrackSubscribed, (track: RemoteTrack) => {
      if (track.kind === livekit.Track.Kind.Audio) audioContainer().append(track.attach());
    });
    r.on(E.TrackUnsubscribed, (track: RemoteTrack) => {
      if (track.kind === livekit.Track.Kind.Audio) for (const el of track.detach()) el.remove();
    });
    r.on(E.TrackMuted, (publication: { source: string }, participant: Participant) => {
      if (publication.source !== livekit.Track.Source.Microphone) return;
      // The facilitator (or the server) can soft-mute this microphone: show it as muted. A
      // microphone this layer closed itself for talking-piece mode keeps the person's choice.
      if (r === room && participant === r.localParticipant && target?.microphoneAllowed) {
        update({ microphoneOn: r.localParticipant.isMicrophoneEnabled });
      }
    });
    r.on(E.ParticipantPermissionsChanged, (_previous, participant: Participant) => {
      // Talking-piece mode opened or closed this microphone at the media server.
      if (r === room && participant === r.localParticipant) schedule();
    });
    r.on(E.ActiveSpeakersChanged, (speakers: Participant[]) => {
      if (r === room) update({ speaking: speakers.map((s) => s.identity) });
    });
    r.on(E.AudioPlaybackStatusChanged, () => {
      if (r === room) update({ audioBlocked: !r.canPlaybackAudio });
    });
    r.on(E.Reconnecting, () => r === room && update({ status: MediaStatus.unavailable }));
    r.on(E.Reconnected, () => r === room && update({ status: MediaStatus.connected }));
    r.on(E.Disconnected, (reason) => {
      if (r !== room) return;
      room = null;
      currentKey = null;
      r.removeAllListeners();
      removeAudioElements();
      update({ videos: {}, speaking: [] });
      const R = livekit.DisconnectReason;
      if (reason === R.CLIENT_INITIATED) return;
      if (reason === R.PARTICIPANT_REMOVED || reason === R.ROOM_DELETED || reason === R.ROOM_CLOSED || reason === R.DUPLICATE_IDENTITY) {
        // Turned out on purpose, or this device's video opened elsewhere: wait for a new grant.
        spentToken = target?.grant.token ?? null;
        update({
          status: MediaStatus.off,
          deviceProblem: reason === R.DUPLICATE_IDENTITY ? 'Your video moved to another window on this device.' : snapshot.deviceProblem,
        });
        return;
      }
      fail(false);
    });
  }

  function refreshVideos(): void {
    const current = room;
    if (!current) return;
    const videos: Record<string, string> = {};
    for (const p of [current.localParticipant, ...current.remoteParticipants.values()]) {
      const camera = cameraOf(p);
      const track = camera?.track;
      if (track && !camera.isMuted) videos[p.identity] = track.mediaStreamTrack?.id ?? camera.trackSid;
    }
    update({ videos });
  }

  function cameraOf(p: Participant) {
    return lk ? p.getTrackPublication(lk.Track.Source.Camera) : undefined;
  }

  function audioContainer(): HTMLElement {
    if (!audioBox) {
      audioBox = document.createElement('div');
      audioBox.hidden = true;
      audioBox.dataset.circle = 'audio';
      document.body.append(audioBox);
    }
    return audioBox;
  }

  function removeAudioElements(): void {
    audioBox?.replaceChildren();
  }

  function setGrant(next: MediaTarget): void {
    if (next.grant.token !== target?.grant.token) tokenSince = now();
    target = next;
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setTarget(next) {
      if (disposed) return;
      if (next === null) {
        target = null;
      } else {
        if (target && roomKey(target) !== roomKey(next)) clearRetry();
        setGrant(next);
      }
      schedule();
    },
    setMicrophone(on) {
      update({ microphoneOn: on });
      schedule();
    },
    setCamera(on) {
      update({ cameraOn: on });
      schedule();
    },
    async startAudio() {
      await room?.startAudio();
      if (room) update({ audioBlocked: !room.canPlaybackAudio });
    },
    attachVideo(identity, element) {
      const current = room;
      if (!current) return () => undefined;
      const participant =
        current.localParticipant.identity === identity ? current.localParticipant : current.getParticipantByIdentity(identity);
      const track = participant ? cameraOf(participant)?.track : undefined;
      if (!track) return () => undefined;
      track.attach(element);
      return () => void track.detach(element);
    },
    dispose() {
      disposed = true;
      target = null;
      schedule();
      audioBox?.remove();
      audioBox = null;
    },
  };
}

import {
  DeviceKind,
  ErrorCode,
  type Ack,
  type CommandName,
  type CommandPayload,
  type CommandResult,
  type EventPayload,
  type LinkInfo,
  type Location,
  type MediaGrant,
  type SelfView,
  type SessionView,
} from '@circle/shared';
import { isTemporary, type ApiResult } from '../api/http';
import type { DeviceChoice, MediaDeps, MediaSession, MediaTarget } from '../media/media';
import type { Connection, ConnectionOptions, ConnectionState, JoinAck } from '../net/connection';
import { latestView } from '../net/views';
import type { CircleStorage, JoinedRecord } from '../storage/storage';
import { linkTokenFromHash, sessionIdHint } from './linkToken';
import { mediaTargetFor, sameTarget, type MediaKey } from './mediaTarget';
import { Outcome, Phase } from './screen';

/**
 * The life of one link in one tab: read the link, show the prejoin (or go straight back in
 * after a reload), join, follow the session's events, drive the media layer, leave. State is
 * a plain immutable snapshot for `useSyncExternalStore`; everything with I/O is injected.
 */

export type Notice = EventPayload<'notice:shown'>;

export type SessionSnapshot = {
  phase: Phase;
  /** Why the link cannot be used (phase `invalid`). */
  invalid: { message: string; code: string } | null;
  link: LinkInfo | null;
  /** Set when the person is already known: the name is shown, not asked. */
  knownName: string | null;
  deviceKind: DeviceKind;
  devices: DeviceChoice;
  joinBusy: boolean;
  joinError: string | null;
  connection: ConnectionState | null;
  self: SelfView | null;
  view: SessionView | null;
  grant: MediaGrant | null;
  mediaKey: MediaKey | null;
  /** Something the server asked to tell this person (e.g. that the facilitator muted them). */
  notice: Notice | null;
  outcome: Outcome | null;
  /** This device has been in the group during this visit (so waiting again means "sent back"). */
  wasAdmitted: boolean;
};

export type SessionDeps = {
  /** `location.hash`: the only place the link token is read from. */
  hash: string;
  inspect(token: string): Promise<ApiResult<LinkInfo>>;
  storage: CircleStorage;
  connect(options: ConnectionOptions): Connection;
  createMedia(deps: MediaDeps): MediaSession;
  /** Whether this browser can do end-to-end encrypted media; told to staff before they admit. */
  e2eeSupported(): boolean;
};

/** `location`: where a member is right now (optional; only staff see it). */
export type JoinRequest = { name: string; deviceKind: DeviceKind; devices: DeviceChoice; location?: Location };

const INITIAL: SessionSnapshot = {
  phase: Phase.starting,
  invalid: null,
  link: null,
  knownName: null,
  deviceKind: DeviceKind.media,
  devices: { cameraId: null, microphoneId: null },
  joinBusy: false,
  joinError: null,
  connection: null,
  self: null,
  view: null,
  grant: null,
  mediaKey: null,
  notice: null,
  outcome: null,
  wasAdmitted: false,
};

const INCOMPLETE_LINK = 'This link is incomplete. Please check that you copied all of it, or ask the facilitator for a new one.';
const LEAVE_WAIT_MS = 3_000;
const NOTICE_MS = 8_000;

export type SessionController = ReturnType<typeof createSessionController>;

export function createSessionController(deps: SessionDeps) {
  let snapshot = INITIAL;
  const listeners = new Set<() => void>();
  /** Bumped by start and dispose: answers for an older run are ignored. */
  let generation = 0;
  let linkToken: string | null = null;
  /** The token the socket connects with: the link's, or the person's own. */
  let authToken: string | null = null;
  let sessionId: string | null = null;
  let connection: Connection | null = null;
  let unsubscribe: (() => void)[] = [];
  let media: MediaSession = newMedia();
  let lastTarget: MediaTarget | null = null;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;

  function set(patch: Partial<SessionSnapshot>): void {
    snapshot = { ...snapshot, ...patch };
    if (snapshot.self?.status === 'admitted' && !snapshot.wasAdmitted) snapshot = { ...snapshot, wasAdmitted: true };
    syncMedia();
    for (const l of [...listeners]) l();
  }

  function newMedia(): MediaSession {
    return deps.createMedia({
      renewGrant: async () => {
        const ack = connection ? await connection.send('media:renew', {}) : null;
        if (!ack?.ok) return null;
        set({ grant: ack.grant });
        return ack.grant;
      },
    });
  }

  function syncMedia(): void {
    const target = snapshot.outcome ? null : mediaTargetFor(snapshot);
    if (sameTarget(target, lastTarget)) return;
    lastTarget = target;
    media.setTarget(target);
  }

  function closeConnection(): void {
    for (const off of unsubscribe) off();
    unsubscribe = [];
    connection?.close();
    connection = null;
  }

  /**
   * The end of this person's time here. The personal token stays in this browser: opening the
   * link again asks the server about it, which then says "removed" or "ended" instead of
   * offering a way back in.
   */
  function finish(outcome: Outcome): void {
    if (sessionId) deps.storage.forgetJoined(sessionId);
    closeConnection();
    set({ outcome, grant: null, joinBusy: false });
  }

  function showNotice(notice: Notice): void {
    // The media server closes the track; this device shows it closed at once, whatever it hears back.
    if (notice.kind === 'mutedByStaff') media.setMicrophone(false);
    clearTimeout(noticeTimer);
    set({ notice });
    noticeTimer = setTimeout(() => set({ notice: null }), NOTICE_MS);
  }

  function openConnection(token: string): Connection {
    closeConnection();
    authToken = token;
    const c = deps.connect({ token, deviceId: deps.storage.deviceId(), ...(sessionId ? { sessionId } : {}) });
    connection = c;
    unsubscribe = [
      c.subscribe(() => {
        const state = c.getState();
        set({ connection: state });
        if (state.status === 'refused' && (state.refusal === 'removed' || state.refusal === 'session_ended')) {
          finish(state.refusal === 'removed' ? Outcome.removed : Outcome.ended);
        }
      }),
      c.on('session:changed', ({ view }) => {
        set({ view: latestView(snapshot.view, view) });
        if (snapshot.view?.status === 'ended') finish(Outcome.ended);
      }),
      c.on('self:changed', ({ self }) => {
        // Out of the group means out of the media room, whatever order the events come in.
        set({ self, grant: self.status === 'admitted' ? snapshot.grant : null });
        if (self.status === 'removed') finish(Outcome.removed);
      }),
      c.on('media:key', (mediaKey) => set({ mediaKey })),
      c.on('media:granted', ({ grant }) => set({ grant })),
      c.on('media:revoked', () => set({ grant: null })),
      c.on('notice:shown', showNotice),
      c.onRejoined((ack) => afterRejoin(ack)),
    ];
    set({ connection: c.getState() });
    return c;
  }

  function joined(ack: Extract<JoinAck, { ok: true }>, deviceKind: DeviceKind): void {
    if (sessionId) deps.storage.rememberJoin(sessionId, { personToken: ack.personToken, deviceKind });
    authToken = ack.personToken;
    set({
      phase: Phase.joined,
      self: ack.self,
      view: latestView(snapshot.view, ack.view),
      joinBusy: false,
      joinError: null,
      knownName: ack.self.name,
    });
    if (ack.view.status === 'ended') finish(Outcome.ended);
    else if (ack.self.status === 'removed') finish(Outcome.removed);
  }

  /** An ending the server announced in an error ack or a refusal, if it was one. */
  function endingOf(ack: Extract<Ack, { ok: false }>): Outcome | null {
    const refusal = connection?.getState().refusal ?? null;
    if (ack.error.code === ErrorCode.removed || refusal === 'removed') return Outcome.removed;
    if (ack.error.code === ErrorCode.sessionEnded || refusal === 'session_ended') return Outcome.ended;
    return null;
  }

  function afterRejoin(ack: JoinAck): void {
    if (ack.ok) return joined(ack, snapshot.deviceKind);
    const ending = endingOf(ack);
    if (ending) finish(ending);
  }

  function toPrejoin(token: string, info: LinkInfo, joinError: string | null = null): void {
    authToken = token;
    set({
      phase: Phase.prejoin,
      link: info,
      knownName: info.personName,
      devices: deps.storage.devicePreferences(),
      joinError,
      joinBusy: false,
    });
  }

  function toInvalid(result: Extract<ApiResult<unknown>, { ok: false }>): void {
    // A link to a session that has ended shows the closing card, not a broken link.
    if (result.code === ErrorCode.sessionEnded) return finish(Outcome.ended);
    set({ phase: Phase.invalid, invalid: { message: result.message, code: result.code } });
  }

  /** Back in at once after a reload, as the same person on the same kind of device. */
  async function rejoin(record: JoinedRecord, gen: number): Promise<void> {
    set({ phase: Phase.rejoining, deviceKind: record.deviceKind, devices: deps.storage.devicePreferences() });
    const c = openConnection(record.personToken);
    for (;;) {
      const ack = await c.join({ deviceKind: record.deviceKind, e2eeSupported: deps.e2eeSupported() });
      if (gen !== generation || c !== connection) return;
      if (ack.ok) return joined(ack, record.deviceKind);
      const ending = endingOf(ack);
      if (ending) return finish(ending);
      // Unreachable for now: the socket keeps trying, and so do we.
      if (ack.error.code === ErrorCode.unavailable && c.getState().status !== 'refused') continue;
      // The stored token no longer works: forget it and start over from the link.
      if (sessionId) deps.storage.forgetPerson(sessionId);
      closeConnection();
      set({ connection: null });
      return fromLink(gen, 'Please join again.');
    }
  }

  /**
   * What this browser remembers of a session: a join in this tab (a reload) or the person's own
   * token. Returns true when that decided where to go.
   */
  async function fromStorage(sid: string, gen: number): Promise<boolean> {
    sessionId = sid;
    const record = deps.storage.joined(sid);
    if (record) {
      void rejoin(record, gen);
      return true;
    }
    const personToken = deps.storage.personToken(sid);
    if (personToken === null || personToken === linkToken) return false;
    const known = await deps.inspect(personToken);
    if (gen !== generation) return true;
    if (known.ok && known.value.sessionId === sid) {
      toPrejoin(personToken, known.value);
      return true;
    }
    if (!known.ok && (known.code === 'removed' || known.code === 'session_ended')) {
      finish(known.code === 'removed' ? Outcome.removed : Outcome.ended);
      return true;
    }
    // Offline, or Circle briefly unable to answer (a restart, its store down): keep the token and
    // say so, with a way to try again. Going on with the link would join as someone new.
    if (!known.ok && isTemporary(known.code)) {
      toInvalid(known);
      return true;
    }
    // Expired or unknown: forget it and go on with the link.
    if (!known.ok) deps.storage.forgetPerson(sid);
    return false;
  }

  /** The prejoin from the link itself (or a page saying why it cannot be used). */
  async function fromLink(gen: number, joinError: string | null = null): Promise<void> {
    if (linkToken === null) return;
    const link = await deps.inspect(linkToken);
    if (gen !== generation) return;
    if (!link.ok) return toInvalid(link);
    sessionId = link.value.sessionId;
    toPrejoin(linkToken, link.value, joinError);
  }

  async function start(): Promise<void> {
    const gen = ++generation;
    closeConnection();
    clearTimeout(noticeTimer);
    media.dispose();
    media = newMedia();
    lastTarget = null;
    snapshot = INITIAL;
    set({});
    linkToken = linkTokenFromHash(deps.hash);
    if (linkToken === null) return set({ phase: Phase.invalid, invalid: { message: INCOMPLETE_LINK, code: 'invalid_link' } });

    // Read without trust, only to find what this browser stored; the server checks every token.
    const hint = sessionIdHint(linkToken);
    if (hint !== null && (await fromStorage(hint, gen))) return;
    if (gen !== generation) return;

    const link = await deps.inspect(linkToken);
    if (gen !== generation) return;
    if (!link.ok) return toInvalid(link);
    if (link.value.sessionId !== hint && (await fromStorage(link.value.sessionId, gen))) return;
    if (gen !== generation) return;
    toPrejoin(linkToken, link.value);
  }

  return {
    getSnapshot: (): SessionSnapshot => snapshot,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The media layer of the current run. */
    get media(): MediaSession {
      return media;
    },
    start,

    async join(request: JoinRequest): Promise<void> {
      if (snapshot.joinBusy || authToken === null) return;
      const gen = generation;
      deps.storage.saveDevicePreferences(request.devices);
      set({ phase: Phase.joining, joinBusy: true, joinError: null, deviceKind: request.deviceKind, devices: request.devices });
      const c = connection && connection.getState().status !== 'refused' ? connection : openConnection(authToken);
      const e2eeSupported = deps.e2eeSupported();
      const location = request.location ? { location: request.location } : {};
      const ack = await c.join(
        snapshot.knownName === null
          ? { name: request.name, agreed: true, deviceKind: request.deviceKind, e2eeSupported, ...location }
          : { agreed: true, deviceKind: request.deviceKind, e2eeSupported, ...location },
      );
      if (gen !== generation || c !== connection) return;
      if (ack.ok) return joined(ack, request.deviceKind);
      const ending = endingOf(ack);
      if (ending) return finish(ending);
      set({ phase: Phase.prejoin, joinBusy: false, joinError: ack.error.message });
    },

    /** Leaves from this device. A reload afterwards shows the prejoin; the person stays known. */
    async leave(): Promise<void> {
      const c = connection;
      connection = null;
      for (const off of unsubscribe) off();
      unsubscribe = [];
      if (sessionId) deps.storage.forgetJoined(sessionId);
      set({ phase: Phase.left, grant: null, self: null, connection: null, joinBusy: false });
      if (!c) return;
      await Promise.race([c.send('session:leave', {}), new Promise((r) => setTimeout(r, LEAVE_WAIT_MS))]);
      c.close();
    },

    /** A command from the room or the waiting screen. */
    command<K extends CommandName>(command: K, payload: CommandPayload<K>): Promise<Ack<CommandResult<K>>> {
      if (!connection) {
        return Promise.resolve({ ok: false, error: { code: ErrorCode.unavailable, message: 'You are not connected to the session.' } });
      }
      return connection.send(command, payload);
    },

    dismissNotice(): void {
      clearTimeout(noticeTimer);
      set({ notice: null });
    },

    dispose(): void {
      generation += 1;
      clearTimeout(noticeTimer);
      closeConnection();
      media.dispose();
    },
  };
}

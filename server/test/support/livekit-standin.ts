import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import {
  CreateRoomRequest,
  DeleteRoomRequest,
  DeleteRoomResponse,
  ListParticipantsRequest,
  ListParticipantsResponse,
  ListRoomsRequest,
  ListRoomsResponse,
  MuteRoomTrackRequest,
  MuteRoomTrackResponse,
  ParticipantInfo,
  ParticipantInfo_State,
  ParticipantPermission,
  RemoveParticipantResponse,
  Room,
  RoomParticipantIdentity,
  TrackInfo,
  TrackSource,
  TrackType,
  UpdateParticipantRequest,
} from '@livekit/protocol';

/**
 * A wire-level stand-in of LiveKit's Twirp RoomService (no LiveKit server runs on these
 * machines). It holds LiveKit's contract, not ours: JWTs verified with the real SDK, LiveKit's
 * grant rules (pkg/service/auth.go, roomservice.go), bodies decoded with @livekit/protocol,
 * snake_case answers with every field, and LiveKit's error codes and messages.
 */

export type TwirpCode =
  | 'not_found'
  | 'unauthenticated'
  | 'permission_denied'
  | 'malformed'
  | 'bad_route'
  | 'failed_precondition'
  | 'internal';

export type RecordedCall = {
  method: string;
  /** Null for ListRooms, which names no single room. */
  room: string | null;
  identity?: string;
  /** The decoded request as protobuf JSON (lowerCamelCase, every field). */
  body: Record<string, unknown>;
  at: number;
  /** Set when the call was answered with a Twirp error. */
  error?: TwirpCode;
};

export type StandInTrack = { sid: string; source: 'MICROPHONE' | 'CAMERA' | 'SCREEN_SHARE' | 'SCREEN_SHARE_AUDIO'; muted?: boolean };

export type LiveKitStandIn = {
  /** What browsers and LiveKitMedia are given: ws://127.0.0.1:PORT */
  url: string;
  httpUrl: string;
  calls: RecordedCall[];
  /** A device that joined `room` (creating it, as LiveKit does on first join). */
  addParticipant(room: string, participant: { identity: string; name?: string; tracks?: StandInTrack[] }): ParticipantInfo;
  participants(room: string): ParticipantInfo[];
  rooms(): string[];
  waitForCall(matches: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  reset(): void;
  close(): Promise<void>;
};

const HTTP_STATUS: Record<TwirpCode, number> = {
  not_found: 404,
  unauthenticated: 401,
  permission_denied: 403,
  malformed: 400,
  bad_route: 404,
  failed_precondition: 412,
  internal: 500,
};

class TwirpFailure extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }
}

/** LiveKit answers every grant failure with `unauthenticated`, never `permission_denied`. */
const denied = () => new TwirpFailure('unauthenticated', 'permissions denied');
const PARTICIPANT_MISSING = 'participant does not exist';

type Json = Parameters<typeof Room.fromJson>[0];
type Wire = { toJson(options?: { useProtoFieldName?: boolean; emitDefaultValues?: boolean }): unknown };
type Access = { grant: 'roomList' } | { grant: 'roomCreate' } | { grant: 'roomAdmin'; room: string };
type Decoded = Wire & { room?: string; name?: string; identity?: string };
type Route = { decode(json: Json): Decoded; access(request: Decoded): Access; run(request: Decoded): Wire };
type RoomState = { info: Room; participants: Map<string, ParticipantInfo> };

const readOptions = { ignoreUnknownFields: true }; // Twirp's protojson discards unknown fields

function route<R extends Decoded>(decode: (json: Json) => R, access: (request: R) => Access, run: (request: R) => Wire): Route {
  return { decode, access: access as Route['access'], run: run as Route['run'] };
}

function permits(claims: ClaimGrants | null, access: Access): boolean {
  const video = claims?.video;
  if (!video) return false;
  if (access.grant === 'roomAdmin') return video.roomAdmin === true && video.room === access.room;
  return video[access.grant] === true;
}

const sid = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

export async function startLiveKitStandIn(options: { apiKey: string; apiSecret: string; port?: number }): Promise<LiveKitStandIn> {
  const verifier = new TokenVerifier(options.apiKey, options.apiSecret);
  const calls: RecordedCall[] = [];
  const waiters = new Set<(call: RecordedCall) => void>();
  const rooms = new Map<string, RoomState>();

  function roomNamed(name: string): RoomState {
    let state = rooms.get(name);
    if (!state) {
      const now = Date.now();
      const info = new Room({ sid: sid('RM'), name, emptyTimeout: 300, departureTimeout: 20, creationTime: BigInt(Math.floor(now / 1000)), creationTimeMs: BigInt(now) });
      state = { info, participants: new Map() };
      rooms.set(name, state);
    }
    return state;
  }

  function snapshot(state: RoomState): Room {
    const info = state.info.clone();
    const everyone = [...state.participants.values()];
    info.numParticipants = everyone.length;
    info.numPublishers = everyone.filter((p) => p.isPublisher).length;
    return info;
  }

  function participant(room: string, identity: string, missing = PARTICIPANT_MISSING): ParticipantInfo {
    const found = rooms.get(room)?.participants.get(identity);
    if (!found) throw new TwirpFailure('not_found', missing);
    return found;
  }

  const routes: Record<string, Route> = {
    ListRooms: route(
      (json) => ListRoomsRequest.fromJson(json, readOptions),
      () => ({ grant: 'roomList' }),
      (request) => {
        const wanted = request.names.length > 0 ? new Set(request.names) : null;
        const listed = [...rooms.values()].filter((state) => !wanted || wanted.has(state.info.name));
        return new ListRoomsResponse({ rooms: listed.map(snapshot) });
      },
    ),
    CreateRoom: route(
      (json) => CreateRoomRequest.fromJson(json, readOptions),
      () => ({ grant: 'roomCreate' }),
      (request) => snapshot(roomNamed(request.name)),
    ),
    DeleteRoom: route(
      (json) => DeleteRoomRequest.fromJson(json, readOptions),
      () => ({ grant: 'roomCreate' }), // LiveKit asks for roomCreate here, not roomAdmin
      (request) => {
        if (!rooms.delete(request.room)) throw new TwirpFailure('not_found', 'requested room does not exist');
        return new DeleteRoomResponse();
      },
    ),
    ListParticipants: route(
      (json) => ListParticipantsRequest.fromJson(json, readOptions),
      (request) => ({ grant: 'roomAdmin', room: request.room }),
      (request) => new ListParticipantsResponse({ participants: [...(rooms.get(request.room)?.participants.values() ?? [])] }),
    ),
    GetParticipant: route(
      (json) => RoomParticipantIdentity.fromJson(json, readOptions),
      (request) => ({ grant: 'roomAdmin', room: request.room }),
      (request) => participant(request.room, request.identity),
    ),
    RemoveParticipant: route(
      (json) => RoomParticipantIdentity.fromJson(json, readOptions),
      (request) => ({ grant: 'roomAdmin', room: request.room }),
      (request) => {
        participant(request.room, request.identity, 'participant not found');
        rooms.get(request.room)?.participants.delete(request.identity);
        return new RemoveParticipantResponse();
      },
    ),
    UpdateParticipant: route(
      (json) => UpdateParticipantRequest.fromJson(json, readOptions),
      (request) => ({ grant: 'roomAdmin', room: request.room }),
      (request) => {
        const target = participant(request.room, request.identity);
        // The permission is replaced whole: a flag left out is a flag turned off.
        if (request.permission) target.permission = request.permission.clone();
        if (request.metadata) target.metadata = request.metadata;
        if (request.name) target.name = request.name;
        for (const [key, value] of Object.entries(request.attributes)) {
          if (value === '') delete target.attributes[key];
          else target.attributes[key] = value;
        }
        return target;
      },
    ),
    MutePublishedTrack: route(
      (json) => MuteRoomTrackRequest.fromJson(json, readOptions),
      (request) => ({ grant: 'roomAdmin', room: request.room }),
      (request) => {
        const track = participant(request.room, request.identity).tracks.find((t) => t.sid === request.trackSid);
        if (!track) throw new TwirpFailure('not_found', 'track is not found');
        // LiveKit's default configuration refuses remote unmute (privacy): only muting works.
        if (!request.muted) throw new TwirpFailure('failed_precondition', 'remote unmute not enabled');
        track.muted = true;
        return new MuteRoomTrackResponse({ track });
      },
    ),
  };

  function record(call: RecordedCall): void {
    calls.push(call);
    for (const notify of [...waiters]) notify(call);
  }

  /** LiveKit's auth middleware: no header passes without grants; a bad one is refused at once. */
  async function claimsOf(header: string | undefined): Promise<ClaimGrants | null> {
    if (header === undefined) return null;
    if (!header.startsWith('Bearer ')) throw new TwirpFailure('unauthenticated', 'invalid authorization header. Must start with Bearer ');
    const token = header.slice('Bearer '.length);
    try {
      return await verifier.verify(token);
    } catch (error) {
      // LiveKit really does echo the token here; keeping that tests that callers never log it.
      throw new TwirpFailure('unauthenticated', `invalid token: ${token}, error: ${(error as Error).message}`);
    }
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method === 'GET' && path === '/') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      return;
    }
    let call: RecordedCall | undefined;
    try {
      const claims = await claimsOf(request.headers.authorization);
      if (request.method !== 'POST') throw new TwirpFailure('bad_route', `unsupported method ${request.method} (only POST is allowed)`);
      const method = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(path)?.[1];
      const handler = method ? routes[method] : undefined;
      if (!method || !handler) throw new TwirpFailure('bad_route', `no handler for path "${path}"`);
      if (!request.headers['content-type']?.startsWith('application/json')) {
        throw new TwirpFailure('bad_route', `unexpected Content-Type: "${request.headers['content-type'] ?? ''}"`);
      }
      const decoded = decode(handler, await readBody(request));
      const access = handler.access(decoded);
      call = {
        method,
        room: access.grant === 'roomAdmin' ? access.room : (decoded.room ?? decoded.name ?? null),
        ...(decoded.identity !== undefined ? { identity: decoded.identity } : {}),
        body: decoded.toJson({ emitDefaultValues: true }) as Record<string, unknown>,
        at: Date.now(),
      };
      if (!permits(claims, access)) throw denied();
      const result = handler.run(decoded);
      record(call);
      respond(response, 200, result.toJson({ useProtoFieldName: true, emitDefaultValues: true }));
    } catch (error) {
      const failure = error instanceof TwirpFailure ? error : new TwirpFailure('internal', String(error));
      if (call) record({ ...call, error: failure.code });
      respond(response, HTTP_STATUS[failure.code], { code: failure.code, msg: failure.message });
    }
  }

  const server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    calls,
    addParticipant(room, { identity, name = identity, tracks = [] }) {
      const now = Date.now();
      const info = new ParticipantInfo({
        sid: sid('PA'),
        identity,
        name,
        state: ParticipantInfo_State.ACTIVE,
        joinedAt: BigInt(Math.floor(now / 1000)),
        joinedAtMs: BigInt(now),
        isPublisher: tracks.length > 0,
        permission: new ParticipantPermission({ canSubscribe: true, canPublish: true, canPublishData: true }),
        tracks: tracks.map(
          (track) =>
            new TrackInfo({
              sid: track.sid,
              source: TrackSource[track.source],
              type: track.source === 'CAMERA' || track.source === 'SCREEN_SHARE' ? TrackType.VIDEO : TrackType.AUDIO,
              muted: track.muted ?? false,
            }),
        ),
      });
      roomNamed(room).participants.set(identity, info);
      return info.clone();
    },
    participants: (room) => [...(rooms.get(room)?.participants.values() ?? [])].map((p) => p.clone()),
    rooms: () => [...rooms.keys()],
    waitForCall(matches, timeoutMs = 5_000) {
      const seen = calls.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(notify);
          reject(new Error(`no matching LiveKit call within ${timeoutMs} ms; saw ${calls.map((c) => c.method).join(', ') || 'none'}`));
        }, timeoutMs);
        const notify = (call: RecordedCall) => {
          if (!matches(call)) return;
          clearTimeout(timer);
          waiters.delete(notify);
          resolve(call);
        };
        waiters.add(notify);
      });
    },
    reset() {
      calls.length = 0;
      rooms.clear();
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function decode(handler: Route, raw: string): Decoded {
  try {
    return handler.decode(JSON.parse(raw) as Json);
  } catch (error) {
    throw new TwirpFailure('malformed', `the json request could not be decoded: ${(error as Error).message}`);
  }
}

const MAX_BODY_BYTES = 1 << 20;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new TwirpFailure('malformed', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The SDK only parses an error body whose content-type is exactly `application/json`. */
function respond(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

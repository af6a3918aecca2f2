import type { ExtendedError } from 'socket.io';
import type { z } from 'zod';
import {
  commandError,
  commandNames,
  commands,
  ConnectRefusal,
  ErrorCode,
  HandshakeSchema,
  PROTOCOL_VERSION,
  type Ack,
  type CommandName,
  type MediaGrant,
} from '@circle/shared';
import type { SessionService } from '../app/session-service.js';
import { attendanceCsv } from '../app/attendance-csv.js';
import type { WireCommand } from '../domain/commands.js';
import { audienceOf, selfView, viewFor } from '../domain/project.js';
import type { SessionState } from '../domain/state.js';
import type { MediaControl } from '../ports/media-control.js';
import { mediaGrant } from '../media/grants.js';
import { StoreUnavailableError } from '../ports/session-store.js';
import { audienceRoom, deviceRoom, personRoom } from './rooms.js';
import type { Publisher } from './publish.js';
import type { CircleServer, CircleSocket, Logger, SocketData } from './types.js';
import { CommandLimiter, type TokenBucket } from './rate-limit.js';
import { realTimers, type Timers } from './deadline-timer.js';
import { HeldAnswers } from './held-answers.js';
import { audit } from './audit.js';
import { runSystemCommand } from './system-command.js';

export type GatewayDeps = {
  io: CircleServer;
  sessions: SessionService;
  media: MediaControl;
  publisher: Publisher;
  log: Logger;
  /** This server process, as devices record where their connection is (see scale/served-elsewhere.ts). */
  server: string;
  /** Origins a browser may connect from; connections without an Origin header (non-browser clients) are judged by their link alone. */
  allowedOrigins: string[];
  /** Per-connection and per-session command rates; defaults to DEFAULT_COMMAND_RATES on the real clock. */
  limiter?: CommandLimiter;
  /** Told when a device joins a session on this process. */
  onJoined?: (sessionId: string) => void;
  /** Timers that release a flooding connection's held refusals (held-answers.ts); real ones by default. */
  refusalTimers?: Timers;
};

function refusal(code: string, message: string): ExtendedError {
  const error: ExtendedError = new Error(message);
  error.data = { code, message };
  return error;
}

/** One readable sentence from a schema failure; zod's own defaults get the field's name in front. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join('.');
      const custom = !/^(Invalid|Unrecognized|Expected|Too)/.test(issue.message);
      return custom || !field ? issue.message : `${field}: ${issue.message}`;
    })
    .join('; ');
}

export function attachGateway(deps: GatewayDeps): void {
  const { io, sessions, log } = deps;
  const limiter = deps.limiter ?? new CommandLimiter();
  // While the store is away every device's handshake fails alike, again at each retry: one line
  // when that starts and one with the count when it ends, not a line per attempt.
  let refusedForStore = 0;

  io.use(async (socket, next) => {
    const origin = socket.handshake.headers.origin;
    if (origin && !deps.allowedOrigins.includes(origin)) return next(refusal(ConnectRefusal.badOrigin, 'This page may not connect to Circle'));
    const handshake = HandshakeSchema.safeParse(socket.handshake.auth);
    if (!handshake.success) return next(refusal(ConnectRefusal.invalidLink, 'This link is not valid'));
    if (handshake.data.protocol !== PROTOCOL_VERSION) {
      return next(refusal(ConnectRefusal.protocolMismatch, 'Circle has been updated. Please reload the page.'));
    }
    try {
      const auth = await sessions.authenticate(handshake.data.token);
      if (refusedForStore > 0) {
        log.info({ refused: refusedForStore }, 'handshakes answered again');
        refusedForStore = 0;
      }
      if (!auth.ok) return next(refusal(auth.refusal.code, auth.refusal.message));
      socket.data = {
        sessionId: auth.claims.sid,
        role: auth.claims.role,
        personId: auth.claims.pid ?? null,
        deviceId: handshake.data.deviceId,
        joined: false,
        linkGeneration: auth.claims.pid ? null : auth.claims.gen,
      };
      next();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || refusedForStore++ === 0) log.warn({ err: String(error) }, 'handshake failed');
      next(refusal(ErrorCode.unavailable, 'Circle is temporarily unavailable'));
    }
  });

  io.on('connection', (socket) => {
    const connection: Connection = { bucket: limiter.forConnection(), limited: false, held: new HeldAnswers(deps.refusalTimers ?? realTimers) };
    // Every incoming event is a command, known or not: one path limits, parses, runs, audits and answers them all.
    socket.onAny((name: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      // A command without an ack callback cannot be answered: drop it.
      if (typeof ack !== 'function') return;
      void command(deps, limiter, connection, socket, name, args.slice(0, -1)).then(ack as (response: Ack<object>) => void);
    });
    socket.on('disconnect', () => {
      const { sessionId, personId, deviceId, joined } = socket.data;
      if (!joined || !personId) return;
      runSystemCommand(sessions, deps.publisher, sessionId, { type: 'device:disconnected', personId, deviceId, connectionId: socket.id }).catch(
        (error: unknown) => log.warn({ sessionId, err: String(error) }, 'disconnect not recorded'),
      );
    });
  });
}

/** `limited`: refused since its bucket was last full, so one flood is logged once and its answers held. */
type Connection = { bucket: TokenBucket; limited: boolean; held: HeldAnswers };

async function command(deps: GatewayDeps, limiter: CommandLimiter, connection: Connection, socket: CircleSocket, name: string, args: unknown[]): Promise<Ack<object>> {
  const { sessionId } = socket.data;
  // A flood is over once the connection has been quiet long enough to refill its whole burst.
  // Not sooner: a flooding client gets a command through whenever a token comes in, and a log
  // line each time would let it write twenty lines a second into the server's log.
  if (connection.limited && connection.bucket.idle()) connection.limited = false;
  // Refused before anything is parsed or stored, so a flood costs the server as little as possible.
  if (!limiter.allow(connection.bucket, sessionId)) {
    const refused = commandError(ErrorCode.rateLimited, 'Too many requests at once; please wait a moment and try again');
    // The first refusal of a flood is answered at once; the rest go out together.
    if (connection.limited) return connection.held.hold(refused);
    deps.log.warn({ sessionId, actorId: socket.data.personId }, 'connection rate limited');
    connection.limited = true;
    return refused;
  }
  if (!isCommandName(name)) return commandError(ErrorCode.invalidCommand, 'Circle does not know that command; please reload the page');
  if (args.length > 1) return commandError(ErrorCode.invalidCommand, 'A command takes one payload');
  let ack: Ack<object>;
  try {
    ack = await handle(deps, socket, name, args[0]);
  } catch (error) {
    deps.log.error({ sessionId, command: name, err: String(error) }, 'command failed');
    ack =
      error instanceof StoreUnavailableError
        ? commandError(ErrorCode.unavailable, 'Circle is temporarily unavailable; please try again in a moment')
        : commandError(ErrorCode.internal, 'Something went wrong; please try again');
  }
  audit(deps.log, { sessionId, actorId: socket.data.personId, role: socket.data.role, command: name, payload: args[0], ack });
  return ack;
}

function isCommandName(name: string): name is CommandName {
  return (commandNames as string[]).includes(name);
}

async function handle(deps: GatewayDeps, socket: CircleSocket, name: CommandName, raw: unknown): Promise<Ack<object>> {
  const parsed = commands[name].payload.safeParse(raw ?? {});
  if (!parsed.success) return commandError(ErrorCode.invalidCommand, describeIssues(parsed.error));
  if (name !== 'session:join' && !socket.data.joined) return commandError(ErrorCode.forbidden, 'Join the session first');

  const { sessionId, role, personId, deviceId, linkGeneration } = socket.data;
  const command = { type: name, ...(parsed.data as object) } as WireCommand;
  const actor = { role, personId, deviceId, connectionId: socket.id, server: deps.server, ...(linkGeneration === null ? {} : { linkGeneration }) };
  const result = await deps.sessions.execute(sessionId, command, actor);
  if (!result.ok) {
    // Someone acted on an old queue: along with the refusal they get the state as it is now.
    if (result.error.code === ErrorCode.staleVersion) await resync(deps, socket);
    return result;
  }

  let extra: object = result.reply;
  if (command.type === 'session:join') {
    extra = await enter(deps, socket, result.state, String(result.reply.personId));
    deps.onJoined?.(sessionId);
  }
  if (command.type === 'session:leave') leaveRooms(socket);
  if (command.type === 'session:sync') extra = snapshot(socket, result.state);
  if (command.type === 'media:renew') extra = { grant: await grantFor(deps.media, result.state, socket.data) };
  if (command.type === 'attendance:export') {
    const record = deps.sessions.attendanceOf(result.state);
    extra = { record, csv: attendanceCsv(record) };
  }
  if (command.type === 'links:reissue') extra = { link: deps.sessions.roleLink(result.state, command.role) };
  // A soft mute changes no state but still has effects to run.
  if (result.changed || result.effects.length > 0) await deps.publisher.publish(result.before, result.state, result.effects);
  return { ok: true, ...extra };
}

async function enter(deps: GatewayDeps, socket: CircleSocket, state: SessionState, personId: string): Promise<object> {
  const person = state.people[personId];
  if (!person) throw new Error('joined person missing from state');
  socket.data.personId = personId;
  socket.data.joined = true;
  await socket.join([personRoom(state.id, personId), deviceRoom(state.id, personId, socket.data.deviceId)]);
  if (person.status !== 'removed') await socket.join(audienceRoom(state.id, audienceOf(person)));
  return { ...snapshot(socket, state), personToken: deps.sessions.personToken(state, personId) };
}

async function resync(deps: GatewayDeps, socket: CircleSocket): Promise<void> {
  const state = await deps.sessions.load(socket.data.sessionId);
  const person = state?.people[socket.data.personId ?? ''];
  if (state && person) socket.emit('session:changed', { view: viewFor(state, audienceOf(person), person.id) });
}

function leaveRooms(socket: CircleSocket): void {
  for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
  socket.data.joined = false;
}

function snapshot(socket: CircleSocket, state: SessionState): object {
  const person = state.people[socket.data.personId ?? ''];
  if (!person) throw new Error('snapshot for a person missing from state');
  return { self: selfView(state, person, socket.data.deviceId), view: viewFor(state, audienceOf(person), person.id) };
}

function grantFor(media: MediaControl, state: SessionState, data: SocketData): Promise<MediaGrant> {
  const person = state.people[data.personId ?? ''];
  const device = person?.devices[data.deviceId];
  if (!person || !device) throw new Error('media grant for an unknown device');
  return mediaGrant(media, state, person, device);
}

import http from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { PatchFollower, PROTOCOL_VERSION, ViewFollower, type CreatedSession, type SessionView, type ViewPatch } from '@circle/shared';
import { Samples } from './lib/stats.js';
import { FloodSchedule, type FloodHalf } from './lib/flood-schedule.js';
import { pausesBetween, watchPauses } from '../src/scale/gc-pauses.js';
import type { Placement, ReadyMessage, ResultMessage, RunMessage, SetupMessage } from './lib/protocol.js';

/**
 * The load generator, in its own process (started by run.ts, driven over IPC). It opens real
 * Socket.IO connections (WebSocket transport): per session 2 staff and 10 members. Against
 * Circle, sessions are created with POST /api/sessions, members join by the member link and
 * are admitted with person:admitAll. Then members raise and lower hands and staff press Next
 * speaker at a total command rate, one command under way per session at a time, so the view
 * version a command produces is known (the one before it plus one): its fan-out latency is the
 * time from sending it to the moment the last member of the session has a view of that version.
 *
 * Against the baseline (a bare Socket.IO server), the same people join a room per session and
 * every command is a message the server stamps with the room's next version and relays to it.
 */

const MEMBERS = 10;
const LOST_AFTER_MS = 5000;
/** The flood alternates with quiet in the measured window (lib/flood-schedule.ts). */
const FLOOD_PHASE_MS = 5000;
const FLOOD_SETTLE_MS = 1000;
const SETUP_CONCURRENCY = 8;

type Mode = SetupMessage['target'];

type Person = {
  socket: Socket;
  role: 'facilitator' | 'cotherapist' | 'member';
  personId: string;
  /** Index of the server (process) it is connected to. */
  server: number;
  seen: number;
  /** Follows the view from patches, as the browser client does (Circle only): whole for the reader, else only its version. */
  follower: Pick<ViewFollower, 'receiveView' | 'receivePatch'> | null;
};

type Versioned = { version: number };

type Pending = {
  target: number;
  sentAt: number;
  server: number;
  remaining: number;
  same: number;
  cross: number;
  measured: boolean;
  sameAt: number;
  crossAt: number;
  /** With a flooding client: whether it was flooding when this command was sent. */
  floodHalf: FloodHalf | null;
};

type Turns = { queue: string[]; current: string | null; queueVersion: number };

type BenchSession = {
  index: number;
  id: string;
  staff: Person[];
  members: Person[];
  /** The view every member had when the last command completed: what the next command acts on. */
  version: number;
  turns: Turns;
  latest: { version: number; turns: Turns };
  pending: Pending | null;
  /** Session 0 is left out of the measurement when it carries a flood. */
  measured: boolean;
  nextStaff: number;
};

let mode: Mode = 'circle';
let placement: Placement = 'alternate';
let sessions: BenchSession[] = [];
let recording = false;
const fanout = new Samples();
const crossProcess = new Samples();
const sameProcess = new Samples();
const acks = new Samples();
/** With a flooding client: the others' fan-out while it floods, and while it rests. */
const byFloodHalf: Record<FloodHalf, Samples> = { flood: new Samples(), quiet: new Samples() };
let floodSchedule: FloodSchedule | null = null;
let completedInWindow = 0;
let lost = 0;
/** Whole views asked for because a patch did not follow on (Circle only). */
let syncs = 0;
const errors: Record<string, number> = {};
/** The generator's own collections stall all its connections at once: reported beside the server's. */
const gcPauses = watchPauses();

const turnsOf = (view: SessionView): Turns => ({
  queue: view.turns.queue.map((e) => e.personId),
  current: view.turns.current?.personId ?? null,
  queueVersion: view.turns.queueVersion,
});

function countError(code: string): void {
  errors[code] = (errors[code] ?? 0) + 1;
}

// ---------------------------------------------------------------- setup

/** Which server each person of session `i` uses (see Placement). */
function serverFor(i: number, slot: number, servers: number): number {
  if (servers === 1) return 0;
  return placement === 'by-session' ? i % servers : (i + slot) % servers;
}

let setupRetries = 0;

function openOnce(url: string, auth: object): Promise<Socket> {
  const socket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Connects, trying twice more after a transport failure (thousands of connections in a burst); the retries are reported. */
async function open(url: string, auth: object): Promise<Socket> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openOnce(url, auth);
    } catch (error) {
      const refusedByServer = Boolean((error as { data?: unknown }).data);
      if (refusedByServer || attempt === 3) throw error;
      setupRetries++;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

function emitWithAck(socket: Socket, event: string, payload: unknown, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Record<string, unknown>>;
}

/** POST /api/sessions from one of several loopback addresses: the per-address limit on creating sessions is meant for people, not for a bench of 400 sessions. */
function createSession(url: string, adminKey: string, index: number): Promise<CreatedSession> {
  const target = new URL('/api/sessions', url);
  const body = JSON.stringify({ title: `Bench group ${index}` });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        localAddress: `127.0.0.${2 + Math.floor(index / 40)}`,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(text) as CreatedSession) : reject(new Error(`POST /api/sessions: ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const tokenOf = (link: string) => link.slice(link.indexOf('#') + 1);

/**
 * Each browser pieces its view together on its own device; here one heap would hold 4,800 views,
 * each remade at every patch and kept until the next, and the collections that copy them would
 * be counted against the server (the relay's clients keep nothing). So one member per session,
 * the reader, follows the view whole: the next command is chosen from it, and it shows that the
 * patches compose. Everyone else follows only the version, with the same check that each patch
 * follows on and the same sync when one does not.
 */
const versionOnly = (_held: Versioned, patch: ViewPatch): Versioned => ({ version: patch.version });

function listen(session: BenchSession, person: Person, reader: boolean): void {
  if (mode === 'circle') {
    const sync = async () => {
      syncs++;
      const ack = await emitWithAck(person.socket, 'session:sync', {}).catch(() => null);
      return ack?.ok === true ? (ack.view as SessionView) : null;
    };
    const follower = reader
      ? new ViewFollower(sync, (view) => onView(session, person, view.version, turnsOf(view)))
      : new PatchFollower<Versioned>(sync, (view) => onView(session, person, view.version, null), versionOnly);
    person.follower = follower;
    person.socket.on('session:changed', ({ view }: { view: SessionView }) => follower.receiveView(view));
    person.socket.on('session:patched', ({ patch }: { patch: ViewPatch }) => follower.receivePatch(patch));
  } else {
    person.socket.on('session:changed', ({ view }: { view: SessionView }) => onView(session, person, view.version, null));
  }
  person.socket.on('disconnect', (reason: string) => countError(`disconnected: ${reason}`));
}

/** A session as the generator tracks it, before anyone has joined. */
function newBenchSession(index: number, id: string): BenchSession {
  const noTurns = () => ({ queue: [], current: null, queueVersion: 0 });
  return { index, id, staff: [], members: [], version: 0, turns: noTurns(), latest: { version: 0, turns: noTurns() }, pending: null, measured: true, nextStaff: 0 };
}

async function setUpCircleSession(index: number, urls: string[], adminKey: string): Promise<BenchSession> {
  const created = await createSession(urls[index % urls.length]!, adminKey, index);
  const session = newBenchSession(index, created.sessionId);
  const join = async (link: string, role: Person['role'], slot: number, name: string): Promise<Person> => {
    const server = serverFor(index, slot, urls.length);
    const socket = await open(urls[server]!, { protocol: PROTOCOL_VERSION, token: tokenOf(link), deviceId: `bench-${index}-${slot}` });
    const person: Person = { socket, role, personId: '', server, seen: 0, follower: null };
    listen(session, person, slot === 2);
    const ack = await emitWithAck(socket, 'session:join', { name, agreed: true, deviceKind: 'media' });
    if (ack.ok !== true) throw new Error(`join failed: ${JSON.stringify(ack)}`);
    person.personId = (ack.self as { personId: string }).personId;
    person.follower?.receiveView(ack.view as SessionView);
    return person;
  };
  session.staff.push(await join(created.links.facilitator, 'facilitator', 0, 'Facilitator'));
  session.staff.push(await join(created.links.cotherapist, 'cotherapist', 1, 'Co-therapist'));
  for (let k = 0; k < MEMBERS; k++) session.members.push(await join(created.links.member, 'member', 2 + k, `Member ${k + 1}`));
  const admitted = await emitWithAck(session.staff[0]!.socket, 'person:admitAll', {});
  if (admitted.admitted !== MEMBERS) throw new Error(`admitAll: ${JSON.stringify(admitted)}`);
  return session;
}

async function setUpBaselineSession(index: number, urls: string[]): Promise<BenchSession> {
  const session = newBenchSession(index, `room-${index}`);
  for (let slot = 0; slot < MEMBERS + 2; slot++) {
    const server = serverFor(index, slot, urls.length);
    const socket = await open(urls[server]!, {});
    const role = slot === 0 ? 'facilitator' : slot === 1 ? 'cotherapist' : 'member';
    const person: Person = { socket, role, personId: `p${slot}`, server, seen: 0, follower: null };
    listen(session, person, false);
    await emitWithAck(socket, 'join', session.id);
    (role === 'member' ? session.members : session.staff).push(person);
  }
  return session;
}

async function setUp(message: SetupMessage): Promise<ReadyMessage> {
  mode = message.target;
  placement = message.placement;
  const started = performance.now();
  sessions = new Array<BenchSession>(message.sessions);
  let next = 0;
  const worker = async () => {
    while (next < message.sessions) {
      const index = next++;
      sessions[index] =
        mode === 'circle' ? await setUpCircleSession(index, message.urls, message.adminKey) : await setUpBaselineSession(index, message.urls);
    }
  };
  await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, worker));
  // Every member must hold the same version before a command's successor can be named.
  const deadline = Date.now() + 30_000;
  for (const session of sessions) {
    while (!session.members.every((m) => m.seen === session.latest.version && m.seen > 0) && mode === 'circle') {
      if (Date.now() > deadline) throw new Error(`session ${session.index}: members did not converge on one view`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    session.version = Math.max(session.latest.version, ...session.members.map((m) => m.seen));
    session.turns = session.latest.turns;
  }
  return {
    type: 'ready',
    sockets: sessions.reduce((n, s) => n + s.staff.length + s.members.length, 0),
    setupMs: performance.now() - started,
    setupRetries,
  };
}

// ---------------------------------------------------------------- measuring

/** A connection holds `version` now; `turns` comes with it from the session's reader (Circle only). */
function onView(session: BenchSession, person: Person, version: number, turns: Turns | null): void {
  // The baseline's relays carry no turns: any connection may move its version on.
  if (version > session.latest.version && (turns || mode === 'baseline')) session.latest = { version, turns: turns ?? session.latest.turns };
  const before = person.seen;
  if (version <= before) return;
  person.seen = version;
  const pending = session.pending;
  if (person.role !== 'member' || !pending || before >= pending.target || version < pending.target) return;
  const now = performance.now();
  pending.remaining--;
  if (person.server === pending.server) {
    if (--pending.same === 0) pending.sameAt = now;
  } else if (--pending.cross === 0) pending.crossAt = now;
  if (pending.remaining > 0) return;
  session.pending = null;
  session.version = version;
  // Every member has the target now, the reader included, and no other command is under way.
  session.turns = session.latest.turns;
  if (!pending.measured || !recording) return;
  completedInWindow++;
  fanout.add(now - pending.sentAt);
  if (pending.sameAt) sameProcess.add(pending.sameAt - pending.sentAt);
  if (pending.crossAt) crossProcess.add(pending.crossAt - pending.sentAt);
  if (pending.floodHalf) byFloodHalf[pending.floodHalf].add(now - pending.sentAt);
}

/** One state-changing command for this session, chosen from the view its members all hold. */
let padding = '';

function nextCommand(session: BenchSession): { sender: Person; event: string; payload: object } {
  if (mode === 'baseline') {
    const sender = session.members[Math.floor(Math.random() * MEMBERS)]!;
    return { sender, event: 'relay', payload: padding ? { command: 'hand:raise', padding } : { command: 'hand:raise' } };
  }
  const { queue, current, queueVersion } = session.turns;
  const r = Math.random();
  if ((queue.length >= 3 && r < 0.5) || (queue.length > 0 && queue.length === MEMBERS)) {
    const sender = session.staff[session.nextStaff++ % 2]!;
    return { sender, event: 'queue:next', payload: { queueVersion } };
  }
  const raisers = session.members.filter((m) => !queue.includes(m.personId) && m.personId !== current);
  const lowerers = session.members.filter((m) => queue.includes(m.personId));
  const raise = raisers.length > 0 && (lowerers.length === 0 || r < 0.75);
  const sender = (raise ? raisers : lowerers)[Math.floor(Math.random() * (raise ? raisers : lowerers).length)]!;
  return { sender, event: raise ? 'hand:raise' : 'hand:lower', payload: {} };
}

function sendCommand(session: BenchSession): void {
  const { sender, event, payload } = nextCommand(session);
  const sentAt = performance.now();
  const others = session.members.filter((m) => m.server !== sender.server).length;
  const pending: Pending = {
    target: session.version + 1,
    sentAt,
    server: sender.server,
    remaining: MEMBERS,
    same: MEMBERS - others,
    cross: others,
    measured: recording && session.measured,
    sameAt: 0,
    crossAt: 0,
    floodHalf: floodSchedule?.halfAt(sentAt) ?? null,
  };
  session.pending = pending;
  sender.socket.timeout(LOST_AFTER_MS).emit(event, payload, (error: Error | null, ack?: { ok: boolean; error?: { code: string } }) => {
    if (pending.measured) acks.add(performance.now() - sentAt);
    if (error || !ack?.ok) {
      countError(error ? 'no ack' : (ack?.error?.code ?? 'unknown'));
      // A refused command changes nothing, so no view will follow: the session is free again.
      if (session.pending === pending) {
        session.pending = null;
        session.version = session.latest.version;
        session.turns = session.latest.turns;
      }
    }
  });
}

async function run(message: RunMessage): Promise<ResultMessage> {
  // This one process stands in for thousands of browsers, each of which would collect its own
  // garbage on its own device. Its heap holds all their connections, and a full collection of
  // it in the measured window would stall every client at once and be counted against the
  // server; so it starts the run collected (run.ts starts it with --expose-gc and a young
  // generation large enough that the views it follows die there).
  (globalThis as { gc?: () => void }).gc?.();
  padding = 'x'.repeat(message.baselineBytes);
  const flooder = message.floodRate ? sessions[0]!.members[0]! : null;
  if (flooder) sessions[0]!.measured = false;
  const flood = flooder ? { sent: 0, answered: {} as Record<string, number> } : null;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const cpuBefore = process.cpuUsage();
  // From the measured window on: the collection forced above is reported to the observer later.
  let gcAtWindow = { ...gcPauses };
  let windowStartedAt = performance.now();
  let rss = 0;
  let nextRssAt = 0;
  const start = performance.now();
  const windowStart = start + message.warmupMs;
  const end = windowStart + message.durationMs;
  floodSchedule = message.floodRate
    ? new FloodSchedule({ rate: message.floodRate, startedAt: start, windowStartsAt: windowStart, phaseMs: FLOOD_PHASE_MS, settleMs: FLOOD_SETTLE_MS })
    : null;
  let issued = 0;
  let flooded = 0;
  let skipped = 0;
  let sentCommands = 0;
  let cursor = 0;
  let raised = false;

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (!recording && now >= windowStart) {
        recording = true;
        delay.enable();
        gcAtWindow = { ...gcPauses };
        windowStartedAt = now;
      }
      const due = Math.floor(((now - start) / 1000) * message.rate);
      while (issued < due) {
        let chosen: BenchSession | null = null;
        for (let k = 0; k < sessions.length; k++) {
          const candidate = sessions[(cursor + k) % sessions.length]!;
          if (!candidate.pending && candidate.measured) {
            chosen = candidate;
            cursor = (cursor + k + 1) % sessions.length;
            break;
          }
        }
        if (!chosen) {
          if (recording) skipped += due - issued;
          issued = due;
          break;
        }
        sendCommand(chosen);
        issued++;
        sentCommands++;
      }
      if (flooder && flood && floodSchedule) {
        const floodDue = floodSchedule.due(now);
        for (; flooded < floodDue; flooded++) {
          raised = !raised;
          flood.sent++;
          const [event, payload] = mode === 'baseline' ? ['relay', { command: 'flood', padding }] : [raised ? 'hand:raise' : 'hand:lower', {}];
          flooder.socket.timeout(LOST_AFTER_MS).emit(event, payload, (error: Error | null, ack?: { ok: boolean; error?: { code: string } }) => {
            const code = error ? 'no ack' : ack?.ok ? 'ok' : (ack?.error?.code ?? 'unknown');
            flood.answered[code] = (flood.answered[code] ?? 0) + 1;
          });
        }
      }
      // Commands under way for too long are counted lost, and their sessions freed.
      for (const session of sessions) {
        if (session.pending && now - session.pending.sentAt > LOST_AFTER_MS) {
          if (session.pending.measured) {
            lost++;
            const p = session.pending;
            const missing = session.members.filter((m) => m.seen < p.target).map((m) => (m.server === p.server ? 'same' : 'cross'));
            console.error('LOST', JSON.stringify({ session: session.index, target: p.target, missing, seen: session.members.map((m) => m.seen), staff: session.staff.map((m) => m.seen), latest: session.latest.version }));
          }
          session.pending = null;
          session.version = session.latest.version;
          session.turns = session.latest.turns;
        }
      }
      if (now >= nextRssAt) {
        rss = Math.max(rss, process.memoryUsage.rss());
        nextRssAt = now + 100;
      }
      if (now < end) setTimeout(tick, 2);
      else resolve();
    };
    tick();
  });
  recording = false;
  delay.disable();
  // Let the last commands finish (bounded), so they do not count as lost.
  const drainBy = performance.now() + LOST_AFTER_MS;
  const floodAnswered = () => (flood ? Object.values(flood.answered).reduce((a, b) => a + b, 0) >= flood.sent : true);
  while ((sessions.some((s) => s.pending) || !floodAnswered()) && performance.now() < drainBy) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedMs = performance.now() - start;
  const measuredSeconds = message.durationMs / 1000;
  const twoServers = sessions.some((s) => s.members.some((m) => m.server !== 0));
  const cross = crossProcess.summary();
  return {
    type: 'result',
    fanout: fanout.summary(),
    // None when every session is whole on one server.
    crossProcess: twoServers && cross.count > 0 ? cross : null,
    sameProcess: twoServers ? sameProcess.summary() : null,
    ack: acks.summary(),
    measuredSeconds,
    commandsPerSec: completedInWindow / measuredSeconds,
    sent: sentCommands,
    skipped,
    lost,
    syncs,
    errors,
    flood,
    floodHalves: floodSchedule
      ? { phaseMs: FLOOD_PHASE_MS, settleMs: FLOOD_SETTLE_MS, flood: byFloodHalf.flood.summary(), quiet: byFloodHalf.quiet.summary() }
      : null,
    generator: {
      rssMb: rss / 1024 / 1024,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
      gc: pausesBetween(gcAtWindow, gcPauses),
      gcElapsedMs: performance.now() - windowStartedAt,
    },
  };
}

function tearDown(): void {
  for (const session of sessions) for (const person of [...session.staff, ...session.members]) person.socket.close();
  sessions = [];
}

process.on('message', (message: { type: string }) => {
  const reply = (answer: object) => process.send?.(answer);
  const fail = (error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) });
  switch (message.type) {
    case 'setup':
      setUp(message as SetupMessage).then(reply, fail);
      return;
    case 'run':
      run(message as RunMessage).then(reply, fail);
      return;
    case 'teardown':
      tearDown();
      reply({ type: 'done' });
      return;
  }
});
// Bounded even if the orchestrator dies: without it, there is nothing to do.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'started' });

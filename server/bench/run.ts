import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import path from 'node:path';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchStats } from '../src/scale/bench-stats.js';
import { noPauses, pausesBetween, type GcPauses } from '../src/scale/gc-pauses.js';
import { freePort, nextMessage, spawnNode, stop, waitForHealth } from './lib/children.js';
import type { Placement, ReadyMessage, ResultMessage, RunMessage, SetupMessage, Target } from './lib/protocol.js';
import { round } from './lib/stats.js';
import { startFlags } from './lib/start-command.js';
import { reclaimTicks } from './lib/machine.js';
import { deleteKeysAt } from './lib/redis-keys.js';
import { OwnRedis } from './lib/own-redis.js';

/**
 * `npm run bench`: Circle's fan-out latency under load, against a bare Socket.IO baseline.
 * Everything runs on this machine, on 127.0.0.1: the server(s) and the load generator each in
 * their own process, Redis wherever REDIS_URL points (default redis://127.0.0.1:6379) or, with
 * --durable-redis, a redis-server of the bench's own that fsyncs every write as compose's does.
 *
 *   npm run bench -w server -- [--scenario smoke,target,two-process,two-process-by-session,flood|all] [--sessions N]
 *                              [--rate N] [--duration SECONDS] [--warmup SECONDS] [--json]
 *                              [--profile DIR]   (CPU profiles of the servers: Circle's in DIR, the baseline's in DIR/baseline)
 *                              [--baseline-bytes N]   (padding of each baseline message; 0)
 *                              [--durable-redis]   (its own redis-server: appendonly yes, appendfsync always)
 *                              [--stand-in]   (one-process scenarios: bench/stand-in-server.ts in Circle's place, to read the figures by)
 *   npm run bench -- --scenario=smoke --json      (from the root: flags with `=`)
 *
 * BENCH_DEBUG=1 passes the load generator's diagnostics through (e.g. which members had not
 * received a command's view when it was counted lost).
 */

/** `placement` matters with two servers only; `alternate` unless given. */
type Scenario = { name: string; sessions: number; rate: number; durationMs: number; servers: number; placement?: Placement; floodRate: number | null };

const SCENARIOS: Scenario[] = [
  { name: 'smoke', sessions: 20, rate: 50, durationMs: 10_000, servers: 1, floodRate: null },
  { name: 'target', sessions: 400, rate: 1000, durationMs: 60_000, servers: 1, floodRate: null },
  // Every change crosses between the processes: the case the issue's cross-process target is about.
  { name: 'two-process', sessions: 400, rate: 1000, durationMs: 60_000, servers: 2, floodRate: null },
  // Each session whole on one process, as deploy/nginx.conf routes browsers.
  { name: 'two-process-by-session', sessions: 400, rate: 1000, durationMs: 60_000, servers: 2, placement: 'by-session', floodRate: null },
  { name: 'flood', sessions: 400, rate: 1000, durationMs: 60_000, servers: 1, floodRate: 1000 },
];

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
/** The server as `npm start` runs it: the bundle, built below. */
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));
const STAND_IN = fileURLToPath(new URL('./stand-in-server.ts', import.meta.url));
const LOAD = fileURLToPath(new URL('./load.ts', import.meta.url));
/** Clock ticks per second, the unit of /proc's CPU times. */
const CLOCK_TICKS = clockTicks();
/**
 * The load generator's heap (see run() in load.ts): collectable on demand, and with semi-spaces
 * of 256 MB, so the views its 4,800 connections follow die young instead of filling its old
 * generation, whose collection would stall all of them at once.
 */
const GENERATOR_FLAGS = ['--expose-gc', '--max-semi-space-size=256'];

const parsed = parseArgs({
  allowPositionals: true,
  options: {
    scenario: { type: 'string' },
    sessions: { type: 'string' },
    rate: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    json: { type: 'boolean' },
    profile: { type: 'string' },
    'baseline-bytes': { type: 'string' },
    'durable-redis': { type: 'boolean' },
    'stand-in': { type: 'boolean' },
  },
});
// From the repository root (`npm run bench -- --scenario=smoke --json`), npm takes the flags as
// its own configuration and hands them on as npm_config_* variables; positionals name scenarios.
const fromNpm = (name: string) => {
  const value = process.env[`npm_config_${name}`];
  return value === undefined || value === 'true' || value === '' ? undefined : value;
};
const flags = {
  scenario: parsed.values.scenario ?? fromNpm('scenario') ?? (parsed.positionals.length ? parsed.positionals.join(',') : 'all'),
  sessions: parsed.values.sessions ?? fromNpm('sessions'),
  rate: parsed.values.rate ?? fromNpm('rate'),
  duration: parsed.values.duration ?? fromNpm('duration'),
  warmup: parsed.values.warmup ?? fromNpm('warmup') ?? '3',
  json: parsed.values.json ?? process.env.npm_config_json === 'true',
  /** A directory: Circle's server processes write V8 CPU profiles there (node --cpu-prof), the baseline's in its `baseline` folder. */
  profile: parsed.values.profile ?? fromNpm('profile'),
  /**
   * Padding of each baseline message. By default none: the baseline relays the command itself,
   * as the issue defines it. 4000 pads it to about a whole member's view, for comparison with
   * a server that sends whole views.
   */
  baselineBytes: Number(parsed.values['baseline-bytes'] ?? fromNpm('baseline_bytes') ?? 0),
  durableRedis: parsed.values['durable-redis'] ?? process.env.npm_config_durable_redis === 'true',
  /**
   * Circle's server replaced by a stand-in that relays as the baseline does but allocates as
   * Circle does (bench/stand-in-server.ts): not Circle's figures, a reading of them. Relayed
   * messages reach only the process's own sockets, so one-process scenarios only.
   */
  standIn: parsed.values['stand-in'] ?? process.env.npm_config_stand_in === 'true',
};

const chosen = flags.scenario === 'all' ? SCENARIOS : SCENARIOS.filter((s) => flags.scenario.split(',').includes(s.name));
if (chosen.length === 0) throw new Error(`unknown scenario ${flags.scenario}; choose from ${SCENARIOS.map((s) => s.name).join(', ')} or all`);
const scenarios = chosen.map((s) => ({
  ...s,
  sessions: flags.sessions ? Number(flags.sessions) : s.sessions,
  rate: flags.rate ? Number(flags.rate) : s.rate,
  durationMs: flags.duration ? Number(flags.duration) * 1000 : s.durationMs,
}));
const warmupMs = Number(flags.warmup) * 1000;
if (flags.standIn && scenarios.some((s) => s.servers > 1)) throw new Error('--stand-in runs one-process scenarios only (smoke, target, flood)');

execFileSync(process.execPath, [fileURLToPath(new URL('../build.mjs', import.meta.url))], { stdio: 'inherit' });

const children = new Set<ChildProcess>();
let ownRedis: OwnRedis | null = null;
const killAll = () => children.forEach((c) => c.kill('SIGKILL'));
process.on('exit', () => {
  killAll();
  void ownRedis?.kill();
});
process.on('SIGINT', () => process.exit(130));

/**
 * A machine's own Redis may keep nothing on disk, and answer a write before any fsync; the Redis
 * docker-compose.yml runs answers only once the write is in its fsynced append-only file, and
 * each command waits for that (twenty-second session in RESULTS.md). --durable-redis measures so.
 */
if (flags.durableRedis) ownRedis = await OwnRedis.start();
const REDIS_URL = ownRedis?.url ?? (process.env.REDIS_URL || 'redis://127.0.0.1:6379');

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

type Measured = { serverWarnings: Record<string, number>; loadAverage: number[]; reclaimCpuPercent: number | null; ready: ReadyMessage; result: ResultMessage; servers: { rssMb: number; rssIdleMb: number; heapUsedMb: number; loopDelayP99Ms: number; loopDelayMaxMs: number; cpuPercent: number; cpuMs: number; gc: GcPauses }[]; elapsedMs: number };

/** One server process (Circle or the baseline), its output kept for when something goes wrong. */
type StartedServer = { child: ChildProcess; url: string; output: () => string; warnings: Record<string, number> };

async function startServer(target: Target, adminKey: string, redisPrefix: string): Promise<StartedServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> =
    target === 'circle'
      ? {
          PORT: String(port),
          REDIS_URL,
          // A namespace per scenario: the HTTP limits count in Redis, and one scenario's session
          // creations must not count against the next one's.
          CIRCLE_REDIS_PREFIX: redisPrefix,
          CIRCLE_ADMIN_KEY: adminKey,
          CIRCLE_BENCH_STATS: '1',
          PUBLIC_URL: url,
          // Production's level: staff commands leave an audit line each.
          LOG_LEVEL: 'info',
          NODE_ENV: 'production',
          // Nothing listens there: media calls fail fast, and hand raising makes none.
          LIVEKIT_URL: 'ws://127.0.0.1:1',
        }
      : { PORT: String(port), NODE_ENV: 'production' };
  const profile = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${target === 'circle' ? flags.profile : path.join(flags.profile, 'baseline')}`] : [];
  const script = target === 'baseline' ? BASELINE : flags.standIn ? STAND_IN : MAIN;
  const child = spawnNode(script, env, SERVER_DIR, target === 'circle' ? [...startFlags(), ...profile] : profile);
  children.add(child);
  let output = '';
  let partial = '';
  // Warnings and errors the server logged, counted by message: a lost Redis link shows here.
  const warnings: Record<string, number> = {};
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-4000);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{') || !/"level":(4|5|6)0/.test(line)) continue;
      const msg = String((JSON.parse(line) as { msg?: unknown }).msg);
      warnings[msg] = (warnings[msg] ?? 0) + 1;
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-4000)));
  try {
    await waitForHealth(`${url}/healthz`);
  } catch (error) {
    throw new Error(`${String(error)}\n${output}`);
  }
  return { child, url, output: () => output, warnings };
}

/** Sends a message to the generator and waits for the answer of that type (or its error). */
async function ask<T extends { type: string }>(child: ChildProcess, message: object, answer: string, timeoutMs: number): Promise<T> {
  const failed = nextMessage<{ type: 'error'; message: string }>(child, 'error', timeoutMs + 1000).then(
    (e) => Promise.reject(new Error(`load generator: ${e.message}`)),
    () => new Promise<never>(() => {}),
  );
  child.send(message);
  return Promise.race([nextMessage<T>(child, answer, timeoutMs), failed]);
}

async function serverStats(child: ChildProcess, reset = false): Promise<BenchStats> {
  const answer = nextMessage<BenchStats>(child, 'circle:stats', 5000);
  child.send({ type: 'circle:stats', reset });
  return answer;
}

async function measure(target: Target, scenario: Scenario): Promise<Measured> {
  const adminKey = randomBytes(18).toString('base64url');
  const redisPrefix = `circle-bench-${randomBytes(6).toString('hex')}`;
  // The baseline is one process: a bare relay has nothing to share between two.
  const count = target === 'circle' ? scenario.servers : 1;
  const servers = await Promise.all(Array.from({ length: count }, () => startServer(target, adminKey, redisPrefix)));
  const generator = spawnNode(LOAD, {}, SERVER_DIR, GENERATOR_FLAGS);
  children.add(generator);
  let generatorOutput = '';
  generator.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    generatorOutput = (generatorOutput + chunk).slice(-4000);
    if (process.env.BENCH_DEBUG) process.stderr.write(chunk);
  });
  try {
    await nextMessage(generator, 'started', 30_000);
    // The stand-in speaks the baseline's protocol.
    const setup: SetupMessage = { type: 'setup', target: flags.standIn ? 'baseline' : target, urls: servers.map((s) => s.url), placement: scenario.placement ?? 'alternate', sessions: scenario.sessions, adminKey };
    progress(`${scenario.name}/${target}: connecting ${scenario.sessions} sessions × 12 people`);
    const ready = await ask<ReadyMessage>(generator, setup, 'ready', 15 * 60_000);
    progress(`${scenario.name}/${target}: ${ready.sockets} sockets ready in ${(ready.setupMs / 1000).toFixed(1)} s; running ${scenario.rate} commands/s for ${warmupMs / 1000} + ${scenario.durationMs / 1000} s`);

    const cpuBefore = await Promise.all(servers.map((s) => serverStats(s.child, true)));
    const reclaimBefore = reclaimTicks();
    const startedAt = Date.now();
    const rss = servers.map(() => 0);
    const heap = servers.map(() => 0);
    const sampler = setInterval(() => {
      servers.forEach((s, i) =>
        serverStats(s.child)
          .then((stats) => {
            rss[i] = Math.max(rss[i]!, stats.rssMb);
            heap[i] = Math.max(heap[i]!, stats.heapUsedMb);
          })
          .catch(() => {}),
      );
    }, 1000);
    const run: RunMessage = {
      type: 'run',
      rate: scenario.rate,
      warmupMs,
      durationMs: scenario.durationMs,
      floodRate: scenario.floodRate,
      baselineBytes: flags.baselineBytes,
    };
    const result = await ask<ResultMessage>(generator, run, 'result', warmupMs + scenario.durationMs + 60_000).finally(() => clearInterval(sampler));
    const after = await Promise.all(servers.map((s) => serverStats(s.child)));
    const elapsed = Date.now() - startedAt;
    const reclaimAfter = reclaimTicks();
    await ask(generator, { type: 'teardown' }, 'done', 30_000);
    const serverWarnings: Record<string, number> = {};
    for (const s of servers) for (const [msg, n] of Object.entries(s.warnings)) serverWarnings[msg] = (serverWarnings[msg] ?? 0) + n;
    return {
      serverWarnings,
      loadAverage: loadavg().map((n) => round(n, 2) ?? 0),
      reclaimCpuPercent: reclaimBefore === null || reclaimAfter === null ? null : ((reclaimAfter - reclaimBefore) * (1000 / CLOCK_TICKS) * 100) / elapsed,
      ready,
      result,
      servers: after.map((stats, i) => ({
        rssMb: Math.max(rss[i]!, stats.rssMb),
        // Connected and joined, before any load: what the sockets themselves cost.
        rssIdleMb: cpuBefore[i]!.rssMb,
        heapUsedMb: Math.max(heap[i]!, stats.heapUsedMb),
        loopDelayP99Ms: stats.loopDelayP99Ms,
        loopDelayMaxMs: stats.loopDelayMaxMs,
        cpuPercent: ((stats.cpuUserMs + stats.cpuSystemMs - cpuBefore[i]!.cpuUserMs - cpuBefore[i]!.cpuSystemMs) / elapsed) * 100,
        cpuMs: stats.cpuUserMs + stats.cpuSystemMs - cpuBefore[i]!.cpuUserMs - cpuBefore[i]!.cpuSystemMs,
        gc: pausesBetween(cpuBefore[i]!.gc, stats.gc),
      })),
      elapsedMs: elapsed,
    };
  } catch (error) {
    for (const s of servers) progress(`server output:\n${s.output()}`);
    progress(`generator output:\n${generatorOutput}`);
    throw error;
  } finally {
    await stop(generator);
    await Promise.all(servers.map((s) => stop(s.child)));
    for (const c of [generator, ...servers.map((s) => s.child)]) children.delete(c);
    // Its sessions and counts would otherwise stay in Redis until they expire.
    if (target === 'circle') await deleteKeysAt(REDIS_URL, `${redisPrefix}:`);
  }
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}


type Row = Record<string, unknown> & { scenario: string };

function rowOf(scenario: Scenario, circle: Measured, baseline: Measured): Row {
  const r = circle.result;
  const busiest = circle.servers.reduce((a, b) => (b.rssMb > a.rssMb ? b : a));
  return {
    scenario: scenario.name,
    sessions: scenario.sessions,
    sockets: circle.ready.sockets,
    servers: scenario.servers,
    targetRate: scenario.rate,
    durableRedis: flags.durableRedis,
    standIn: flags.standIn,
    commandsPerSec: round(r.commandsPerSec),
    p50Ms: round(r.fanout.p50, 2),
    p99Ms: round(r.fanout.p99, 2),
    maxMs: round(r.fanout.max, 2),
    crossProcessP99Ms: r.crossProcess ? round(r.crossProcess.p99, 2) : null,
    sameProcessP99Ms: r.sameProcess ? round(r.sameProcess.p99, 2) : null,
    ackP99Ms: round(r.ack.p99, 2),
    rssMb: round(busiest.rssMb),
    heapUsedMb: round(busiest.heapUsedMb),
    rssIdleMb: round(busiest.rssIdleMb),
    serverLoopDelayP99Ms: round(Math.max(...circle.servers.map((s) => s.loopDelayP99Ms)), 2),
    // One long stall shows here when the p99 alone cannot tell it from many short ones.
    serverLoopDelayMaxMs: round(Math.max(...circle.servers.map((s) => s.loopDelayMaxMs)), 2),
    serverCpuPercent: circle.servers.map((s) => round(s.cpuPercent)),
    // Server CPU per command (all processes, warm-up included): what one core can carry, whatever else competes for it.
    serverCpuMsPerCommand: round(circle.servers.reduce((sum, s) => sum + s.cpuMs, 0) / Math.max(1, r.sent), 3),
    baselineCpuMsPerCommand: round(baseline.servers[0]!.cpuMs / Math.max(1, baseline.result.sent), 3),
    // Garbage collection from the warm-up on, all server processes together; the pause share is per process.
    serverGc: roundedPauses(gcTotal(circle)),
    serverGcPausePercent: gcPausePercent(circle),
    baselineGc: roundedPauses(gcTotal(baseline)),
    baselineGcPausePercent: gcPausePercent(baseline),
    generatorCpuPercent: round(r.generator.cpuPercent),
    // The two cores are shared: what the generator takes, the server cannot have.
    baselineGeneratorCpuPercent: round(baseline.result.generator.cpuPercent),
    generatorLoopDelayP99Ms: round(r.generator.loopDelayP99Ms, 2),
    generatorLoopDelayMaxMs: round(r.generator.loopDelayMaxMs, 2),
    // The generator's own collections stall all its connections at once.
    generatorGc: roundedPauses(r.generator.gc),
    generatorGcPausePercent: pausePercent(r.generator.gc, r.generator.gcElapsedMs),
    baselineGeneratorGcPausePercent: pausePercent(baseline.result.generator.gc, baseline.result.generator.gcElapsedMs),
    measured: r.fanout.count,
    skipped: r.skipped,
    lost: r.lost,
    syncs: r.syncs,
    errors: r.errors,
    serverWarnings: circle.serverWarnings,
    flood: r.flood,
    // The flood scenario's others, in the same run: commands sent while the client flooded, and while it rested.
    p99WithFloodMs: r.floodHalves ? round(r.floodHalves.flood.p99, 2) : null,
    p99WithoutFloodMs: r.floodHalves ? round(r.floodHalves.quiet.p99, 2) : null,
    baselineP99WithFloodMs: baseline.result.floodHalves ? round(baseline.result.floodHalves.flood.p99, 2) : null,
    baselineP99WithoutFloodMs: baseline.result.floodHalves ? round(baseline.result.floodHalves.quiet.p99, 2) : null,
    floodHalves: r.floodHalves,
    baselineP50Ms: round(baseline.result.fanout.p50, 2),
    baselineP99Ms: round(baseline.result.fanout.p99, 2),
    baselineMaxMs: round(baseline.result.fanout.max, 2),
    baselineCommandsPerSec: round(baseline.result.commandsPerSec),
    baselineRssMb: round(baseline.servers[0]!.rssMb),
    baselineFlood: baseline.result.flood,
    baselineMessageBytes: flags.baselineBytes,
    setupSeconds: round(circle.ready.setupMs / 1000),
    setupRetries: circle.ready.setupRetries,
    // Everything else running on this machine competes for its cores.
    loadAverage: circle.loadAverage,
    // Of one core, by the kernel's memory reclaim (lib/machine.ts), in Circle's run and the relay's.
    reclaimCpuPercent: round(circle.reclaimCpuPercent ?? NaN, 2),
    baselineReclaimCpuPercent: round(baseline.reclaimCpuPercent ?? NaN, 2),
  };
}

function gcTotal(measured: Measured): GcPauses {
  return measured.servers.reduce((sum, { gc }) => {
    for (const key of Object.keys(sum) as (keyof GcPauses)[]) sum[key] += gc[key];
    return sum;
  }, noPauses());
}

function roundedPauses(total: GcPauses): Record<keyof GcPauses, number | null> {
  return {
    scavenges: total.scavenges,
    scavengeMs: round(total.scavengeMs),
    markCompacts: total.markCompacts,
    markCompactMs: round(total.markCompactMs),
    otherMs: round(total.otherMs),
  };
}

function gcPausePercent(measured: Measured): number | null {
  return pausePercent(gcTotal(measured), measured.elapsedMs * measured.servers.length);
}

/** Of the wall time, how much the process (or processes, over their summed time) stood still in the pauses Node reports (see GcPauses). */
function pausePercent({ scavengeMs, markCompactMs, otherMs }: GcPauses, elapsedMs: number): number | null {
  return round(((scavengeMs + markCompactMs + otherMs) / elapsedMs) * 100, 2);
}

function printTable(rows: Row[]): void {
  const columns: [string, string][] = [
    ['scenario', 'scenario'],
    ['sessions', 'sessions'],
    ['sockets', 'sockets'],
    ['targetRate', 'cmd/s wanted'],
    ['commandsPerSec', 'cmd/s done'],
    ['p50Ms', 'p50 ms'],
    ['p99Ms', 'p99 ms'],
    ['maxMs', 'max ms'],
    ['crossProcessP99Ms', 'cross p99'],
    ['ackP99Ms', 'ack p99'],
    ['rssMb', 'RSS MB'],
    ['serverLoopDelayP99Ms', 'loop p99'],
    ['serverLoopDelayMaxMs', 'loop max'],
    ['baselineP99Ms', 'base p99'],
    ['baselineCommandsPerSec', 'base cmd/s'],
    ['serverCpuPercent', 'server CPU%'],
    ['serverCpuMsPerCommand', 'CPU ms/cmd'],
    ['baselineCpuMsPerCommand', 'base CPU ms/cmd'],
    ['serverGcPausePercent', 'GC %'],
    ['baselineGcPausePercent', 'base GC %'],
    ['generatorCpuPercent', 'gen CPU%'],
    ['baselineGeneratorCpuPercent', 'base gen CPU%'],
    ['generatorGcPausePercent', 'gen GC %'],
    ['baselineGeneratorGcPausePercent', 'base gen GC %'],
    ['reclaimCpuPercent', 'reclaim CPU%'],
    ['lost', 'lost'],
    ['skipped', 'skipped'],
  ];
  const cells = rows.map((row) => columns.map(([key]) => (row[key] === null || row[key] === undefined ? '–' : String(row[key]))));
  const widths = columns.map(([, title], i) => Math.max(title.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padStart(widths[i]!)).join('  ');
  console.log(line(columns.map(([, title]) => title)));
  for (const c of cells) console.log(line(c));
  for (const row of rows) {
    const errors = Object.entries(row.errors as Record<string, number>);
    if (errors.length) console.log(`${row.scenario}: refused or failed commands: ${errors.map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (row.flood) {
      console.log(`${row.scenario}: flooding client: ${JSON.stringify(row.flood)}; against the baseline: ${JSON.stringify(row.baselineFlood)}`);
      console.log(
        `${row.scenario}: everyone else's p99 while it flooded ${row.p99WithFloodMs} ms, while it rested ${row.p99WithoutFloodMs} ms` +
          ` (baseline ${row.baselineP99WithFloodMs} and ${row.baselineP99WithoutFloodMs} ms)`,
      );
    }
  }
}

const rows: Row[] = [];
const [busy] = loadavg();
if (busy! > 1) progress(`warning: this machine's load average is ${busy!.toFixed(2)} before the bench starts; other work competes for its cores`);
for (const scenario of scenarios) {
  const circle = await measure('circle', scenario);
  const baseline = await measure('baseline', scenario);
  const row = rowOf(scenario, circle, baseline);
  rows.push(row);
  if (flags.json) console.log(JSON.stringify(row));
}
if (!flags.json) printTable(rows);
await ownRedis?.stop();
process.exit(0);

import { loadConfig } from './config.js';
import { createCircle } from './app.js';
import { createLogger } from './log.js';
import { openStore } from './store/open-store.js';
import { RedisStore } from './store/redis-store.js';
import { countsInRedis } from './http/limit-counts.js';
import { LiveKitMedia } from './media/livekit-media.js';
import { connectClusterAdapter } from './scale/redis-adapter.js';
import { SHUTDOWN_LIMIT_MS, shutDownGracefully } from './scale/shutdown.js';
import { Drain } from './scale/drain.js';

const log = createLogger();
const config = loadConfig();
const store = await openStore(config.redisUrl, (message) => log.warn({}, message), `${config.redisPrefix}:`);
// Counts commands and store calls under way, so a SIGTERM can let them finish (scale/shutdown.ts).
const drain = new Drain();
// With Redis, any number of processes can serve the same sessions: broadcasts go through it too.
const cluster = config.redisUrl ? await connectClusterAdapter({ url: config.redisUrl, channelPrefix: config.redisPrefix, log: (message) => log.warn({}, message) }) : null;
const media = new LiveKitMedia(config.livekit);
// With Redis, the HTTP limits count every process's requests together.
const httpCounts = store instanceof RedisStore ? countsInRedis((args) => store.command(args), store.keyPrefix) : undefined;
const circle = createCircle({ config, store: drain.store(store), media, log, ...(cluster ? { cluster } : {}), ...(httpCounts ? { httpCounts } : {}) });
drain.watch(circle.io);
// `npm run bench` only: memory and event-loop delay for the parent process, over IPC.
if (process.env.CIRCLE_BENCH_STATS === '1') (await import('./scale/bench-stats.js')).answerBenchStats();
const port = await circle.listen(config.port);

log.info({ port, store: store.kind, livekit: config.livekit.url }, 'Circle is listening');
// Written to the terminal, not the log: a generated development key must be seen to be used.
console.log(`\n  Circle is running at ${config.publicUrl}`);
if (config.adminKeyGenerated) {
  console.log(`  Admin key (generated for this run; set CIRCLE_ADMIN_KEY to keep one): ${config.adminKey}\n`);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  // Every step is bounded; this is the last resort if one still hangs.
  setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
  await shutDownGracefully({ circle, drain, store, cluster, log });
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

import { loadConfig } from './config.js';
import { createCircle } from './app.js';
import { createLogger } from './log.js';
import { openStore } from './store/open-store.js';
import { LiveKitMedia } from './media/livekit-media.js';

const log = createLogger();
const config = loadConfig();
const store = await openStore(config.redisUrl, (message) => log.warn({}, message));
const media = new LiveKitMedia(config.livekit);
const circle = createCircle({ config, store, media, log });
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
  await circle.close();
  await store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

import { startLiveKitStandIn } from './livekit-standin.js';

/**
 * Runs the LiveKit stand-in as a process, for e2e runs and for trying the server without
 * LiveKit: `PORT=7880 npx tsx server/test/support/livekit-standin-main.ts`. PORT unset or 0
 * picks a free port; the ready line carries the URL to give the server as LIVEKIT_URL.
 */
const standIn = await startLiveKitStandIn({
  apiKey: process.env.LIVEKIT_API_KEY || 'devkey',
  apiSecret: process.env.LIVEKIT_API_SECRET || 'secret',
  port: Number(process.env.PORT ?? 0),
});
process.stdout.write(`LIVEKIT_STANDIN_READY ${standIn.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void standIn.close().then(() => process.exit(0)));
}

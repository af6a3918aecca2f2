import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { createClient } from 'redis';
import { answerBenchStats } from '../src/scale/bench-stats.js';
import { joinedRoom } from './lib/relay-join.js';

/**
 * A stand-in for Circle's server, for reading the benchmark (`--stand-in`), never for its
 * targets: the baseline's relay, plus what Circle's command path costs the heap and Redis. Each
 * message waits for one Redis round trip (the room's version, INCR'd under the scenario's key
 * prefix, which the bench deletes after) between two halves of short-lived objects, about
 * STAND_IN_KB kilobytes in all; and the room keeps a few of them until its next message, as
 * Circle's cache keeps a session's latest state. Started with `npm start`'s node flags, it
 * allocates per command at least what Circle does, and leaves less alive at each scavenge:
 * which of the two sets the p99 is what it tells (twenty-third session in RESULTS.md).
 */
const KILOBYTES = Number(process.env.STAND_IN_KB ?? 40);
const prefix = process.env.CIRCLE_REDIS_PREFIX ?? 'circle-stand-in';
const redis = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
await redis.connect();

/** About `kilobytes` of small objects with strings and arrays in them, as a parse and a model update make. */
function shortLived(kilobytes: number): object[] {
  const made: object[] = [];
  // Each such object, its id string and its array take about 200 bytes of V8's heap.
  for (let i = 0; i < (kilobytes * 1024) / 200; i++) made.push({ id: `p${i}`, role: i % 3 ? 'member' : 'staff', hand: i % 2 === 0, at: Date.now() + i, list: [i, i + 1] });
  return made;
}

const http = createServer((_req, res) => res.end('ok'));
const io = new Server(http, { maxHttpBufferSize: 16 * 1024, serveClient: false });
const kept = new Map<string, object[]>();

io.on('connection', (socket) => {
  const room = joinedRoom(socket);
  socket.on('relay', async (message: unknown, ack: unknown) => {
    const before = shortLived(KILOBYTES / 2);
    const version = await redis.incr(`${prefix}:${room.name}`);
    const after = shortLived(KILOBYTES / 2);
    kept.set(room.name, after.slice(0, 8));
    io.to(room.name).emit('session:changed', { view: { ...(message as object), version, made: before.length + after.length } });
    if (typeof ack === 'function') ack({ ok: true });
  });
});

answerBenchStats();
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => void io.close().then(() => redis.quit()).then(() => process.exit(0)));

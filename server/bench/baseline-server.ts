import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { answerBenchStats } from '../src/scale/bench-stats.js';
import { joinedRoom } from './lib/relay-join.js';

/**
 * The baseline: a bare Socket.IO server with Circle's transport settings and nothing else. A
 * socket joins a room (one per session); every message it sends is stamped with the room's
 * next version and relayed to the room, then acknowledged. What Circle costs beyond this is
 * Circle's own work: authentication, the model, Redis, views per audience.
 */
// Anything but Socket.IO's own path answers 200: the orchestrator's readiness check.
const http = createServer((_req, res) => res.end('ok'));
const io = new Server(http, { maxHttpBufferSize: 16 * 1024, serveClient: false });
const versions = new Map<string, number>();

io.on('connection', (socket) => {
  const room = joinedRoom(socket);
  socket.on('relay', (message: unknown, ack: unknown) => {
    const version = (versions.get(room.name) ?? 0) + 1;
    versions.set(room.name, version);
    io.to(room.name).emit('session:changed', { view: { ...(message as object), version } });
    if (typeof ack === 'function') ack({ ok: true });
  });
});

answerBenchStats();
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => void io.close().then(() => process.exit(0)));

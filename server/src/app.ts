import { createServer, type Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import express from 'express';
import { Server } from 'socket.io';
import { SessionService, type Clock } from './app/session-service.js';
import { attachGateway } from './gateway/socket-gateway.js';
import { Publisher } from './gateway/publish.js';
import { DeadlineTimer, realTimers, type Timers } from './gateway/deadline-timer.js';
import type { CircleServer, Logger } from './gateway/types.js';
import { apiRoutes, errorHandler } from './http/routes.js';
import { securityHeaders } from './http/security.js';
import { LinkSigner } from './links.js';
import type { Config } from './config.js';
import type { MediaControl } from './ports/media-control.js';
import type { SessionStore } from './ports/session-store.js';
import { CommandLimiter, type CommandRates } from './gateway/rate-limit.js';
import type { HttpRates } from './http/rate-limits.js';
import type { LimitCounts } from './http/limit-counts.js';
import { PresenceSweep, ServerCountWatch } from './scale/presence-sweep.js';
import type { ClusterLink } from './scale/redis-adapter.js';
import { runSystemCommand } from './gateway/system-command.js';
import type { SystemCommand } from './domain/commands.js';

export type CircleDeps = {
  config: Config;
  store: SessionStore;
  media: MediaControl;
  log: Logger;
  clock?: Clock;
  newId?: () => string;
  /** Media encryption keys; 32 random bytes (base64) when absent. */
  newKey?: () => string;
  /** Socket command and HTTP rate limits; the defaults when absent. */
  commandRates?: CommandRates;
  httpRates?: HttpRates;
  /** Where the HTTP limits count (Redis, shared by every process); this process's memory when absent. */
  httpCounts?: LimitCounts;
  /** Injectable so tests never wait for a turn's time to run out. */
  timers?: Timers;
  /** Timers of the presence sweep (scale/presence-sweep.ts); real ones by default. */
  presenceTimers?: Timers;
  /** Timers that release a flooding connection's held refusals (gateway/held-answers.ts); real ones by default. */
  refusalTimers?: Timers;
  /** The built client; defaults to client/dist beside the server. */
  clientDir?: string;
  /** The Redis adapter's link, when several processes may serve the same sessions; Socket.IO's in-memory adapter when absent. */
  cluster?: Pick<ClusterLink, 'adapter' | 'subscribed'>;
};

export type Circle = {
  http: HttpServer;
  io: CircleServer;
  sessions: SessionService;
  /** Marks the devices of a lost process disconnected; `processLost()` when another process goes away. */
  presence: PresenceSweep;
  listen(port: number): Promise<number>;
  close(): Promise<void>;
};

const DEFAULT_CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client/dist');

export const randomId = () => randomBytes(12).toString('base64url');

/** Origins a browser page may connect from: the public URL, and Vite's dev server in development. */
export function allowedOrigins(config: Config): string[] {
  const origins = [new URL(config.publicUrl).origin];
  if (process.env.NODE_ENV !== 'production') origins.push('http://localhost:5173', 'http://127.0.0.1:5173');
  return origins;
}

/** The composition root: wires the ports into the service, the HTTP routes and the socket gateway. */
export function createCircle(deps: CircleDeps): Circle {
  const { config, store, media, log, cluster } = deps;
  const clock = deps.clock ?? { now: Date.now };
  const signer = new LinkSigner(config.linkSecret, clock.now);
  const sessions = new SessionService(store, signer, config.publicUrl, clock, deps.newId ?? randomId, deps.newKey, {
    retention: config.retention,
    linkGraceMs: config.linkGraceMs,
    ...(config.closingText ? { closing: config.closingText } : {}),
  });

  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer every request comes from the balancer's address, and the HTTP limits
  // per address would count a whole clinic as one client. Express then takes the client's
  // address from X-Forwarded-For, as many hops back as there are proxies. Without one the header
  // is ignored, so no client can pick an address of its own.
  if (config.trustedProxies > 0) app.set('trust proxy', config.trustedProxies);
  app.use(securityHeaders(config.livekit.url));
  app.use(apiRoutes({ sessions, store, adminKey: config.adminKey, livekitUrl: config.livekit.url, rates: deps.httpRates, counts: deps.httpCounts }));
  const clientDir = deps.clientDir ?? DEFAULT_CLIENT_DIR;
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: false }));
    app.get(['/', '/join'], (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => res.type('text').send('The client is not built: run `npm run build -w client`.'));
  }
  app.use(errorHandler);

  const http = createServer(app);
  const io: CircleServer = new Server(http, {
    maxHttpBufferSize: 16 * 1024,
    serveClient: false,
    cors: { origin: allowedOrigins(config) },
    ...(cluster ? { adapter: cluster.adapter } : {}),
  });
  // New at every start: a restarted process holds none of the connections the old one did.
  const server = randomBytes(6).toString('base64url');
  const publisher = new Publisher(io, media, log, cluster ? { heard: (change) => store.heard(change), server } : null);
  const system = (sessionId: string, command: SystemCommand) => runSystemCommand(sessions, publisher, sessionId, command);
  const deadlines = new DeadlineTimer(deps.timers ?? realTimers, clock.now, (sessionId, command) => {
    system(sessionId, command).catch((error: unknown) => log.warn({ sessionId, err: String(error) }, 'deadline failed'));
  });
  publisher.onChange = (state) => deadlines.track(state);
  const limiter = new CommandLimiter(deps.commandRates, clock.now);
  const presence = new PresenceSweep({
    io,
    sessions,
    sessionIds: () => store.sessionIds(),
    system,
    timers: deps.presenceTimers ?? realTimers,
    now: clock.now,
    log,
    graceMs: config.presenceGraceMs,
    steadyFor: (ms) => servers?.steadyFor(ms) ?? true,
  });
  // A process that dies runs no disconnects: when the number of processes drops, the others check
  // the sessions they serve for devices nobody holds any more.
  const servers = cluster
    ? new ServerCountWatch(
        () => io.of('/').adapter.serverCount(),
        () => presence.processLost(),
        // A lost process is noticed within 5 s, or within the grace when that is shorter.
        Math.min(5000, config.presenceGraceMs),
      )
    : null;
  attachGateway({ io, sessions, media, publisher, log, server, allowedOrigins: allowedOrigins(config), limiter, refusalTimers: deps.refusalTimers, onJoined: (sessionId) => presence.served(sessionId) });

  return {
    http,
    io,
    sessions,
    presence,
    listen: async (port) => {
      // Subscribed before it serves anyone: the others tell it of a session from its first device there.
      if (cluster) await cluster.subscribed();
      void presence.checkStored();
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, () => {
          const address = http.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    close: async () => {
      deadlines.stop();
      presence.stop();
      servers?.stop();
      await io.close();
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

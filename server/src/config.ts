import { randomBytes, createHmac } from 'node:crypto';

/** Everything the server reads from its environment; see DESIGN.md. */
export type Config = {
  port: number;
  redisUrl: string | null;
  /** Starts every Redis key and channel of this deployment, so several can share one Redis. */
  redisPrefix: string;
  livekit: {
    /** What browsers connect to. */
    url: string;
    /** What the server calls LiveKit's API at, when that differs (inside docker compose). */
    apiUrl: string | null;
    apiKey: string;
    apiSecret: string;
  };
  adminKey: string;
  /** True when the admin key was generated at start (development): it is printed once. */
  adminKeyGenerated: boolean;
  /** Signs capability links. */
  linkSecret: string;
  publicUrl: string;
  /** How long session data is kept after the end, and after the last activity of a session never ended. */
  retention: { afterEndMs: number; afterActivityMs: number };
  /** Aftercare and crisis resources shown at the end of every session, replacing the default. */
  closingText: string | null;
  /** How long capability links stay valid after a session's planned end. */
  linkGraceMs: number;
  /** How long after a server process is lost its devices are checked and marked disconnected (scale/presence-sweep.ts). */
  presenceGraceMs: number;
  /** How many proxies (load balancers) stand between browsers and this process; 0 when it faces them itself. */
  trustedProxies: number;
};

function seconds(value: string | undefined, fallback: number, name: string): number {
  if (!value) return fallback * 1000;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new Error(`${name} must be a number of seconds between 0 and 3600`);
  return n * 1000;
}

function proxyCount(value: string | undefined): number {
  if (!value) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error('CIRCLE_TRUSTED_PROXIES must be the number of proxies in front of Circle, 0 to 10');
  return n;
}

function redisPrefix(value: string | undefined): string {
  if (!value) return 'circle';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) throw new Error('CIRCLE_REDIS_PREFIX must be 1 to 64 letters, digits, dots, dashes or underscores');
  return value;
}

function hours(value: string | undefined, fallback: number, name: string): number {
  if (!value) return fallback * HOUR;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 30) throw new Error(`${name} must be a number of hours between 0 and 720`);
  return n * HOUR;
}

const HOUR = 60 * 60 * 1000;

export const CONFIG_DEFAULTS = {
  port: 3000,
  livekitUrl: 'ws://localhost:7880',
  livekitApiKey: 'devkey',
  livekitApiSecret: 'secret',
} as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT ? Number(env.PORT) : CONFIG_DEFAULTS.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const adminKey = env.CIRCLE_ADMIN_KEY || randomBytes(24).toString('base64url');
  const livekitUrl = env.LIVEKIT_URL || CONFIG_DEFAULTS.livekitUrl;
  if (!/^wss?:\/\//.test(livekitUrl)) throw new Error('LIVEKIT_URL must start with ws:// or wss://');
  return {
    port,
    redisUrl: env.REDIS_URL || null,
    redisPrefix: redisPrefix(env.CIRCLE_REDIS_PREFIX),
    livekit: {
      url: livekitUrl,
      apiUrl: env.LIVEKIT_API_URL || null,
      apiKey: env.LIVEKIT_API_KEY || CONFIG_DEFAULTS.livekitApiKey,
      apiSecret: env.LIVEKIT_API_SECRET || CONFIG_DEFAULTS.livekitApiSecret,
    },
    adminKey,
    adminKeyGenerated: !env.CIRCLE_ADMIN_KEY,
    // Links must verify on every process and across restarts, so the secret derives from
    // shared configuration unless one is given.
    linkSecret: env.CIRCLE_LINK_SECRET || createHmac('sha256', adminKey).update('circle capability links').digest('base64url'),
    retention: {
      afterEndMs: hours(env.CIRCLE_RETENTION_HOURS, 24, 'CIRCLE_RETENTION_HOURS'),
      afterActivityMs: hours(env.CIRCLE_IDLE_RETENTION_HOURS, 12, 'CIRCLE_IDLE_RETENTION_HOURS'),
    },
    closingText: env.CIRCLE_CLOSING_TEXT || null,
    linkGraceMs: hours(env.CIRCLE_LINK_HOURS, 12, 'CIRCLE_LINK_HOURS'),
    presenceGraceMs: seconds(env.CIRCLE_PRESENCE_GRACE_SECONDS, 30, 'CIRCLE_PRESENCE_GRACE_SECONDS'),
    trustedProxies: proxyCount(env.CIRCLE_TRUSTED_PROXIES),
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
  };
}

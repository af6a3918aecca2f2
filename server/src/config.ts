import { randomBytes, createHmac } from 'node:crypto';

/** Everything the server reads from its environment; see DESIGN.md. */
export type Config = {
  port: number;
  redisUrl: string | null;
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
};

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
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
  };
}

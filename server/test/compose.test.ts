import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { parse } from 'yaml';
import { CONFIG_DEFAULTS, loadConfig } from '../src/config.js';
import { SHUTDOWN_LIMIT_MS } from '../src/scale/shutdown.js';
import { durabilityWarnings } from '../src/store/redis-durability.js';
import { OwnRedis } from '../bench/lib/own-redis.js';
import { Harness } from './support/harness.js';

// docker-compose.yml is never run here (no Docker, no LiveKit), so this checks that it agrees
// with the server's configuration and with itself.

type Service = {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | null> | string[];
  ports?: (string | number | { target: number; published?: number | string; protocol?: string })[];
  expose?: (string | number)[];
  volumes?: (string | { target: string })[];
  depends_on?: string[] | Record<string, unknown>;
  stop_grace_period?: string;
  restart?: string;
  healthcheck?: { test: string[] };
};

const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const { livekit, redis, server, client } = compose.services;

function environment(service: Service | undefined): Record<string, string> {
  const entries = Array.isArray(service?.environment)
    ? service.environment.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    : Object.entries(service?.environment ?? {}).map(([key, value]) => [key, String(value ?? '')]);
  return Object.fromEntries(entries);
}

type Port = { published: number | null; container: number; protocol: string };

function ports(service: Service | undefined): Port[] {
  return (service?.ports ?? []).map((entry) => {
    if (typeof entry === 'object') {
      return { published: entry.published ? Number(entry.published) : null, container: entry.target, protocol: entry.protocol ?? 'tcp' };
    }
    const [mapping = '', protocol = 'tcp'] = String(entry).split('/');
    const parts = mapping.split(':');
    const container = Number(parts.at(-1));
    return { published: parts.length > 1 ? Number(parts.at(-2)) : null, container, protocol };
  });
}

const command = (service: Service | undefined) => [service?.command ?? []].flat().join(' ');
/** The value given to `--name` in the service's command, if any. */
const flag = (service: Service | undefined, name: string) => new RegExp(`(?:^| )--${name.replace(/\./g, '\\.')}[ =](\\S+)`).exec(command(service))?.[1];
const dependencies = (service: Service | undefined) => [service?.depends_on ?? []].flatMap((d) => (Array.isArray(d) ? d : Object.keys(d))).sort();
const tcp = (service: Service | undefined) => ports(service).filter((port) => port.protocol === 'tcp');
const portOf = (url: URL) => Number(url.port || (url.protocol === 'https:' || url.protocol === 'wss:' ? 443 : 80));

/** The variables loadConfig reads, observed rather than listed, so the two cannot drift. */
function variablesReadByLoadConfig(): Set<string> {
  const read = new Set<string>();
  const note = (key: string | symbol) => typeof key === 'string' && read.add(key);
  loadConfig(new Proxy({}, { get: (_env, key) => void note(key), has: (_env, key) => (note(key), false) }));
  return read;
}

describe('docker-compose.yml', () => {
  const env = environment(server);

  it('runs LiveKit, Redis, the server and the client', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['balancer', 'client', 'livekit', 'livekit-b', 'redis', 'server', 'server-a', 'server-b']);
    expect(livekit?.image).toMatch(/^livekit\/livekit-server(:|$)/);
    expect(server?.build).toBeDefined();
    expect(dependencies(server)).toEqual(['livekit', 'redis']);
  });

  it('gives the server exactly the variables its configuration reads', () => {
    const expected = variablesReadByLoadConfig();
    // Derived from the admin key when unset, which suits one machine.
    expected.delete('CIRCLE_LINK_SECRET');
    // The closing card's default text is the one to use unless a clinic writes its own.
    expected.delete('CIRCLE_CLOSING_TEXT');
    // This server faces browsers itself; the scale profile's sit behind nginx (below).
    expected.delete('CIRCLE_TRUSTED_PROXIES');
    // One deployment in this Redis (the scale profile's processes share it): the default namespace.
    expected.delete('CIRCLE_REDIS_PREFIX');
    // Where the server reaches LiveKit's API inside the compose network (see below).
    expected.add('LIVEKIT_API_URL');
    expect(Object.keys(env).sort()).toEqual([...expected].sort());
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('points REDIS_URL at the redis service and its port, with an append-only file on a volume', () => {
    const url = new URL(env.REDIS_URL!);
    expect(url.hostname).toBe('redis');
    expect((redis?.expose ?? []).map(Number)).toContain(portOf(url));
    expect(command(redis)).toMatch(/--appendonly yes/);
    expect(redis?.volumes?.map((v) => (typeof v === 'string' ? v.split(':')[1] : v.target))).toContain('/data');
  });

  it("runs Redis so that the server's check of its settings at start finds nothing to warn of", async () => {
    const [program, ...settings] = command(redis).split(' ');
    expect(program).toBe('redis-server');
    // Redis's own defaults first, so that only what the compose file sets can satisfy the check.
    const own = await OwnRedis.start(['--appendonly', 'no', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', ...settings]);
    const client = createClient({ url: own.url });
    try {
      await client.connect();
      expect(await durabilityWarnings((args) => client.sendCommand(args))).toEqual([]);
    } finally {
      client.destroy();
      await own.stop();
    }
  });

  it('uses the key pair of LiveKit in --dev mode', () => {
    expect(command(livekit)).toMatch(/(^| )--dev( |$)/);
    expect(command(livekit)).not.toMatch(/--keys|--key-file|--config/);
    expect([env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET]).toEqual([CONFIG_DEFAULTS.livekitApiKey, CONFIG_DEFAULTS.livekitApiSecret]);
  });

  it('hands browsers a LiveKit URL on a published port, and the server one inside the network', () => {
    const browsers = new URL(env.LIVEKIT_URL!);
    expect(browsers.protocol).toBe('ws:');
    expect(browsers.hostname).toBe('localhost');
    expect(tcp(livekit).map((p) => p.published)).toContain(portOf(browsers));

    const api = new URL(env.LIVEKIT_API_URL!);
    expect([api.protocol, api.hostname]).toEqual(['http:', 'livekit']);
    expect(tcp(livekit).map((p) => p.container)).toContain(portOf(api));
    expect(ports(livekit)).toContainEqual({ published: 7882, container: 7882, protocol: 'udp' }); // --dev's media port
  });

  it('gives every server process longer to stop than its graceful shutdown may take', () => {
    const seconds = (duration: string | undefined) => {
      const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration ?? '');
      return match && duration ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : 10; // Docker's default
    };
    for (const name of ['server', 'server-a', 'server-b']) {
      expect(seconds(compose.services[name]?.stop_grace_period) * 1000, name).toBeGreaterThan(SHUTDOWN_LIMIT_MS);
    }
  });

  it('starts every service but the dev client again when it stops unbidden', () => {
    const restarting = Object.entries(compose.services).filter(([, service]) => service.restart === 'unless-stopped');
    expect(restarting.map(([name]) => name).sort()).toEqual(Object.keys(compose.services).filter((name) => name !== 'client').sort());
  });

  describe('the servers’ health check', () => {
    const servers = ['server', 'server-a', 'server-b'].map((name) => compose.services[name]!);
    const script = servers[0]!.healthcheck!.test;
    let harness: Harness | undefined;
    afterAll(() => harness?.stop());

    /** Runs the check as Docker would (`CMD`: no shell), pointed at `port`; resolves with its exit code. */
    const check = (port: number) =>
      new Promise<number>((resolve) => {
        const [, program, ...args] = script.map((part) => part.replace(`127.0.0.1:${env.PORT}`, `127.0.0.1:${port}`));
        expect(program).toBe('node');
        execFile(process.execPath, args, { timeout: 10_000 }, (error) => resolve(error ? Number(error.code ?? 1) : 0));
      });

    it('is the same for every server, and asks /healthz on the port the server listens on', () => {
      for (const service of servers) expect(service.healthcheck?.test).toEqual(script);
      expect(script[0]).toBe('CMD');
      expect(script.join(' ')).toContain(`http://127.0.0.1:${env.PORT}/healthz`);
    });

    it('passes against a running server and fails where none listens', async () => {
      harness = await new Harness().start();
      expect(await check(Number(new URL(harness.url).port))).toBe(0);
      await harness.stop();
      expect(await check(Number(new URL(harness.url).port))).not.toBe(0);
      harness = undefined;
    });
  });

  it('publishes the port the server listens on, and PUBLIC_URL names it', () => {
    const published = tcp(server).find((p) => p.container === Number(env.PORT));
    expect(published?.published).toBe(portOf(new URL(env.PUBLIC_URL!)));
  });

  it('proxies the Vite dev server to the server service', () => {
    const target = new URL(environment(client).CIRCLE_SERVER_URL!);
    expect([target.hostname, portOf(target)]).toEqual(['server', Number(env.PORT)]);
    expect(command(client)).toMatch(/npm run dev -w client -- --host 0\.0\.0\.0/);
    expect(tcp(client).map((p) => p.published)).toContain(5173);
  });
});

describe('the scale profile', () => {
  const scaled = ['server-a', 'server-b'].map((name) => compose.services[name] as Service & { profiles?: string[]; expose?: string[] });
  const balancer = compose.services.balancer as Service & { profiles?: string[]; volumes?: string[] };
  const nginx = readFileSync(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8');

  const published = tcp(balancer).map((p) => p.published);
  const listens = [...nginx.matchAll(/listen (\d+);/g)].map((m) => Number(m[1]));
  const upstreamBlock = (name: string) => new RegExp(`upstream ${name} \\{([^}]*)\\}`).exec(nginx)?.[1] ?? '';
  const upstream = (name: string) => [...upstreamBlock(name).matchAll(/server ([\w-]+):(\d+)[ \w=]*;/g)].map((m) => `${m[1]}:${m[2]}`);
  const nodes = [livekit, compose.services['livekit-b']];

  it('runs two server processes with the same configuration as the single one, on the balancer’s addresses', () => {
    const single = server?.environment as Record<string, string>;
    for (const process of scaled) {
      expect(process.profiles).toEqual(['scale']);
      const { CIRCLE_TRUSTED_PROXIES, ...env } = process.environment as Record<string, string>;
      expect({ ...env, PUBLIC_URL: single.PUBLIC_URL, LIVEKIT_URL: single.LIVEKIT_URL }).toEqual(single);
      // One proxy, the balancer, which passes each browser's address on.
      expect(loadConfig({ CIRCLE_TRUSTED_PROXIES }).trustedProxies).toBe(1);
      expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
      expect(published).toContain(portOf(new URL(env.PUBLIC_URL!)));
      expect(published).toContain(portOf(new URL(env.LIVEKIT_URL!)));
    }
  });

  it('balances with sticky sessions to both, on the port they listen on', () => {
    expect(balancer.profiles).toEqual(['scale']);
    expect(balancer.volumes?.[0]).toMatch(/^\.\/deploy\/nginx\.conf:/);
    // Sticky by the route the client names for its session (balancer.test.ts runs these rules in a real nginx).
    expect(upstreamBlock('circle')).toMatch(/\n\s*hash \$circle_route consistent;/);
    const port = (scaled[0]!.environment as Record<string, string>).PORT;
    expect(upstream('circle')).toEqual([`server-a:${port}`, `server-b:${port}`]);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
    // What the balancer publishes, nginx listens on (the container side of each mapping).
    expect(tcp(balancer).map((p) => p.container).sort()).toEqual([...listens].sort());
  });

  it('puts both LiveKit nodes in one cluster through the redis service, with the same key pair', () => {
    const redisPort = (redis?.expose ?? []).map(Number)[0];
    expect(compose.services['livekit-b']?.image).toBe(livekit?.image);
    expect((compose.services['livekit-b'] as { profiles?: string[] }).profiles).toEqual(['scale']);
    for (const node of nodes) {
      expect(flag(node, 'redis-host')).toBe(`redis:${redisPort}`);
      expect(dependencies(node)).toContain('redis');
      // --dev's key pair, and no other: the servers sign for either node with the same one.
      expect(command(node)).toMatch(/(^| )--dev( |$)/);
      expect(command(node)).not.toMatch(/--keys|--key-file|--config/);
      expect(flag(node, 'node-ip')).toBe('127.0.0.1');
    }
  });

  it('publishes each node’s media ports as it advertises them, none shared', () => {
    // With --node-ip 127.0.0.1 a browser sends media to the very port number the node listens on.
    const media = nodes.map((node) => ({
      udp: Number(flag(node, 'udp-port') ?? 7882), // --dev's single UDP port
      tcp: Number(flag(node, 'rtc.tcp_port') ?? 7881), // LiveKit's default
      published: ports(node),
    }));
    for (const { udp, tcp: tcpPort, published } of media) {
      expect(published).toContainEqual({ published: udp, container: udp, protocol: 'udp' });
      expect(published).toContainEqual({ published: tcpPort, container: tcpPort, protocol: 'tcp' });
    }
    const all = media.flatMap((m) => m.published.map((p) => `${p.published}/${p.protocol}`));
    expect(new Set(all).size).toBe(all.length);
  });

  it('spreads browsers’ LiveKit signalling over both nodes, on the port the servers call the API on', () => {
    const signalling = portOf(new URL(environment(server).LIVEKIT_API_URL!));
    expect(upstream('livekit')).toEqual([`livekit:${signalling}`, `livekit-b:${signalling}`]);
    const browsers = portOf(new URL((scaled[0]!.environment as Record<string, string>).LIVEKIT_URL!));
    expect(tcp(balancer).find((p) => p.published === browsers)?.container).toBe(browsers);
    expect(listens).toContain(browsers);
    expect(dependencies(balancer)).toEqual(['livekit', 'livekit-b', 'server-a', 'server-b']);
  });

  it('finds a server or node again at its new address after its container restarts', () => {
    // nginx resolves names in an upstream once at start unless told to `resolve`: open source since 1.27.3.
    const [major = 0, minor = 0] = (/^nginx:(\d+)\.(\d+)/.exec(balancer.image ?? '')?.slice(1) ?? []).map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(128);
    // Docker's embedded DNS, asked again within seconds.
    expect(nginx).toMatch(/^resolver 127\.0\.0\.11 valid=\d+s/m);
    for (const name of ['circle', 'livekit']) {
      const block = upstreamBlock(name);
      expect(block).toMatch(/zone \w+ \d+k;/);
      const servers = [...block.matchAll(/server [^;]+;/g)].map((m) => m[0]);
      expect(servers).toHaveLength(2);
      for (const line of servers) expect(line).toMatch(/ resolve;$/);
    }
    // And it waits for the servers to answer before it sends browsers to them.
    const wanted = balancer.depends_on as Record<string, { condition: string }>;
    expect([wanted['server-a']?.condition, wanted['server-b']?.condition]).toEqual(['service_healthy', 'service_healthy']);
  });
});

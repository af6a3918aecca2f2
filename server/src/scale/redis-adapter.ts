import { createShardedAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';

export type ClusterAdapterOptions = {
  url: string;
  /** Namespaces the Pub/Sub channels, so several deployments (or test runs) can share one Redis. */
  channelPrefix?: string;
  /** Told when the link to Redis is lost and back; never given session data. */
  log?: (msg: string) => void;
  /** How long the first connection may take before start-up fails. */
  timeoutMs?: number;
};

/** Socket.IO's adapter for several processes, and the Redis connections behind it. */
export type ClusterLink = {
  adapter: NonNullable<ServerOptions['adapter']>;
  /** This process's own broadcasts that came back from Redis and were dropped unread. */
  readonly selfEchoesDropped: number;
  /** Resolves once the subscriptions asked for so far were confirmed (or refused, to be retried). */
  subscribed(): Promise<void>;
  close(): Promise<void>;
};

const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);

/**
 * Connects the sharded Redis adapter (Redis 7 sharded Pub/Sub), so that `io.to(room).emit`,
 * `socketsJoin`, `socketsLeave` and `disconnectSockets` reach sockets on every process.
 *
 * Choices that matter when Redis misbehaves:
 * - The publishing client fails at once while Redis is away (no offline queue): the adapter
 *   waits for each publish before it delivers to its own sockets, so a queue would freeze local
 *   delivery for the whole outage. Local delivery goes on; other processes miss those messages,
 *   and their clients catch up by version (`session:sync`, or the view in a rejoin).
 * - The subscribing client keeps its subscriptions and re-subscribes by itself after a reconnect.
 * - `static` subscriptions (every process hears every broadcast of the namespace) instead of a
 *   channel per room: with a channel per room, a process that has just added a socket to a room
 *   at another process's request is not yet subscribed to that room's channel when the view that
 *   follows is published, and the newly admitted member would miss it. One channel keeps every
 *   message of a process in order, which the publisher relies on (join the room, then emit).
 */
export async function connectClusterAdapter(options: ClusterAdapterOptions): Promise<ClusterLink> {
  const log = options.log ?? (() => {});
  // No per-command timeout: node-redis makes an AbortSignal for each timed command, a cost on
  // every broadcast (see bench/RESULTS.md); a lost Redis fails the publish at once anyway.
  const pub = createClient({ url: options.url, disableOfflineQueue: true, socket: { connectTimeout: 2000, reconnectStrategy } });
  const sub = pub.duplicate({ disableOfflineQueue: false });
  let lost = false;
  // Without 'error' listeners an outage would crash the process.
  for (const client of [pub, sub]) {
    client.on('error', () => {
      if (!lost) log('The Socket.IO adapter lost Redis; other processes miss broadcasts until it is back');
      lost = true;
    });
    client.on('ready', () => {
      if (lost && pub.isReady && sub.isReady) {
        lost = false;
        log('The Socket.IO adapter reached Redis again');
      }
    });
  }

  const timeoutMs = options.timeoutMs ?? 10_000;
  const connected = await within(Promise.all([pub.connect(), sub.connect()]).then(() => true), timeoutMs).catch(() => false);
  if (!connected) {
    destroyQuietly(pub);
    destroyQuietly(sub);
    throw new Error(`The Socket.IO adapter could not connect to Redis within ${timeoutMs} ms`);
  }

  const echoes = new SelfEchoes();
  const subscriptions = new Set<Promise<unknown>>();
  const shardedAdapter = createShardedAdapter(pub, guardedSubscriber(sub, log, echoes, subscriptions), {
    channelPrefix: options.channelPrefix ?? 'circle',
    subscriptionMode: 'static',
  });
  return {
    // A `function`, not an arrow: Socket.IO calls the adapter with `new`.
    adapter: function (nsp: unknown) {
      return echoes.own(shardedAdapter(nsp));
    } as unknown as ClusterLink['adapter'],
    get selfEchoesDropped() {
      return echoes.dropped;
    },
    subscribed: async () => {
      await Promise.all(subscriptions);
    },
    close: async () => {
      await Promise.all([closeClient(pub), closeClient(sub)]);
    },
  };
}

type SubscribeListener = (message: Buffer, channel: Buffer) => void;

/**
 * Redis hands a publisher its own messages back. The adapter would parse each (a whole view,
 * for every broadcast) only to drop it as its own; this drops it before parsing. The adapter
 * encodes a message as JSON ending in `"uid":"<its id>","nsp":"<namespace>"}` (keys in the order
 * it sets them; a `"` inside a string value is escaped, so this text can only be that key).
 * Binary (msgpack) messages are left to the adapter.
 */
class SelfEchoes {
  dropped = 0;
  #markers: Buffer[] = [];

  own<A>(adapter: A): A {
    // The adapter's id is protected in its types; it is what the adapter itself compares.
    this.#markers.push(Buffer.from(`"uid":"${(adapter as { uid: string }).uid}","nsp":`));
    return adapter;
  }

  isEcho(message: Buffer): boolean {
    if (message[0] !== 0x7b) return false;
    for (const marker of this.#markers) {
      // Only the tail can hold it: the namespace name (at most a few dozen bytes) follows.
      if (message.includes(marker, Math.max(0, message.length - marker.length - 300))) {
        this.dropped++;
        return true;
      }
    }
    return false;
  }
}

/**
 * The two calls the adapter makes on its subscriber. It does not wait for them, so a refusal
 * (Redis went away at that moment) would be an unhandled rejection that ends the process; here
 * it is caught, and a refused subscription is tried again once Redis is back.
 */
function guardedSubscriber(
  sub: ReturnType<typeof createClient>,
  log: (msg: string) => void,
  echoes: SelfEchoes,
  pending: Set<Promise<unknown>>,
) {
  const retry = new Map<string, { listener: SubscribeListener; buffers: boolean | undefined }>();
  sub.on('ready', () => {
    for (const [channel, { listener, buffers }] of retry) {
      retry.delete(channel);
      subscribe(channel, listener, buffers);
    }
  });
  const subscribe = (channel: string, listener: SubscribeListener, buffers?: boolean) => {
    const unlessEcho: SubscribeListener = (message, from) => {
      if (echoes.isEcho(message)) return;
      // A throw would reach node-redis's reading of the socket, which then drops everything else
      // it read with this message and reports an error as if Redis were lost: one message is lost instead.
      try {
        listener(message, from);
      } catch (error) {
        log(`A message from another process could not be handled (${error instanceof Error ? error.name : 'unknown'}); it was left aside`);
      }
    };
    // node-redis types the listener by the buffer flag; the adapter always asks for buffers.
    const subscribing = sub.sSubscribe(channel, unlessEcho as never, buffers as true).catch(() => {
      log('A Socket.IO adapter subscription failed; it is retried when Redis is back');
      retry.set(channel, { listener, buffers });
    });
    pending.add(subscribing);
    void subscribing.then(() => pending.delete(subscribing));
  };
  return {
    sSubscribe: subscribe,
    sUnsubscribe: (channel: string) => {
      retry.delete(channel);
      sub.sUnsubscribe(channel).catch(() => {});
    },
  };
}

async function closeClient(client: ReturnType<typeof createClient>): Promise<void> {
  if (!client.isOpen) return;
  // close() waits for replies to pending commands, which never come while Redis is away.
  if (client.isReady && (await within(client.close().then(() => true), 2000).catch(() => false))) return;
  destroyQuietly(client);
}

function destroyQuietly(client: ReturnType<typeof createClient>): void {
  if (client.isOpen) client.destroy();
}

/** The promise's value, or undefined if it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

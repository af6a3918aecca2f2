import net from 'node:net';

/**
 * A tiny TCP load balancer for tests. Each incoming connection goes to the first target that
 * accepts it, in the order `targets()` gives (so a dead process is skipped, as a health-checked
 * load balancer would). `cut()` drops every connection and refuses new ones until `restore()`:
 * to the client, the network is gone.
 */
export class TcpProxy {
  port = 0;
  #server = net.createServer((client) => this.#accept(client));
  #pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();
  #down = false;

  #delayed = 0;

  /** `replyDelayMs`: what the target sends back reaches the client this much later (a slow link), in order. */
  constructor(
    private readonly targets: () => number[],
    private readonly replyDelayMs = 0,
  ) {}

  /** Chunks held back by the reply delay and not yet passed on. */
  get delayed(): number {
    return this.#delayed;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as net.AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections currently carried. */
  get open(): number {
    return this.#pairs.size;
  }

  cut(): void {
    this.#down = true;
    for (const pair of this.#pairs) this.#drop(pair);
  }

  restore(): void {
    this.#down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket): void {
    if (this.#down) return void client.destroy();
    const pair: { client: net.Socket; upstream: net.Socket | null } = { client, upstream: null };
    this.#pairs.add(pair);
    client.pause();
    client.on('error', () => this.#drop(pair));
    client.on('close', () => this.#drop(pair));
    const tryTarget = (ports: number[]) => {
      const [port, ...rest] = ports;
      if (port === undefined || this.#down || client.destroyed) return this.#drop(pair);
      const upstream = net.connect(port, '127.0.0.1');
      upstream.once('error', () => {
        if (pair.upstream === upstream) return this.#drop(pair);
        tryTarget(rest);
      });
      upstream.once('connect', () => {
        if (client.destroyed) return void upstream.destroy();
        pair.upstream = upstream;
        upstream.on('error', () => this.#drop(pair));
        upstream.on('close', () => this.#drop(pair));
        client.pipe(upstream);
        if (this.replyDelayMs === 0) upstream.pipe(client);
        else {
          upstream.on('data', (chunk: Buffer) => {
            this.#delayed++;
            // One fixed delay: timers of equal length fire in the order they were set.
            setTimeout(() => {
              this.#delayed--;
              if (!client.destroyed) client.write(chunk);
            }, this.replyDelayMs);
          });
        }
        client.resume();
      });
    };
    tryTarget(this.targets());
  }

  #drop(pair: { client: net.Socket; upstream: net.Socket | null }): void {
    if (!this.#pairs.delete(pair)) return;
    // resetAndDestroy: an abrupt loss, as when a network or a process goes away.
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
  }
}

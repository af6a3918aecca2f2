import net from 'node:net';

/**
 * A TCP link to Redis that can stall: while stalled, nothing the client sends reaches Redis,
 * so the client stays connected and hears nothing, as with a Redis that hangs (SIGSTOP) or a
 * network that blackholes packets. What was held back is passed on, in order, on `resume()`.
 */
export class StallingLink {
  readonly #server = net.createServer((client) => this.#carry(client));
  readonly #sockets = new Set<net.Socket>();
  #held: Array<() => void> | null = null;

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(redisUrl: string): Promise<StallingLink> {
    const { hostname, port } = new URL(redisUrl);
    const link = new StallingLink({ host: hostname, port: Number(port || 6379) });
    await new Promise<void>((resolve) => link.#server.listen(0, '127.0.0.1', resolve));
    return link;
  }

  get url(): string {
    return `redis://127.0.0.1:${(this.#server.address() as net.AddressInfo).port}`;
  }

  stall(): void {
    this.#held ??= [];
  }

  resume(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const pass of held) pass();
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #carry(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      const pass = () => void upstream.write(chunk);
      if (this.#held) this.#held.push(pass);
      else pass();
    });
    upstream.on('data', (chunk: Buffer) => void client.write(chunk));
  }
}

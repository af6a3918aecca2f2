import { io as connect } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type CommandName,
  type CommandPayload,
  type CommandResult,
  type SelfView,
  type SessionView,
} from '@circle/shared';
import { followViews, onView, tokenOf, type ClientSocket } from '../../support/harness.js';

export type Outcome<K extends CommandName> = Ack<CommandResult<K>> | { ok: false; error: { code: 'no_answer'; message: string } };

/**
 * A participant's device as the real client behaves (client/src/net/connection.ts): Socket.IO
 * reconnects by itself, the handshake then carries the personal token, and after every
 * reconnection the device sends `session:join` again. It keeps the newest view it was given.
 */
export class Device {
  readonly socket: ClientSocket;
  token: string;
  personId = '';
  self: SelfView | null = null;
  latest: SessionView | null = null;
  /** When each reconnection's rejoin succeeded (Date.now()). */
  readonly rejoinedAt: number[] = [];
  /** Every rejoin refused, with its code. */
  readonly rejoinRefusals: string[] = [];
  #joined = false;
  #rejoinWaiters = new Set<() => void>();

  constructor(
    url: string,
    link: string,
    readonly deviceId: string,
    readonly name: string,
  ) {
    this.token = tokenOf(link);
    this.socket = connect(url, {
      auth: (cb) => cb({ protocol: PROTOCOL_VERSION, token: this.token, deviceId }),
      transports: ['websocket'],
      forceNew: true,
      // Socket.IO's defaults; the real client waits up to 10 s between attempts.
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });
    onView(this.socket, (view) => this.#see(view));
    this.socket.on('self:changed', ({ self }) => (this.self = self));
    this.socket.on('connect', () => {
      if (this.#joined) void this.#rejoin();
    });
  }

  /** Connects and joins (a first join with a name, or as someone already known by a staff link). */
  static async join(url: string, link: string, deviceId: string, name: string): Promise<Device> {
    const device = new Device(url, link, deviceId, name);
    await new Promise<void>((resolve, reject) => {
      device.socket.once('connect', () => resolve());
      device.socket.once('connect_error', reject);
    });
    const ack = await device.send('session:join', { name, agreed: true, deviceKind: 'media' });
    if (!ack.ok) throw new Error(`${name} could not join: ${ack.error.message}`);
    device.#entered(ack);
    device.#joined = true;
    return device;
  }

  /** Sends a command. No answer (the connection dropped, or 5 s passed) is an outcome of its own. */
  async send<K extends CommandName>(name: K, payload: CommandPayload<K>, timeoutMs = 5000): Promise<Outcome<K>> {
    const timed = this.socket.timeout(timeoutMs) as unknown as { emitWithAck(n: K, p: CommandPayload<K>): Promise<Ack<CommandResult<K>>> };
    try {
      return await timed.emitWithAck(name, payload);
    } catch (error) {
      return { ok: false, error: { code: 'no_answer', message: String(error) } };
    }
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Resolves once the device has rejoined after `since` (Date.now()), or fails after `timeoutMs`. */
  async rejoinedSince(since: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.rejoinedAt.find((t) => t >= since);
      if (at !== undefined) return at;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name} did not rejoin within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.#rejoinWaiters.add(done);
      });
    }
  }

  close(): void {
    this.socket.disconnect();
  }

  async #rejoin(): Promise<void> {
    const ack = await this.send('session:join', { deviceKind: 'media' });
    if (!ack.ok) {
      this.rejoinRefusals.push(ack.error.code);
      // As the real client: a refused rejoin (say, the store is unavailable) is tried again shortly.
      if (this.socket.connected) setTimeout(() => this.socket.connected && void this.#rejoin(), 500);
      return;
    }
    this.#entered(ack);
    this.rejoinedAt.push(Date.now());
    for (const wake of this.#rejoinWaiters) wake();
    this.#rejoinWaiters.clear();
  }

  #entered(ack: { self: SelfView; view: SessionView; personToken: string }): void {
    this.token = ack.personToken;
    this.personId = ack.self.personId;
    this.self = ack.self;
    followViews(this.socket).follower.receiveView(ack.view);
  }

  #see(view: SessionView): void {
    if (!this.latest || view.version >= this.latest.version) this.latest = view;
  }
}

/**
 * Raises and lowers one member's hand in turn, each command sent again until it is answered
 * (both are idempotent). After `stop()` the member's hand must be exactly as the last
 * acknowledged command left it: any difference is an acknowledged command that was lost.
 */
export class HandToggler {
  acked = 0;
  lastAcked: 'raise' | 'lower' | null = null;
  /** Answers other than ok, by code: what the member saw while a process or Redis was away. */
  readonly refusals: Record<string, number> = {};
  #stopped = false;
  #done: Promise<void> = Promise.resolve();

  constructor(
    readonly device: Device,
    // About 16 commands a second: under the gateway's per-connection limit (20/s).
    private readonly paceMs = 60,
  ) {}

  start(): this {
    this.#done = this.#run();
    return this;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#done;
  }

  /** Resolves once `n` more commands have been acknowledged, or fails after `timeoutMs`. */
  async ackedMore(n: number, timeoutMs: number): Promise<void> {
    const target = this.acked + n;
    const deadline = Date.now() + timeoutMs;
    while (this.acked < target) {
      if (Date.now() > deadline) throw new Error(`${this.device.name}: only ${this.acked - target + n} of ${n} commands answered in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async #run(): Promise<void> {
    let next: 'raise' | 'lower' = 'raise';
    while (!this.#stopped) {
      if (!this.device.connected) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      const ack = await this.device.send(next === 'raise' ? 'hand:raise' : 'hand:lower', {});
      if (ack.ok) {
        this.acked++;
        this.lastAcked = next;
        next = next === 'raise' ? 'lower' : 'raise';
      } else {
        this.refusals[ack.error.code] = (this.refusals[ack.error.code] ?? 0) + 1;
      }
      await new Promise((resolve) => setTimeout(resolve, this.paceMs));
    }
  }
}

import type { SessionState } from '../domain/state.js';
import type { CircleServer } from '../gateway/types.js';
import { StoreUnavailableError, type Mutation, type SessionStore, type StoredChange, type UpdateOutcome } from '../ports/session-store.js';

// Socket.IO protocol v5 on the main namespace: an EVENT sent with an ack id is `2<id>[…]`, its
// answer the ACK `3<id>[…]` (https://socket.io/docs/v4/socket-io-protocol/).
const COMMAND = /^2\d+\[/;
const ANSWER = /^3\d+\[/;
const EVENT_CODE = 0x32; // '2'
const ACK_CODE = 0x33; // '3'

/** Whether a packet is a frame of that type with an ack id; the first character is checked before any regex, as every outgoing packet passes here. */
function isFrame(packet: { type: string; data?: unknown }, code: number, pattern: RegExp): boolean {
  const data = packet.data;
  return packet.type === 'message' && typeof data === 'string' && data.charCodeAt(0) === code && pattern.test(data);
}

/**
 * Lets a process stop without losing a command.
 *
 * It counts, on the wire, the commands each connection has sent and not yet had answered, so
 * it does not depend on how the gateway runs them; and it counts the store's calls under way.
 * Once `refuse()` is called new writes fail as the store being unavailable, which the gateway
 * answers `unavailable`: nothing was done, and the client may send the command again once it
 * has moved to another process.
 */
export class Drain {
  #unanswered = 0;
  #storeCalls = 0;
  #refusing = false;
  #waiters: (() => void)[] = [];

  /**
   * Counts the commands of every connection of `io`. Socket.IO answers each command that
   * carries an ack id exactly once (a repeated id gets its own answer), so a count per
   * connection suffices where a set of ids would allocate on every command.
   */
  watch(io: CircleServer): void {
    io.on('connection', (socket) => {
      let open = 0;
      socket.conn.on('packet', (packet: { type: string; data?: unknown }) => {
        if (!isFrame(packet, EVENT_CODE, COMMAND)) return;
        open++;
        this.#unanswered++;
      });
      socket.conn.on('packetCreate', (packet: { type: string; data?: unknown }) => {
        if (open === 0 || !isFrame(packet, ACK_CODE, ANSWER)) return;
        open--;
        this.#settled(-1, 0);
      });
      // A closed connection can no longer be answered; its commands' writes are still counted below.
      socket.on('disconnect', () => {
        const lost = open;
        open = 0;
        if (lost > 0) this.#settled(-lost, 0);
      });
    });
  }

  /** The store, with its calls counted and its writes refused while the drain refuses. */
  store(inner: SessionStore): SessionStore {
    return {
      get kind() {
        return inner.kind;
      },
      create: (state: SessionState) => this.#write(() => inner.create(state)),
      load: (id: string) => this.#track(inner.load(id)),
      update: <R>(id: string, fn: (state: SessionState) => Mutation<R>): Promise<UpdateOutcome<R>> => this.#write(() => inner.update(id, fn)),
      heard: (change: StoredChange) => inner.heard(change),
      sessionIds: () => inner.sessionIds(),
      close: () => inner.close(),
    };
  }

  /** Commands received and not answered, and store calls under way. */
  get pending(): { commands: number; storeCalls: number } {
    return { commands: this.#unanswered, storeCalls: this.#storeCalls };
  }

  /** From now on new writes are refused, until `accept()`. */
  refuse(): void {
    this.#refusing = true;
  }

  accept(): void {
    this.#refusing = false;
  }

  /** Resolves once every command received has been answered and no store call is under way, or after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<{ commands: number; storeCalls: number }> {
    if (!this.#idle()) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.#waiters.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    }
    return this.pending;
  }

  #idle(): boolean {
    return this.#unanswered === 0 && this.#storeCalls === 0;
  }

  #settled(commands: number, storeCalls: number): void {
    this.#unanswered += commands;
    this.#storeCalls += storeCalls;
    if (this.#idle()) for (const resolve of this.#waiters.splice(0)) resolve();
  }

  #write<T>(call: () => Promise<T>): Promise<T> {
    if (this.#refusing) return Promise.reject(new StoreUnavailableError(new Error('this process is shutting down')));
    return this.#track(call());
  }

  #track<T>(call: Promise<T>): Promise<T> {
    this.#storeCalls++;
    const done = () => this.#settled(0, -1);
    call.then(done, done);
    return call;
  }
}

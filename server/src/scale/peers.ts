/**
 * Whether any other server process listens on the adapter's channel. A process that is alone
 * skips telling the others what it delivered and stored (one JSON message, one SPUBLISH and its
 * own echo per change: about a tenth of its CPU at 1,000 commands/s, see bench/RESULTS.md).
 *
 * Being wrong one way only costs CPU, the other way costs another process's clients their
 * views, so this process counts as alone only when Redis said so and nothing could have changed
 * it since:
 * - a process that starts greets the others (`circle:hello`) and waits for their answers before
 *   it serves anyone, so every process it could share a session with tells it of that session
 *   from then on (see served-elsewhere.ts);
 * - a count of one only counts when the link was up throughout and no greeting arrived while it
 *   was asked (the greeting travels on another connection and may overtake the count's answer);
 * - any trouble with the link to Redis makes it assume the others are there, and the first count
 *   after it is not believed either. node-redis (5.x) reports a reconnected subscriber ready only
 *   once Redis has confirmed its re-subscription (`RedisSocket` awaits the client's initiator,
 *   which holds the resubscribe), so a count asked while the link is up includes this process;
 *   the spare count is a margin against a client that reports ready sooner, for 5 s of publishing.
 */
export class Peers {
  #alone = false;
  /** Greetings and troubles so far: a count asked before the latest one tells nothing. */
  #events = 0;
  #troubles = 0;
  /** Whether a count was asked and answered since the last trouble (or since this process started). */
  #countedSinceTrouble = false;

  /** `linkUp`: whether the adapter's connections to Redis are both ready (its own subscription counted). */
  constructor(private readonly linkUp: () => boolean) {}

  get alone(): boolean {
    return this.#alone;
  }

  /** Another process has started and said so: from now on it hears of every session it holds connections of. */
  greeted(): void {
    this.#events++;
    this.#alone = false;
  }

  /** The link to Redis failed or came back: a count taken across it may have missed this process or another. */
  unsure(): void {
    this.#events++;
    this.#troubles++;
    this.#countedSinceTrouble = false;
    this.#alone = false;
  }

  /** Counts the processes subscribed to the adapter's channel, this one included, and learns from the answer. */
  async count(countServers: () => Promise<number>): Promise<number> {
    const asked = this.#events;
    const troubles = this.#troubles;
    const settled = this.#countedSinceTrouble;
    const up = this.linkUp();
    let count: number;
    try {
      count = await countServers();
    } catch (error) {
      this.unsure();
      throw error;
    }
    if (count !== 1) this.#alone = false;
    else if (settled && up && this.linkUp() && asked === this.#events) this.#alone = true;
    if (troubles === this.#troubles) this.#countedSinceTrouble = true;
    return count;
  }
}

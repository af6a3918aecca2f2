import { infoFields, type Ask } from './redis-durability.js';

/** Warned of at this share of maxmemory... */
const WARN_AT = 0.8;
/** ...and said to be over once below this one, so a Redis hovering at the line is not a stream of lines. */
const CLEAR_AT = 0.7;
const DEFAULT_EVERY_MS = 60_000;

/**
 * With maxmemory-policy noeviction a full Redis refuses every change, in every group at once
 * (test/reliability/redis-full.test.ts). This says so while there is still room: once when Redis
 * passes 80 % of its maxmemory, once when it is back under 70 %. A Redis without a limit, or one
 * that will not say, is left to whoever watches its host.
 */
export class HeadroomWatch {
  #high = false;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ask: Ask,
    private readonly log: (msg: string) => void,
  ) {}

  /** Checks every `everyMs` until stopped; the timer does not keep the process alive. */
  start(everyMs = DEFAULT_EVERY_MS): this {
    this.#timer = setInterval(() => void this.check(), everyMs).unref();
    return this;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async check(): Promise<void> {
    let memory: Map<string, string>;
    try {
      memory = infoFields(await this.ask(['INFO', 'memory']));
    } catch {
      return; // Unreachable or refused: the store and the start-up check say so already.
    }
    const used = Number(memory.get('used_memory'));
    const max = Number(memory.get('maxmemory'));
    if (!(max > 0 && used >= 0)) return;
    const share = used / max;
    const percent = `${Math.round(share * 100)} %`;
    if (!this.#high && share >= WARN_AT) {
      this.#high = true;
      this.log(`Redis is ${percent} full (maxmemory ${megabytes(max)}): when it is full every change is refused; give it more memory or keep sessions for less time (CIRCLE_RETENTION_HOURS)`);
    } else if (this.#high && share < CLEAR_AT) {
      this.#high = false;
      this.log(`Redis is under ${CLEAR_AT * 100} % full again (${percent})`);
    }
  }
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';

/**
 * What clients ask of a Redis, seen through MONITOR: to count the commands a store operation
 * really costs. Only commands naming a key under the given prefix count, so other tests sharing
 * the Redis do not; commands run inside scripts are not counted either.
 */
export class CommandLog {
  readonly #lines: string[] = [];

  private constructor(
    private readonly monitor: ReturnType<typeof createClient>,
    private readonly marker: ReturnType<typeof createClient>,
  ) {}

  static async open(url: string): Promise<CommandLog> {
    const monitor = createClient({ url });
    const marker = createClient({ url });
    await Promise.all([monitor.connect(), marker.connect()]);
    const log = new CommandLog(monitor, marker);
    await monitor.monitor((line) => log.#lines.push(String(line)));
    return log;
  }

  /** The names of the commands sent under `keyPrefix` while `action` ran, in order. */
  async during(keyPrefix: string, action: () => Promise<unknown>): Promise<string[]> {
    return (await this.sentDuring(keyPrefix, action)).map((c) => c.name);
  }

  /** The commands sent under `keyPrefix` while `action` ran, in order, with their arguments as Redis received them. */
  async sentDuring(keyPrefix: string, action: () => Promise<unknown>): Promise<SentCommand[]> {
    // Markers sent around the action bound it in the monitor's stream, which may lag behind replies.
    const from = await this.#mark(keyPrefix);
    await action();
    const to = await this.#mark(keyPrefix);
    return this.#lines
      .slice(from + 1, to)
      .map(parse)
      .filter((c) => c !== null && c.source !== 'lua' && c.text.includes(keyPrefix))
      .map((c) => ({ name: c!.name, args: c!.args }));
  }

  close(): void {
    this.monitor.destroy();
    this.marker.destroy();
  }

  async #mark(keyPrefix: string): Promise<number> {
    const key = `${keyPrefix}marker:${randomUUID()}`;
    await this.marker.exists(key);
    const deadline = Date.now() + 5000;
    for (;;) {
      const at = this.#lines.findIndex((line) => line.includes(key));
      if (at >= 0) return at;
      if (Date.now() > deadline) throw new Error('MONITOR did not show the marker');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

export type SentCommand = { name: string; args: string[] };

// e.g. `1700000000.123456 [0 127.0.0.1:51234] "EVALSHA" "9f1c…" "1" "circle-test:…:session:…" …`
function parse(line: string): { source: string; name: string; args: string[]; text: string } | null {
  const match = /^\S+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
  if (!match) return null;
  const [name, ...args] = [...match[2]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => unquote(m[1]!));
  return name === undefined ? null : { source: match[1]!, name: name.toUpperCase(), args, text: line };
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8 };

/** An argument as Redis quotes it in MONITOR (sdscatrepr): `\\`, `\"`, `\n`…, and `\xHH` for every other byte, UTF-8 included. */
function unquote(quoted: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < quoted.length; i++) {
    if (quoted[i] !== '\\') {
      bytes.push(quoted.charCodeAt(i));
      continue;
    }
    const escape = quoted[++i]!;
    if (escape === 'x') {
      bytes.push(parseInt(quoted.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ESCAPES[escape] ?? escape.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

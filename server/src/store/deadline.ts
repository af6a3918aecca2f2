import { StoreUnavailableError } from '../ports/session-store.js';

/**
 * One timer for a whole store operation, however many commands it sends. (node-redis's own
 * per-command timeout builds an AbortSignal and a DOMException for every command, which showed
 * up in profiles.) Once expired, every command raced against it fails with StoreUnavailableError;
 * the command itself may still reach Redis later, as with any timeout.
 */
export class Deadline {
  readonly #expired: Promise<never>;
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.#expired = new Promise<never>((_, reject) => {
      this.#timer = setTimeout(() => reject(new StoreUnavailableError(new Error(`Redis did not answer within ${ms} ms`))), ms);
    });
    // Expiring while no command is waiting (say, during a back-off) is not an unhandled error.
    this.#expired.catch(() => {});
  }

  race<T>(command: Promise<T>): Promise<T> {
    return Promise.race([command, this.#expired]);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/** Runs `task` with a deadline of `ms`, cleared when it settles. */
export async function withDeadline<T>(ms: number, task: (deadline: Deadline) => Promise<T>): Promise<T> {
  const deadline = new Deadline(ms);
  try {
    return await task(deadline);
  } finally {
    deadline.clear();
  }
}

import { z } from 'zod';
import { QueueEntrySchema, TurnsViewSchema, type TurnsView } from './views.js';

type QueueEntry = TurnsView['queue'][number];

/**
 * How the queue changed: the entries at these places (before the change) left it, then these
 * were added at its end. A raised hand is one entry added, a lowered hand or the next speaker one
 * place dropped; only a reordering or a new go-round sends more.
 */
export const QueueDeltaSchema = z.object({
  drop: z.array(z.number().int().nonnegative()).optional(),
  add: z.array(QueueEntrySchema).optional(),
});
export type QueueDelta = z.infer<typeof QueueDeltaSchema>;

/**
 * What changed in `turns`: the parts that differ, whole, except the queue, which comes as a
 * delta. Turn-taking is most of a session's traffic, and the queue most of `turns`: sent whole,
 * a hand raised with five waiting was 640 bytes to every member, where the news is one entry.
 */
export const TurnsPatchSchema = TurnsViewSchema.omit({ queue: true }).partial().extend({ queue: QueueDeltaSchema.optional() });
export type TurnsPatch = z.infer<typeof TurnsPatchSchema>;

/** Equality of two JSON values; the server passes a faster one than the default. */
export type SameJson = (a: unknown, b: unknown) => boolean;
export const sameByText: SameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The delta that makes `after` from `before`: the entries of `before` that begin `after`, in
 * order, are kept, the rest dropped, and what follows in `after` added. Always exact; the
 * smallest possible whenever entries only leave the queue or join its end, as hands and turns do.
 */
export function diffQueue(before: readonly QueueEntry[], after: readonly QueueEntry[], same: SameJson = sameByText): QueueDelta | null {
  const drop: number[] = [];
  let kept = 0;
  before.forEach((entry, index) => {
    if (kept < after.length && same(entry, after[kept])) kept++;
    else drop.push(index);
  });
  const add = after.slice(kept);
  if (drop.length === 0 && add.length === 0) return null;
  return { ...(drop.length > 0 ? { drop } : {}), ...(add.length > 0 ? { add } : {}) };
}

export function applyQueueDelta(queue: readonly QueueEntry[], delta: QueueDelta): QueueEntry[] {
  const dropped = new Set(delta.drop ?? []);
  return [...queue.filter((_, index) => !dropped.has(index)), ...(delta.add ?? [])];
}

/** The patch that makes `after` from `before`, or null when they are the same. */
export function diffTurns(before: TurnsView, after: TurnsView, same: SameJson = sameByText): TurnsPatch | null {
  const patch: Record<string, unknown> = {};
  for (const part of Object.keys(after) as (keyof TurnsView)[]) {
    if (part === 'queue') {
      const queue = diffQueue(before.queue, after.queue, same);
      if (queue) patch.queue = queue;
    } else if (!same(before[part], after[part])) patch[part] = after[part];
  }
  return Object.keys(patch).length > 0 ? (patch as TurnsPatch) : null;
}

export function applyTurnsPatch(turns: TurnsView, { queue, ...parts }: TurnsPatch): TurnsView {
  return { ...turns, ...parts, queue: queue ? applyQueueDelta(turns.queue, queue) : turns.queue };
}

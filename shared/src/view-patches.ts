import { z } from 'zod';
import { SessionViewSchema, type SessionView } from './views.js';
import { applyTurnsPatch, diffTurns, TurnsPatchSchema, sameByText, type SameJson, type TurnsPatch } from './turns-patch.js';

/**
 * What changed in one audience's view from version `from` to `version`: the top-level fields
 * that differ, whole, and `turns` by its parts (see turns-patch.ts). A hand raise changes the
 * queue only, so a member receives the one entry instead of the whole view; a phone on a poor
 * connection notices the difference.
 */
export const ViewPatchSchema = z.object({
  from: z.number().int(),
  version: z.number().int(),
  changes: SessionViewSchema.omit({ version: true, turns: true }).partial(),
  turns: TurnsPatchSchema.optional(),
});
export type ViewPatch = z.infer<typeof ViewPatchSchema>;

/** A field of the view a patch may carry. */
export type PatchedField = Exclude<keyof SessionView, 'version'>;

const MAX_PENDING = 32;

/**
 * The patch of `fields` from version `from` to `to`, each field's value made after the change
 * and then before it, and left out when the two are the same.
 */
export function fieldsPatch(
  versions: { from: number; to: number },
  fields: readonly PatchedField[],
  valueBefore: <F extends PatchedField>(field: F) => SessionView[F],
  valueAfter: <F extends PatchedField>(field: F) => SessionView[F],
  same: SameJson = sameByText,
): ViewPatch {
  const changes: Record<string, unknown> = {};
  let turns: TurnsPatch | null = null;
  for (const field of fields) {
    const after = valueAfter(field);
    const before = valueBefore(field);
    if (field === 'turns') turns = diffTurns(before as SessionView['turns'], after as SessionView['turns'], same);
    else if (!same(before, after)) changes[field] = after;
  }
  const patch: ViewPatch = { from: versions.from, version: versions.to, changes: changes as ViewPatch['changes'] };
  return turns ? { ...patch, turns } : patch;
}

/** The patch that turns `before` into `after` (both views of the same audience and viewer). */
export function diffView(before: SessionView, after: SessionView): ViewPatch {
  const fields = (Object.keys(after) as (keyof SessionView)[]).filter((field): field is PatchedField => field !== 'version');
  return fieldsPatch({ from: before.version, to: after.version }, fields, (field) => before[field], (field) => after[field]);
}

/** The view after the patch; only meaningful when `view.version === patch.from`. */
export function applyPatch(view: SessionView, patch: ViewPatch): SessionView {
  const turns = patch.turns ? applyTurnsPatch(view.turns, patch.turns) : view.turns;
  return { ...view, ...patch.changes, turns, version: patch.version };
}

/**
 * Keeps one connection's view of the session whole from full views (join and sync answers,
 * `session:changed`) and patches (`session:patched`). Events and acks can overtake each other,
 * so anything older than the view held is dropped. A patch that does not start from the view
 * held means a change was missed: the follower asks for a fresh view once, keeps the patches
 * that arrive meanwhile, and applies those that follow on from the fresh view.
 *
 * What is held, and how a patch changes it, is the caller's: `ViewFollower` below holds the
 * whole `SessionView`; the load generator, standing in for thousands of browsers in one process,
 * holds only the version for most of them.
 */
export class PatchFollower<V extends { version: number }> {
  #view: V | null = null;
  #pending: ViewPatch[] = [];
  #syncing = false;
  #syncs = 0;

  constructor(
    /** Fetches the whole view (`session:sync`); null when it could not be had. */
    private readonly sync: () => Promise<V | null>,
    /** Told of every newer view, in order. */
    private readonly deliver: (view: V) => void,
    /** The view after a patch that follows on from it. */
    private readonly apply: (view: V, patch: ViewPatch) => V,
  ) {}

  get view(): V | null {
    return this.#view;
  }

  /** How often a gap made it ask for a whole view. */
  get syncs(): number {
    return this.#syncs;
  }

  /** A whole view: taken if newer than the one held (an equal version is the same state again). */
  receiveView(view: V): void {
    if (this.#view && view.version <= this.#view.version) return;
    this.#view = view;
    this.deliver(view);
    this.#applyPending();
  }

  receivePatch(patch: ViewPatch): void {
    const held = this.#view;
    if (held && patch.version <= held.version) return;
    if (held && patch.from === held.version && !this.#syncing) {
      this.#view = this.apply(held, patch);
      this.deliver(this.#view);
      this.#applyPending();
      return;
    }
    // Kept for when the view catches up; a bounded few, since a fresh view makes them moot.
    this.#pending = [...this.#pending.slice(-(MAX_PENDING - 1)), patch];
    // Without a view yet, the join's answer brings one; asking too would only cost a command.
    if (held && patch.from > held.version) void this.#resync();
  }

  async #resync(): Promise<void> {
    if (this.#syncing) return;
    this.#syncing = true;
    this.#syncs += 1;
    // A failed sync is as good as none: the next patch that does not follow on asks again.
    const view = await this.sync().catch(() => null);
    this.#syncing = false;
    if (view) this.receiveView(view);
    else this.#applyPending();
  }

  /** Applies the kept patches that follow on from the view held; never asks for another sync, so a gap cannot loop. */
  #applyPending(): void {
    for (let applied = true; applied; ) {
      applied = false;
      const held = this.#view;
      // Nearly always so: a patch that followed on left nothing kept.
      if (!held || this.#pending.length === 0) return;
      this.#pending = this.#pending.filter((p) => p.version > held.version);
      const next = this.#pending.find((p) => p.from === held.version);
      if (next) {
        this.#view = this.apply(held, next);
        this.deliver(this.#view);
        applied = true;
      }
    }
  }
}

/** One connection's whole view, as the browser client keeps it. */
export class ViewFollower extends PatchFollower<SessionView> {
  constructor(sync: () => Promise<SessionView | null>, deliver: (view: SessionView) => void) {
    super(sync, deliver, applyPatch);
  }
}

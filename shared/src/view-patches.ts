import { z } from 'zod';
import { SessionViewSchema, type SessionView } from './views.js';

/**
 * What changed in one audience's view from version `from` to `version`: the top-level fields
 * that differ, whole. A hand raise changes `turns` only, so a member receives a few hundred
 * bytes instead of the whole view; a phone on a poor connection notices the difference.
 */
export const ViewPatchSchema = z.object({
  from: z.number().int(),
  version: z.number().int(),
  changes: SessionViewSchema.omit({ version: true }).partial(),
});
export type ViewPatch = z.infer<typeof ViewPatchSchema>;

const MAX_PENDING = 32;

/** The patch that turns `before` into `after` (both views of the same audience and viewer). */
export function diffView(before: SessionView, after: SessionView): ViewPatch {
  const changes: Record<string, unknown> = {};
  for (const field of Object.keys(after) as (keyof SessionView)[]) {
    if (field !== 'version' && JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes[field] = after[field];
  }
  return { from: before.version, version: after.version, changes: changes as ViewPatch['changes'] };
}

/** The view after the patch; only meaningful when `view.version === patch.from`. */
export function applyPatch(view: SessionView, patch: ViewPatch): SessionView {
  return { ...view, ...patch.changes, version: patch.version };
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

import { patchBetween, viewFields, type SelfView, type SessionView, type ViewFields, type ViewPatch } from '@circle/shared';

type Memo = { version: number; views: Map<string, ViewFields>; selves: Map<string, string> };

const DEFAULT_SESSIONS = 2000;

/**
 * What this process last published of each session, serialised field by field. A change from
 * version v is diffed against the memo of v when there is one, so the state before the change
 * is neither projected nor serialised again. Views are pure functions of the state, and a
 * version names exactly one state, so a memo of the right version is always exact.
 */
export class ViewMemo {
  readonly #sessions = new Map<string, Memo>();

  constructor(private readonly maxSessions = DEFAULT_SESSIONS) {}

  /** Starts the publication of one change; `commit()` it once its views are all made. */
  change(sessionId: string, fromVersion: number, toVersion: number): ViewChange {
    const memo = this.#sessions.get(sessionId);
    const previous = memo && memo.version === fromVersion ? memo : null;
    const next: Memo = { version: toVersion, views: new Map(), selves: new Map() };
    return new ViewChange(fromVersion, previous, next, () => this.#keep(sessionId, next));
  }

  get size(): number {
    return this.#sessions.size;
  }

  #keep(sessionId: string, memo: Memo): void {
    const held = this.#sessions.get(sessionId);
    // Publications of one session can finish out of order; the newest memo wins.
    if (held && held.version > memo.version) return;
    this.#sessions.delete(sessionId);
    this.#sessions.set(sessionId, memo);
    if (this.#sessions.size > this.maxSessions) this.#sessions.delete(this.#sessions.keys().next().value!);
  }
}

export class ViewChange {
  constructor(
    private readonly fromVersion: number,
    private readonly previous: Memo | null,
    private readonly next: Memo,
    readonly commit: () => void,
  ) {}

  /** Whether the views of the earlier version came from the memo (for tests and metrics). */
  get remembered(): boolean {
    return this.previous !== null;
  }

  /**
   * The patch for one connection's view, named by key (an audience, or a person while views
   * are personal) before and after the change. `before` is only called when the memo does not
   * hold that view of the earlier version.
   */
  patch(beforeKey: string, before: () => SessionView, afterKey: string, after: SessionView): ViewPatch {
    const old = this.previous?.views.get(beforeKey) ?? viewFields(before());
    const now = viewFields(after);
    this.next.views.set(afterKey, now);
    return patchBetween(this.fromVersion, old, after, now);
  }

  /** Whether a person's own view is the same after the change as before it (null: they were not there). */
  sameSelf(personId: string, before: () => SelfView | null, after: SelfView): boolean {
    const now = JSON.stringify(after);
    this.next.selves.set(personId, now);
    const remembered = this.previous?.selves.get(personId);
    const old = remembered ?? jsonOrNull(before());
    return old === now;
  }
}

function jsonOrNull(self: SelfView | null): string | null {
  return self === null ? null : JSON.stringify(self);
}

import sameJson from 'fast-deep-equal';
import { diffView, type SessionView, type ViewPatch } from '@circle/shared';
import type { ViewField } from '../domain/project.js';

type Memo = { version: number; views: Map<string, SessionView> };

/** How to make one connection's view, before and after a change, whole or field by field. */
export type ViewMaker = {
  before: () => SessionView;
  after: () => SessionView;
  field: <F extends ViewField>(field: F) => SessionView[F];
};

const DEFAULT_SESSIONS = 2000;

/**
 * The views this process last published of each session. A change from version v, when the
 * memo holds v, remakes only the fields the change touched (see `fieldsTouched`) and compares
 * those; otherwise it makes both views whole. Views are pure functions of the state, and a
 * version names exactly one state, so a memo of the right version is always exact.
 */
export class ViewMemo {
  readonly #sessions = new Map<string, Memo>();

  constructor(private readonly maxSessions = DEFAULT_SESSIONS) {}

  /** Starts the publication of one change; `commit()` it once its views are all made. */
  change(sessionId: string, fromVersion: number, toVersion: number, touched: readonly ViewField[]): ViewChange {
    const memo = this.#sessions.get(sessionId);
    const previous = memo && memo.version === fromVersion ? memo : null;
    const next: Memo = { version: toVersion, views: new Map() };
    return new ViewChange(fromVersion, touched, previous, next, () => this.#keep(sessionId, next));
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
    private readonly touched: readonly ViewField[],
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
   * are personal) before and after the change.
   */
  patch(beforeKey: string, afterKey: string, make: ViewMaker): ViewPatch {
    const old = this.previous?.views.get(beforeKey);
    const { view, patch } = old ? this.#remake(old, make) : this.#makeWhole(make);
    this.next.views.set(afterKey, view);
    return patch;
  }

  /** Remakes only the touched fields, and compares them with the view published before. */
  #remake(old: SessionView, make: ViewMaker): { view: SessionView; patch: ViewPatch } {
    const view: Record<string, unknown> = { ...old, version: this.next.version };
    const changes: Record<string, unknown> = {};
    for (const field of this.touched) {
      const value = make.field(field);
      if (!sameJson(value, old[field])) view[field] = changes[field] = value;
    }
    return { view: view as SessionView, patch: { from: this.fromVersion, version: this.next.version, changes } };
  }

  #makeWhole(make: ViewMaker): { view: SessionView; patch: ViewPatch } {
    const view = make.after();
    return { view, patch: diffView(make.before(), view) };
  }
}

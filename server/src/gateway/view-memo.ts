import sameJson from 'fast-deep-equal';
import { diffView, type SessionView, type ViewPatch } from '@circle/shared';
import type { ViewField } from '../domain/project.js';

/** What the memo needs of a state: its version. (SessionState in use; plain stand-ins in tests.) */
type Versioned = { readonly version: number };

/** The fields whose parts of the state differ between two states (see `fieldsTouched`). */
export type TouchedBetween<S> = (from: S, to: S) => readonly ViewField[];

type Memo<S> = { version: number; state: S; views: Map<string, SessionView> };

/** How to make one connection's view, before and after a change, whole or field by field. */
export type ViewMaker = {
  before: () => SessionView;
  after: () => SessionView;
  field: <F extends ViewField>(field: F) => SessionView[F];
  fieldBefore: <F extends ViewField>(field: F) => SessionView[F];
};

const DEFAULT_SESSIONS = 2000;

/**
 * The views this process last published of each session, with the state they were made from.
 * A change from the version the memo holds remakes only the fields the change touched (see
 * `fieldsTouched`). A change from a later version (other processes published the ones between)
 * remakes the fields touched since the memo's state, and compares each with its value before
 * the change. Without a memo, or with a newer one, both views are made whole. Views are pure
 * functions of the state, and a version names exactly one state, so what is kept is exact.
 */
export class ViewMemo<S extends Versioned = Versioned> {
  readonly #sessions = new Map<string, Memo<S>>();

  constructor(
    private readonly touchedBetween: TouchedBetween<S>,
    private readonly maxSessions = DEFAULT_SESSIONS,
  ) {}

  /** Starts the publication of one change; `commit()` it once its views are all made. */
  change(sessionId: string, before: S, after: S): ViewChange {
    const memo = this.#sessions.get(sessionId);
    const next: Memo<S> = { version: after.version, state: after, views: new Map() };
    const commit = () => this.#keep(sessionId, next);
    const versions = { from: before.version, to: after.version };
    if (memo && memo.version === before.version) return new ViewChange(versions, this.touchedBetween(before, after), [], memo.views, next.views, commit);
    if (memo && memo.version < before.version) {
      const sinceMemo = this.touchedBetween(memo.state, before);
      const touched = [...new Set([...sinceMemo, ...this.touchedBetween(before, after)])];
      return new ViewChange(versions, touched, sinceMemo, memo.views, next.views, commit);
    }
    return new ViewChange(versions, [], [], null, next.views, commit);
  }

  get size(): number {
    return this.#sessions.size;
  }

  #keep(sessionId: string, memo: Memo<S>): void {
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
    private readonly versions: { from: number; to: number },
    /** Fields that may differ between the remembered views and the views after the change. */
    private readonly touched: readonly ViewField[],
    /** Of those, the ones that may differ between the remembered views and the views before it. */
    private readonly staleInMemo: readonly ViewField[],
    private readonly remembered: Map<string, SessionView> | null,
    private readonly next: Map<string, SessionView>,
    readonly commit: () => void,
  ) {}

  /** Whether views of an earlier version came from the memo (for tests and metrics). */
  get fromMemo(): boolean {
    return this.remembered !== null;
  }

  /**
   * The patch for one connection's view, named by key (an audience, or a person while views
   * are personal) before and after the change.
   */
  patch(beforeKey: string, afterKey: string, make: ViewMaker): ViewPatch {
    const old = this.remembered?.get(beforeKey);
    const { view, patch } = old ? this.#remake(old, make) : this.#makeWhole(make);
    this.next.set(afterKey, view);
    return patch;
  }

  /** Remakes only the touched fields, and compares each with its value before the change. */
  #remake(old: SessionView, make: ViewMaker): { view: SessionView; patch: ViewPatch } {
    const { from, to } = this.versions;
    const view: Record<string, unknown> = { ...old, version: to };
    const changes: Record<string, unknown> = {};
    for (const field of this.touched) {
      const value = make.field(field);
      const asRemembered = sameJson(value, old[field]);
      if (!asRemembered) view[field] = value;
      const changed = this.staleInMemo.includes(field) ? !sameJson(value, make.fieldBefore(field)) : !asRemembered;
      if (changed) changes[field] = value;
    }
    return { view: view as SessionView, patch: { from, version: to, changes } };
  }

  #makeWhole(make: ViewMaker): { view: SessionView; patch: ViewPatch } {
    const view = make.after();
    return { view, patch: diffView(make.before(), view) };
  }
}

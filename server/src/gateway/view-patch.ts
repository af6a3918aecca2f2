import sameJson from 'fast-deep-equal';
import type { SessionView, ViewPatch } from '@circle/shared';
import { viewField, type Audience, type ViewField } from '../domain/project.js';
import type { SessionState } from '../domain/state.js';

/** One connection's view of a field, made from the state after a change and from the state before it. */
export type FieldMaker = {
  field: <F extends ViewField>(field: F) => SessionView[F];
  fieldBefore: <F extends ViewField>(field: F) => SessionView[F];
};

/**
 * The patch of one connection's view from version `from` to `to`: of the fields the change
 * touched (see `fieldsTouched`), those whose value differs. Both values are made from the
 * states, so nothing is kept from one change to the next: views held between a session's
 * commands lived just long enough to be promoted by the garbage collector, and the major
 * collections that followed were the server's longest stalls (see bench/RESULTS.md).
 */
export function viewPatch(versions: { from: number; to: number }, touched: readonly ViewField[], make: FieldMaker): ViewPatch {
  const changes: Record<string, unknown> = {};
  for (const field of touched) {
    const value = make.field(field);
    if (!sameJson(value, make.fieldBefore(field))) changes[field] = value;
  }
  return { from: versions.from, version: versions.to, changes: changes as ViewPatch['changes'] };
}

/**
 * The patch for one connection of `audience`: its view of `before` was made for `viewerBefore`,
 * its view of `after` is made for `viewer` (they differ when a member's view becomes their own).
 */
export function connectionPatch(
  before: SessionState,
  after: SessionState,
  touched: readonly ViewField[],
  audience: Audience,
  viewerBefore: string | null,
  viewer: string | null,
): ViewPatch {
  return viewPatch({ from: before.version, to: after.version }, touched, {
    field: (field) => viewField(field, after, audience, viewer),
    fieldBefore: (field) => viewField(field, before, audience, viewerBefore),
  });
}

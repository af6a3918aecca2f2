import { describe, expect, it } from 'vitest';
import { applyPatch, diffView, type SessionView } from '@circle/shared';
import { fieldsTouched, viewFor, type Audience } from '../../src/domain/project.js';
import { personal } from '../../src/gateway/publish.js';
import { connectionPatch, viewPatch, type FieldMaker } from '../../src/gateway/view-patch.js';
import { randomSession } from '../support/random-session.js';

describe('viewPatch', () => {
  it('turns every view the publisher sends into the next one, with only the fields that changed', () => {
    const states = [11, 12, 13].flatMap((seed) => {
      const session = randomSession(seed, 300);
      return session.slice(1).map((after, i) => [session[i]!, after] as const);
    });
    let checked = 0;
    let personalChecked = 0;
    for (const [before, after] of states) {
      // As the publisher: staff and members share one view each, or each member has their own
      // while breakouts or support rooms run (the viewer flips when they begin or end).
      const connections: [Audience, string | null, string | null][] = [['staff', null, null]];
      if (!personal(before) && !personal(after)) connections.push(['participant', null, null]);
      else for (const id of Object.keys(after.people)) connections.push(['participant', personal(before) ? id : null, personal(after) ? id : null]);
      for (const [audience, viewerBefore, viewer] of connections) {
        const held = viewFor(before, audience, viewerBefore);
        const next = viewFor(after, audience, viewer);
        const patch = connectionPatch(before, after, fieldsTouched(before, after), audience, viewerBefore, viewer);
        // Exactly the whole views' difference: every field that changed, and no other.
        expect(patch).toEqual(diffView(held, next));
        expect(applyPatch(held, patch)).toEqual(next);
        checked++;
        if (viewer !== viewerBefore) personalChecked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    // The corpus reaches the changes where a member's view becomes their own or shared again.
    expect(personalChecked).toBeGreaterThan(0);
  });

  it('makes only the fields the change touched, and leaves out those that came out the same', () => {
    const made: string[] = [];
    const after: Partial<SessionView> = { title: 'Renamed', locked: true };
    const before: Partial<SessionView> = { title: 'Group', locked: true };
    const make: FieldMaker = {
      field: (field) => (made.push(field), after[field] as never),
      fieldBefore: (field) => (made.push(`${field} before`), before[field] as never),
    };
    const patch = viewPatch({ from: 4, to: 5 }, ['title', 'locked'], make);
    expect(patch).toEqual({ from: 4, version: 5, changes: { title: 'Renamed' } });
    expect(made).toEqual(['title', 'title before', 'locked', 'locked before']);
  });
});

import { describe, expect, it } from 'vitest';
import { diffView, type SessionView } from '@circle/shared';
import type { ViewField } from '../../src/domain/project.js';
import { ViewMemo, type ViewMaker } from '../../src/gateway/view-memo.js';

function view(version: number, title: string, queue: string[] = []): SessionView {
  return {
    version,
    title,
    turns: { queue: queue.map((personId) => ({ personId, source: 'hand', raisedAt: 1 })), queueVersion: queue.length },
  } as unknown as SessionView;
}

/** A maker that counts what it is asked to make. */
function maker(before: SessionView, after: SessionView) {
  const made = { before: 0, after: 0, fields: [] as string[] };
  const make: ViewMaker = {
    before: () => (made.before++, before),
    after: () => (made.after++, after),
    field: (field) => (made.fields.push(field), after[field]),
  };
  return { make, made };
}

const ALL: ViewField[] = ['title', 'turns'];

describe('ViewMemo', () => {
  it('remakes only the touched fields of a view it published at the version before', () => {
    const memo = new ViewMemo();
    const first = memo.change('s1', 1, 2, ALL);
    first.patch('staff', 'staff', maker(view(1, 'Group'), view(2, 'Group', ['alice'])).make);
    first.commit();

    const second = memo.change('s1', 2, 3, ['turns']);
    expect(second.remembered).toBe(true);
    const { make, made } = maker(view(2, 'never made'), view(3, 'Group', ['alice', 'bob']));
    expect(second.patch('staff', 'staff', make)).toEqual(diffView(view(2, 'Group', ['alice']), view(3, 'Group', ['alice', 'bob'])));
    expect(made).toEqual({ before: 0, after: 0, fields: ['turns'] });
    second.commit();

    // What it remembers of version 3 is the whole view, untouched fields included.
    const third = memo.change('s1', 3, 4, ['title']);
    expect(third.patch('staff', 'staff', maker(view(3, 'x'), view(4, 'Renamed', ['alice', 'bob'])).make)).toEqual({ from: 3, version: 4, changes: { title: 'Renamed' } });
  });

  it('makes both views whole when the memo is of another version or lacks the view', () => {
    const memo = new ViewMemo();
    const first = memo.change('s1', 1, 2, ALL);
    first.patch('participant', 'participant', maker(view(1, 'Group'), view(2, 'Group')).make);
    first.commit();

    const other = maker(view(4, 'Group'), view(5, 'Renamed'));
    expect(memo.change('s1', 4, 5, ['title']).patch('participant', 'participant', other.make)).toEqual({ from: 4, version: 5, changes: { title: 'Renamed' } });
    expect(other.made).toMatchObject({ before: 1, after: 1 });
    // Breakouts begin: the personal view of version 3 is diffed against the shared one of version 2...
    const third = memo.change('s1', 2, 3, ['turns']);
    const personal = maker(view(2, 'never made'), view(3, 'Group', ['alice']));
    expect(third.patch('participant', 'p:alice', personal.make).changes).toEqual({ turns: view(3, 'Group', ['alice']).turns });
    expect(personal.made.before).toBe(0);
    // ...and a view the memo never held is made whole.
    const unknown = maker(view(2, 'Group'), view(3, 'Other'));
    expect(third.patch('p:bob', 'p:bob', unknown.make)).toEqual({ from: 2, version: 3, changes: { title: 'Other' } });
    expect(unknown.made).toMatchObject({ before: 1, after: 1 });
  });

  it('keeps the newest memo when publications finish out of order, and a bounded number of sessions', () => {
    const memo = new ViewMemo(2);
    const older = memo.change('s1', 1, 2, ALL);
    const newer = memo.change('s1', 2, 3, ALL);
    newer.commit();
    older.commit();
    expect(memo.change('s1', 2, 3, ALL).remembered).toBe(false);
    expect(memo.change('s1', 3, 4, ALL).remembered).toBe(true);

    memo.change('s2', 1, 2, ALL).commit();
    memo.change('s3', 1, 2, ALL).commit();
    expect(memo.size).toBe(2);
    expect(memo.change('s1', 3, 4, ALL).remembered).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { diffView, type SessionView } from '@circle/shared';
import type { ViewField } from '../../src/domain/project.js';
import { ViewMemo, type ViewMaker } from '../../src/gateway/view-memo.js';

// Stand-ins for session states: a version, a title and a queue, each changed by making a new
// object, as the domain does; a view shows the title and the queue as turns.
type State = { version: number; title: { text: string }; queue: string[] };

const state = (version: number, title: string, queue: string[] = []): State => ({ version, title: { text: title }, queue });
const change = (s: State, patch: { title?: string; queue?: string[] }): State => ({
  version: s.version + 1,
  title: patch.title === undefined ? s.title : { text: patch.title },
  queue: patch.queue ?? s.queue,
});

function view(s: State): SessionView {
  return {
    version: s.version,
    title: s.title.text,
    turns: { queue: s.queue.map((personId) => ({ personId, source: 'hand', raisedAt: 1 })), queueVersion: s.queue.length },
  } as unknown as SessionView;
}

/** Like fieldsTouched: the fields whose parts are not the very same objects. */
const touchedBetween = (from: State, to: State): ViewField[] => [
  ...(from.title !== to.title ? (['title'] as const) : []),
  ...(from.queue !== to.queue ? (['turns'] as const) : []),
];

/** A maker for the change from `before` to `after` that counts what it is asked to make. */
function maker(before: State, after: State) {
  const made = { before: 0, after: 0, fields: [] as string[], fieldsBefore: [] as string[] };
  const make: ViewMaker = {
    before: () => (made.before++, view(before)),
    after: () => (made.after++, view(after)),
    field: (field) => (made.fields.push(field), view(after)[field]),
    fieldBefore: (field) => (made.fieldsBefore.push(field), view(before)[field]),
  };
  return { make, made };
}

/** Publishes one change of the staff view through the memo, as the publisher does. */
function publish(memo: ViewMemo<State>, before: State, after: State, key = 'staff') {
  const published = memo.change('s1', before, after);
  const { make, made } = maker(before, after);
  const patch = published.patch(key, key, make);
  published.commit();
  return { patch, made, fromMemo: published.fromMemo };
}

describe('ViewMemo', () => {
  it('remakes only the touched fields of a view it published at the version before', () => {
    const memo = new ViewMemo<State>(touchedBetween);
    const v1 = state(1, 'Group');
    const v2 = change(v1, { queue: ['alice'] });
    publish(memo, v1, v2);

    const v3 = change(v2, { queue: ['alice', 'bob'] });
    const second = publish(memo, v2, v3);
    expect(second.fromMemo).toBe(true);
    expect(second.patch).toEqual(diffView(view(v2), view(v3)));
    expect(second.made).toEqual({ before: 0, after: 0, fields: ['turns'], fieldsBefore: [] });

    // What it remembers of version 3 is the whole view, untouched fields included.
    const v4 = change(v3, { title: 'Renamed' });
    expect(publish(memo, v3, v4).patch).toEqual({ from: 3, version: 4, changes: { title: 'Renamed' } });
  });

  it('catches up from a view it published before changes other processes made, remaking only what changed since', () => {
    const memo = new ViewMemo<State>(touchedBetween);
    const v1 = state(1, 'Group');
    const v2 = change(v1, { queue: ['alice'] });
    publish(memo, v1, v2);
    // Versions 3 and 4 are published by another process: a new title, then Bob's hand.
    const v3 = change(v2, { title: 'Renamed elsewhere' });
    const v4 = change(v3, { queue: ['alice', 'bob'] });

    // This process knows the state of version 4 (its store said what changed) and lowers Alice's hand.
    const v5 = change(v4, { queue: ['bob'] });
    const caughtUp = publish(memo, v4, v5);
    expect(caughtUp.fromMemo).toBe(true);
    expect(caughtUp.patch).toEqual(diffView(view(v4), view(v5)));
    expect(caughtUp.patch.changes).toEqual({ turns: view(v5).turns });
    // Nothing made whole: the title is compared with its value before, as changed since the memo.
    expect(caughtUp.made).toEqual({ before: 0, after: 0, fields: ['title', 'turns'], fieldsBefore: ['title', 'turns'] });

    // And what it remembers now is version 5, whole.
    const v6 = change(v5, { title: 'Renamed again' });
    const next = publish(memo, v5, v6);
    expect(next.patch).toEqual({ from: 5, version: 6, changes: { title: 'Renamed again' } });
    expect(next.made.fields).toEqual(['title']);
  });

  it('makes both views whole without a memo, with a newer one, or one that lacks the view', () => {
    const memo = new ViewMemo<State>(touchedBetween);
    const v1 = state(1, 'Group');
    const v2 = change(v1, { queue: ['alice'] });
    const first = publish(memo, v1, v2, 'participant');
    expect(first.fromMemo).toBe(false);
    expect(first.patch).toEqual(diffView(view(v1), view(v2)));
    expect(first.made).toMatchObject({ before: 1, after: 1 });

    // A change from before the memo's version (its publication finished late).
    const v0 = state(0, 'Group');
    const older = publish(memo, v0, change(v0, { title: 'Late' }), 'participant');
    expect(older.fromMemo).toBe(false);
    expect(older.made).toMatchObject({ before: 1, after: 1 });

    // Breakouts begin: the personal view of version 3 is diffed against the shared one of version 2...
    const v3 = change(v2, { queue: ['alice', 'bob'] });
    const third = memo.change('s1', v2, v3);
    const personal = maker(v2, v3);
    expect(third.patch('participant', 'p:alice', personal.make).changes).toEqual({ turns: view(v3).turns });
    expect(personal.made.before).toBe(0);
    // ...and a view the memo never held is made whole.
    const unknown = maker(v2, change(v2, { title: 'Other' }));
    expect(third.patch('p:bob', 'p:bob', unknown.make)).toEqual({ from: 2, version: 3, changes: { title: 'Other' } });
    expect(unknown.made).toMatchObject({ before: 1, after: 1 });
  });

  it('keeps the newest memo when publications finish out of order, and a bounded number of sessions', () => {
    const memo = new ViewMemo<State>(touchedBetween, 2);
    const [v1, v2, v3, v4] = [1, 2, 3, 4].map((n) => state(n, 'Group'));
    const older = memo.change('s1', v1!, v2!);
    const newer = memo.change('s1', v2!, v3!);
    newer.commit();
    older.commit();
    expect(memo.change('s1', v2!, v3!).fromMemo).toBe(false);
    expect(memo.change('s1', v3!, v4!).fromMemo).toBe(true);

    memo.change('s2', v1!, v2!).commit();
    memo.change('s3', v1!, v2!).commit();
    expect(memo.size).toBe(2);
    expect(memo.change('s1', v3!, v4!).fromMemo).toBe(false);
  });
});

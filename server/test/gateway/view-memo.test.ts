import { describe, expect, it } from 'vitest';
import { diffView, type SessionView } from '@circle/shared';
import { ViewMemo } from '../../src/gateway/view-memo.js';

function view(version: number, title: string, queue: string[] = []): SessionView {
  return {
    version,
    title,
    turns: { queue: queue.map((personId) => ({ personId, source: 'hand', raisedAt: 1 })), queueVersion: queue.length },
  } as unknown as SessionView;
}

const self = (micAllowed: boolean) => ({ personId: 'p1', deviceId: '', role: 'member', name: 'Alice', status: 'admitted', micAllowed }) as never;

describe('ViewMemo', () => {
  it('diffs a change against the views it published of the version before, without projecting them again', () => {
    const memo = new ViewMemo();
    const first = memo.change('s1', 1, 2);
    first.patch('staff', () => view(1, 'Group'), 'staff', view(2, 'Group', ['alice']));
    first.commit();

    const second = memo.change('s1', 2, 3);
    expect(second.remembered).toBe(true);
    const patch = second.patch('staff', () => expect.unreachable('the memo holds version 2') as never, 'staff', view(3, 'Group', ['alice', 'bob']));
    expect(patch).toEqual(diffView(view(2, 'Group', ['alice']), view(3, 'Group', ['alice', 'bob'])));
  });

  it('projects the earlier view when the memo is of another version or another key', () => {
    const memo = new ViewMemo();
    const first = memo.change('s1', 1, 2);
    first.patch('participant', () => view(1, 'Group'), 'participant', view(2, 'Group'));
    first.commit();

    let projected = 0;
    const before = () => (projected++, view(4, 'Group'));
    expect(memo.change('s1', 4, 5).patch('participant', before, 'participant', view(5, 'Renamed'))).toEqual({ from: 4, version: 5, changes: { title: 'Renamed' } });
    // Breakouts begin: the personal view of version 3 is diffed against the shared one of version 2.
    const third = memo.change('s1', 2, 3);
    expect(third.patch('participant', before, 'p:alice', view(3, 'Group', ['alice'])).changes).toEqual({ turns: view(3, 'Group', ['alice']).turns });
    expect(third.patch('p:bob', before, 'p:bob', view(3, 'Other'))).toEqual({ from: 2, version: 3, changes: { title: 'Other' } });
    expect(projected).toBe(2);
  });

  it('compares a person’s own view with the one published before', () => {
    const memo = new ViewMemo();
    const first = memo.change('s1', 1, 2);
    expect(first.sameSelf('p1', () => null, self(true))).toBe(false);
    first.commit();
    const second = memo.change('s1', 2, 3);
    expect(second.sameSelf('p1', () => expect.unreachable() as never, self(true))).toBe(true);
    expect(second.sameSelf('p1', () => expect.unreachable() as never, self(false))).toBe(false);
  });

  it('keeps the newest memo when publications finish out of order, and a bounded number of sessions', () => {
    const memo = new ViewMemo(2);
    const older = memo.change('s1', 1, 2);
    const newer = memo.change('s1', 2, 3);
    newer.commit();
    older.commit();
    expect(memo.change('s1', 2, 3).remembered).toBe(false);
    expect(memo.change('s1', 3, 4).remembered).toBe(true);

    memo.change('s2', 1, 2).commit();
    memo.change('s3', 1, 2).commit();
    expect(memo.size).toBe(2);
    expect(memo.change('s1', 3, 4).remembered).toBe(false);
  });
});

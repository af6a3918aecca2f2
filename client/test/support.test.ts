import { describe, expect, it } from 'vitest';
import type { SupportView } from '@circle/shared';
import {
  busySupporting,
  memberSupportStatus,
  otherSupportRooms,
  ownSupportRoom,
  signalRows,
  SUPPORT_SEEN,
  SUPPORT_SENT,
  timeAgo,
} from '../src/support/supportModel';
import { person, view } from './fixtures';

const MIN = 60_000;
const people = [person('rivera', 'Dr Rivera', { role: 'facilitator' }), person('alice', 'Alice'), person('bob', 'Bob'), person('carol', 'Carol')];
const withSupport = (support: SupportView) => view({ people, support });

describe('I need support', () => {
  it('tells the member it arrived, then that a facilitator saw it', () => {
    expect(memberSupportStatus(null)).toBeNull();
    expect(memberSupportStatus({ at: 1, acknowledged: false })).toBe(SUPPORT_SENT);
    expect(memberSupportStatus({ at: 1, acknowledged: true })).toBe(SUPPORT_SEEN);
    expect(SUPPORT_SENT).toBe('Staff have been told. Someone will be with you soon.');
    // The server's ack of this device's press is enough to say it arrived.
    expect(memberSupportStatus(null, true)).toBe(SUPPORT_SENT);
    expect(memberSupportStatus({ at: 1, acknowledged: true }, true)).toBe(SUPPORT_SEEN);
  });

  it('says how long ago, roughly', () => {
    expect(timeAgo(0, 59_000)).toBe('just now');
    expect(timeAgo(0, 2 * MIN + 5_000)).toBe('2 min ago');
    expect(timeAgo(0, 60 * MIN)).toBe('1 hr ago');
    expect(timeAgo(0, 125 * MIN)).toBe('2 hr 5 min ago');
    expect(timeAgo(10, 0)).toBe('just now');
  });

  it('shows staff each signal with its time, unanswered and oldest first, until the member is in a support room', () => {
    const v = withSupport({
      signals: [
        { personId: 'carol', at: 9 * MIN, acknowledged: false },
        { personId: 'bob', at: 8 * MIN, acknowledged: false },
        { personId: 'alice', at: 1 * MIN, acknowledged: true },
      ],
      rooms: [],
    });
    expect(signalRows(v, 10 * MIN).map((r) => [r.text, r.acknowledged])).toEqual([
      ['Bob needs support — 2 min ago', false],
      ['Carol needs support — 1 min ago', false],
      ['Alice needs support — 9 min ago', true],
    ]);
    const inRoom = withSupport({ signals: [{ personId: 'bob', at: 0, acknowledged: true }], rooms: [{ memberId: 'bob', staffId: 'rivera', startedAt: 1 }] });
    expect(signalRows(inRoom, MIN)).toEqual([]);
  });
});

describe('the support room', () => {
  const staffView = withSupport({ signals: [], rooms: [{ memberId: 'bob', staffId: 'rivera', startedAt: 1 }] });
  const memberView = withSupport({ signals: [], rooms: [{ memberId: 'bob', staffId: null, startedAt: null }] });

  it('shows the two in it who they are with; staff can bring the member back', () => {
    expect(ownSupportRoom(staffView, 'rivera')).toEqual({ memberId: 'bob', title: 'Support room with Bob', returnable: { personId: 'bob', name: 'Bob' } });
    expect(ownSupportRoom(staffView, 'bob')).toEqual({ memberId: 'bob', title: 'Support room with Dr Rivera', returnable: null });
    // Members are not told the staff member's id today: the room still says who is with them, kindly.
    expect(ownSupportRoom(memberView, 'bob')?.title).toBe('Support room with a facilitator');
    expect(ownSupportRoom(memberView, 'alice')).toBeNull();
  });

  it('tells the rest of the group only that someone stepped out', () => {
    expect(otherSupportRooms(memberView, 'alice', 'member')).toEqual([{ memberId: 'bob', text: 'Bob stepped out for a moment', returnable: null }]);
    expect(otherSupportRooms(memberView, 'bob', 'member')).toEqual([]);
    expect(otherSupportRooms(memberView, 'carol', 'observer')[0]?.text).toBe('Bob stepped out for a moment');
  });

  it('tells other staff who is with whom, and lets them bring the member back', () => {
    expect(otherSupportRooms(staffView, 'cotherapist', 'cotherapist')).toEqual([
      { memberId: 'bob', text: 'Bob is in a support room with Dr Rivera', returnable: { personId: 'bob', name: 'Bob' } },
    ]);
    expect(otherSupportRooms(staffView, 'rivera', 'facilitator')).toEqual([]);
    expect(busySupporting(staffView, 'rivera')).toBe(true);
    expect(busySupporting(staffView, 'cotherapist')).toBe(false);
  });
});

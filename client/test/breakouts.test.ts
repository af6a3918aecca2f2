import { describe, expect, it } from 'vitest';
import type { BreakoutsView } from '@circle/shared';
import { breakoutClock, clockAnnouncement, ONE_MINUTE_LEFT, TIME_IS_UP } from '../src/breakouts/countdown';
import { helpText, listNames, memberBreakout, staffBreakouts, togetherText } from '../src/breakouts/breakoutsModel';
import {
  DEFAULT_PROMPT,
  fitAssignment,
  initialAssignment,
  manualPreview,
  manualRoomCount,
  randomPreview,
  splitBySize,
  startPayload,
  type SetupForm,
} from '../src/breakouts/setupModel';
import { grantPlace, mediaPlace, microphoneFreeIn, peopleHere, placeOf } from '../src/breakouts/whereabouts';
import { person, view } from './fixtures';

const MIN = 60_000;
const alice = person('alice', 'Alice');
const bob = person('bob', 'Bob');
const carol = person('carol', 'Carol');
const dan = person('dan', 'Dan');
const rivera = person('rivera', 'Dr Rivera', { role: 'facilitator' });

function breakouts(over: Partial<BreakoutsView> = {}): BreakoutsView {
  return {
    prompt: 'What did you notice you have in common?',
    startedAt: 1_000_000,
    endsAt: 1_000_000 + 10 * MIN,
    rooms: [
      { id: 'r1', name: 'Room 1', memberIds: ['alice', 'bob'] },
      { id: 'r2', name: 'Room 2', memberIds: ['carol', 'dan'] },
    ],
    broadcasts: [],
    help: [],
    visits: [],
    ...over,
  };
}

describe('the breakout countdown', () => {
  const round = { startedAt: 0, endsAt: 10 * MIN };

  it('counts down from the absolute end, whole seconds rounded up', () => {
    expect(breakoutClock(round, 0).label).toBe('10:00 left');
    expect(breakoutClock(round, 10 * MIN - 65_500).label).toBe('1:06 left');
    expect(breakoutClock(round, 10 * MIN - 1).label).toBe('0:01 left');
    expect(breakoutClock(round, 10 * MIN).label).toBe('0:00 left');
  });

  it('warns in the last minute only, and says when time is up', () => {
    expect(breakoutClock(round, 9 * MIN - 1)).toMatchObject({ lastMinute: false, over: false });
    expect(clockAnnouncement(breakoutClock(round, 9 * MIN - 1))).toBeNull();
    expect(clockAnnouncement(breakoutClock(round, 9 * MIN))).toBe(ONE_MINUTE_LEFT);
    expect(clockAnnouncement(breakoutClock(round, 10 * MIN - 1))).toBe(ONE_MINUTE_LEFT);
    expect(breakoutClock(round, 11 * MIN)).toMatchObject({ msLeft: 0, over: true, lastMinute: false });
    expect(clockAnnouncement(breakoutClock(round, 11 * MIN))).toBe(TIME_IS_UP);
  });

  it('never shows more than the round has, on a device whose clock runs behind', () => {
    expect(breakoutClock(round, -5 * MIN).label).toBe('10:00 left');
  });

  it('follows an extension, which moves the end', () => {
    expect(breakoutClock({ startedAt: 0, endsAt: 15 * MIN }, 9.5 * MIN)).toMatchObject({ label: '5:30 left', lastMinute: false });
  });
});

describe('who is with whom', () => {
  it('names partners the way people say it', () => {
    expect(listNames(['Bob'])).toBe('Bob');
    expect(listNames(['Bob', 'Carol'])).toBe('Bob and Carol');
    expect(listNames(['Bob', 'Carol', 'Dan'])).toBe('Bob, Carol and Dan');
    expect(togetherText(['Bob'])).toBe('You are with Bob');
    expect(togetherText([])).toBe('You are on your own in this room for now');
  });

  it('gives a member their own room, partners, prompt and the newest message first', () => {
    const v = view({
      people: [alice, bob, carol, dan],
      breakouts: breakouts({ rooms: [{ id: 'r2', name: 'Room 2', memberIds: ['carol', 'alice'] }], broadcasts: [{ text: 'Halfway', at: 1 }, { text: 'Two minutes', at: 2 }] }),
    });
    expect(memberBreakout(v, 'alice')).toEqual({
      roomId: 'r2',
      roomName: 'Room 2',
      partners: ['Carol'],
      together: 'You are with Carol',
      prompt: 'What did you notice you have in common?',
      broadcasts: [{ text: 'Two minutes', at: 2 }, { text: 'Halfway', at: 1 }],
    });
    expect(memberBreakout(v, 'bob')).toBeNull();
    expect(memberBreakout(view({ people: [alice] }), 'alice')).toBeNull();
  });

  it('shows staff every room, who visits, who stayed in the main room, and help waiting longest first', () => {
    const late = person('erin', 'Erin');
    const v = view({
      people: [rivera, alice, bob, carol, dan, late],
      breakouts: breakouts({
        visits: [{ staffId: 'rivera', roomId: 'r2' }],
        help: [
          { roomId: 'r1', at: 50, acknowledged: true },
          { roomId: 'r2', at: 90, acknowledged: false },
        ],
      }),
    });
    const model = staffBreakouts(v, 'rivera');
    expect(model?.rooms.map((r) => [r.name, r.members.map((m) => m.name), r.visitors, r.visitingSelf])).toEqual([
      ['Room 1', ['Alice', 'Bob'], [], false],
      ['Room 2', ['Carol', 'Dan'], ['Dr Rivera'], true],
    ]);
    expect(model?.visiting).toEqual({ id: 'r2', name: 'Room 2' });
    expect(model?.inMainRoom).toEqual([{ id: 'erin', name: 'Erin' }]);
    expect(model?.help.map((h) => [h.text, h.acknowledged])).toEqual([
      ['Room 2 asked for help', false],
      ['Room 1 asked for help', true],
    ]);
    expect(model?.movable.find((m) => m.id === 'erin')?.roomId).toBeNull();
    expect(model?.movable.find((m) => m.id === 'dan')?.roomId).toBe('r2');
    expect(helpText('Room 3')).toBe('Room 3 asked for help');
  });
});

describe('setting up breakouts', () => {
  const members = ['Alice', 'Bob', 'Carol', 'Dan', 'Erin'].map((name) => ({ id: name.toLowerCase(), name }));
  const form = (over: Partial<SetupForm> = {}): SetupForm => ({
    sizeKind: 'pairs',
    roomCount: '2',
    manual: false,
    assignment: {},
    prompt: DEFAULT_PROMPT,
    minutes: '10',
    ...over,
  });

  it('splits like the server: a leftover single joins the last group', () => {
    expect(splitBySize([1, 2, 3, 4, 5], { kind: 'pairs' })).toEqual([[1, 2], [3, 4, 5]]);
    expect(splitBySize([1, 2, 3, 4], { kind: 'threes' })).toEqual([[1, 2, 3, 4]]);
    expect(splitBySize([1, 2, 3, 4, 5], { kind: 'rooms', count: 2 })).toEqual([[1, 3, 5], [2, 4]]);
    expect(splitBySize([1, 2], { kind: 'rooms', count: 5 })).toEqual([[1], [2]]);
  });

  it('tells the facilitator what a random split will make', () => {
    expect(randomPreview(4, { kind: 'pairs' })).toBe('4 members in 2 rooms of 2, chosen at random.');
    expect(randomPreview(5, { kind: 'pairs' })).toBe('5 members in 2 rooms of 2 or 3, chosen at random.');
    expect(randomPreview(1, { kind: 'pairs' })).toMatch(/at least two members/);
  });

  it('starts manual rooms from the size, and offers as many rooms as it makes', () => {
    expect(manualRoomCount({ kind: 'pairs' }, 5)).toBe(2);
    expect(manualRoomCount({ kind: 'threes' }, 7)).toBe(2);
    expect(manualRoomCount({ kind: 'rooms', count: 4 }, 2)).toBe(4);
    expect(manualRoomCount({ kind: 'pairs' }, 0)).toBe(1);
    expect(initialAssignment(members, { kind: 'pairs' })).toEqual({ alice: 1, bob: 1, carol: 2, dan: 2, erin: 2 });
  });

  it('keeps choices when the number of rooms shrinks, and puts newcomers in the main room', () => {
    const fitted = fitAssignment({ alice: 3, bob: 1, carol: null }, members, 2);
    expect(fitted).toEqual({ alice: 2, bob: 1, carol: null, dan: null, erin: null });
  });

  it('sends only the rooms with people, in order, and says what it left out', () => {
    const preview = manualPreview({ alice: 3, bob: 3, carol: 1, dan: null, erin: 1 }, members, 3);
    expect(preview.rooms).toEqual([['carol', 'erin'], ['alice', 'bob']]);
    expect(preview.notes).toEqual(['Room 2 has no one and will be left out; the rooms are numbered in order.', 'Dan will stay in the main room.']);
    expect(manualPreview({ alice: 1, bob: 2, carol: 2 }, members.slice(0, 3), 2).notes).toEqual(['Alice would be on their own.']);
  });

  it('builds the command from the form', () => {
    expect(startPayload(form(), members)).toEqual({
      ok: true,
      payload: { size: { kind: 'pairs' }, assignment: 'random', prompt: DEFAULT_PROMPT, minutes: 10 },
    });
    expect(startPayload(form({ sizeKind: 'rooms', roomCount: '3', minutes: '25', prompt: '  Notice  ' }), members)).toMatchObject({
      ok: true,
      payload: { size: { kind: 'rooms', count: 3 }, minutes: 25, prompt: 'Notice' },
    });
    const manual = startPayload(form({ manual: true, assignment: { alice: 2, bob: 2, carol: 1, dan: 1, erin: null } }), members);
    expect(manual).toMatchObject({ ok: true, payload: { assignment: { rooms: [['carol', 'dan'], ['alice', 'bob']] } } });
  });

  it('says what to fix in words', () => {
    expect(startPayload(form({ minutes: '0' }), members)).toEqual({ ok: false, error: 'Minutes is a whole number from 1 to 60.' });
    expect(startPayload(form({ minutes: '61' }), members).ok).toBe(false);
    expect(startPayload(form({ minutes: '2.5' }), members).ok).toBe(false);
    expect(startPayload(form({ sizeKind: 'rooms', roomCount: '9' }), members)).toEqual({ ok: false, error: 'The number of rooms is a whole number from 1 to 8.' });
    expect(startPayload(form({ prompt: 'x'.repeat(2001) }), members)).toEqual({ ok: false, error: 'The prompt can be at most 2,000 characters.' });
    expect(startPayload(form({ manual: true, assignment: {} }), members)).toEqual({ ok: false, error: 'Put at least one member in a room.' });
    expect(startPayload(form(), members.slice(0, 1))).toEqual({ ok: false, error: 'Breakouts need at least two members in the group.' });
  });
});

describe('which room a grant targets', () => {
  const MAIN = 'circle-sess1';

  it('reads the room from its name', () => {
    expect(mediaPlace(MAIN, MAIN)).toEqual({ kind: 'main' });
    expect(mediaPlace(`${MAIN}-r2`, MAIN)).toEqual({ kind: 'breakout', roomId: 'r2' });
    expect(mediaPlace(`${MAIN}-support-bob_1`, MAIN)).toEqual({ kind: 'support', memberId: 'bob_1' });
    expect(mediaPlace(`${MAIN}-support-`, MAIN)).toEqual({ kind: 'unknown' });
    expect(mediaPlace('circle-other-r1', MAIN)).toEqual({ kind: 'unknown' });
    expect(mediaPlace(`${MAIN}-rx`, MAIN)).toEqual({ kind: 'unknown' });
    expect(grantPlace(null, view())).toBeNull();
    expect(grantPlace({ room: `${MAIN}-r1` }, view({ mediaRoom: MAIN }))).toEqual({ kind: 'breakout', roomId: 'r1' });
  });

  it('frees the microphone only outside the group room', () => {
    expect(microphoneFreeIn({ kind: 'breakout', roomId: 'r1' })).toBe(true);
    expect(microphoneFreeIn({ kind: 'support', memberId: 'bob' })).toBe(true);
    expect(microphoneFreeIn({ kind: 'main' })).toBe(false);
    expect(microphoneFreeIn({ kind: 'unknown' })).toBe(false);
    expect(microphoneFreeIn(null)).toBe(false);
  });
});

describe('whose tiles show', () => {
  const none = () => false;
  const people = [rivera, alice, bob, carol, dan];

  it('a member in a breakout sees their partners, and a visitor the media room shows', () => {
    const v = view({ people, breakouts: breakouts({ rooms: [{ id: 'r1', name: 'Room 1', memberIds: ['alice', 'bob'] }] }) });
    expect(peopleHere(v, 'alice', none).map((p) => p.name)).toEqual(['Alice', 'Bob']);
    const riveraVisits = (p: { id: string }) => p.id === 'rivera';
    expect(peopleHere(v, 'alice', riveraVisits).map((p) => p.name)).toEqual(['Dr Rivera', 'Alice', 'Bob']);
  });

  it('staff in the main room see who is there, visiting staff see the room', () => {
    const v = view({ people: [...people, person('erin', 'Erin')], breakouts: breakouts() });
    expect(peopleHere(v, 'rivera', none).map((p) => p.name)).toEqual(['Dr Rivera', 'Erin']);
    const visiting = view({ people, breakouts: breakouts({ visits: [{ staffId: 'rivera', roomId: 'r2' }] }) });
    expect(peopleHere(visiting, 'rivera', none).map((p) => p.name)).toEqual(['Dr Rivera', 'Carol', 'Dan']);
    expect(placeOf(visiting, 'rivera')).toEqual({ kind: 'breakout', roomId: 'r2' });
  });

  it('the group no longer shows who stepped out, and the support room shows the two in it', () => {
    const v = view({ people, support: { signals: [], rooms: [{ memberId: 'bob', staffId: null, startedAt: null }] } });
    expect(peopleHere(v, 'alice', none).map((p) => p.name)).toEqual(['Dr Rivera', 'Alice', 'Carol', 'Dan']);
    expect(peopleHere(v, 'bob', none).map((p) => p.name)).toEqual(['Bob']);
    const staffView = view({ people, support: { signals: [], rooms: [{ memberId: 'bob', staffId: 'rivera', startedAt: 5 }] } });
    expect(peopleHere(staffView, 'rivera', none).map((p) => p.name)).toEqual(['Dr Rivera', 'Bob']);
  });

  it('everyone shows when nothing is running', () => {
    expect(peopleHere(view({ people }), 'alice', none)).toHaveLength(5);
  });
});

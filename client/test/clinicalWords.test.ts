import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOSING } from '@circle/shared';
import { closingParagraphs } from '../src/clinical/closing';
import { locationFrom, locationText } from '../src/clinical/location';
import { charactersLeft, clockTime, noteRows } from '../src/clinical/notes';
import { observerNotice } from '../src/clinical/observers';
import { buildTiles } from '../src/room/roomModel';
import { person, view } from './fixtures';

describe('the observer notice', () => {
  const alice = person('alice1', 'Alice');
  const olu = person('obs1', 'Olu', { role: 'observer' });
  const eli = person('obs2', 'Eli', { role: 'observer' });

  it('tells members and staff who is observing', () => {
    expect(observerNotice([alice, olu], 'alice1', 'member')).toBe('An observer is present: Olu.');
    expect(observerNotice([alice, olu, eli], 'fac1', 'facilitator')).toBe('Observers are present: Olu and Eli.');
  });

  it('says nothing when no observer is there right now', () => {
    expect(observerNotice([alice], 'alice1', 'member')).toBeNull();
    expect(observerNotice([alice, { ...olu, present: false }], 'alice1', 'member')).toBeNull();
  });

  it('reminds an observer that the group can see them', () => {
    expect(observerNotice([alice, olu], 'obs1', 'observer')).toMatch(/^You are observing: the group can see that you are here/);
  });
});

describe('a member’s location', () => {
  it('is optional, and needs a city once a region is given', () => {
    expect(locationFrom({ city: ' ', region: '' })).toEqual({ ok: true, location: undefined });
    expect(locationFrom({ city: ' Portland ', region: ' Oregon' })).toEqual({ ok: true, location: { city: 'Portland', region: 'Oregon' } });
    expect(locationFrom({ city: 'Leeds', region: '' })).toEqual({ ok: true, location: { city: 'Leeds', region: '' } });
    expect(locationFrom({ city: '', region: 'Oregon' })).toEqual({ ok: false, error: 'Please enter your city too, or leave both fields empty.' });
  });

  it('reads as a place', () => {
    expect(locationText({ city: 'Portland', region: 'Oregon' })).toBe('Portland, Oregon');
    expect(locationText({ city: 'Leeds', region: '' })).toBe('Leeds');
    expect(locationText(null)).toBeNull();
  });
});

describe('staff notes', () => {
  const at = Date.UTC(2025, 2, 4, 18, 5);
  const base = view();

  it('are listed in the order written, with author and time', () => {
    const v = view({
      people: [person('fac1', 'Dr Rivera', { role: 'facilitator' })],
      clinical: {
        ...base.clinical,
        notes: [
          { id: 'n2', authorId: 'kim1', text: 'Bob left early.', at: at + 60_000 },
          { id: 'n1', authorId: 'fac1', text: 'Alice seemed tired.', at },
        ],
      },
    });
    expect(noteRows(v, { locale: 'en-GB', timeZone: 'UTC' })).toEqual([
      { id: 'n1', author: 'Dr Rivera', time: '18:05', text: 'Alice seemed tired.' },
      // An author no longer in the view is still staff.
      { id: 'n2', author: 'Staff', time: '18:06', text: 'Bob left early.' },
    ]);
  });

  it('write the time as the viewer’s locale does', () => {
    expect(clockTime(at, { locale: 'en-US', timeZone: 'UTC' })).toBe('6:05 PM');
  });

  it('say how much room is left only near the limit', () => {
    expect(charactersLeft('x'.repeat(100))).toBeNull();
    expect(charactersLeft('x'.repeat(900))).toBe(100);
    expect(charactersLeft('x'.repeat(1000))).toBe(0);
  });
});

describe('the closing card', () => {
  it('shows the closing text a paragraph per line', () => {
    expect(closingParagraphs('Thank you.\n\n  Call 988 if you need to.  \n')).toEqual(['Thank you.', 'Call 988 if you need to.']);
  });

  it('falls back to the default closing, with its crisis line, when the page never saw the end', () => {
    const paragraphs = closingParagraphs(null);
    expect(paragraphs).toEqual(DEFAULT_CLOSING.split('\n'));
    expect(paragraphs.some((p) => p.includes('988'))).toBe(true);
  });
});

describe('the room camera tile', () => {
  const facts = (videos: Record<string, string> = {}) => ({ videos, speaking: [] });

  it('is labelled when a device facing the physical room is all a person has', () => {
    const room = person('dev1', 'Group room', { role: 'facilitator', kinds: ['roomDevice'] });
    const tiles = buildTiles(view({ people: [room] }), 'alice1', facts());
    expect(tiles.map((t) => [t.name, t.roomCamera])).toEqual([['Group room', true]]);
  });

  it('is labelled when the person’s one tile shows the room camera’s video', () => {
    const rivera = person('fac1', 'Dr Rivera', { role: 'facilitator', kinds: ['media', 'roomDevice'] });
    const tiles = buildTiles(view({ people: [rivera] }), null, facts({ 'fac1.fac1d1': 'room' }));
    expect(tiles.map((t) => [t.roomCamera, t.video?.trackKey])).toEqual([[true, 'room']]);
  });

  it('is not claimed for a person’s own camera', () => {
    const rivera = person('fac1', 'Dr Rivera', { role: 'facilitator', kinds: ['media', 'roomDevice'] });
    expect(buildTiles(view({ people: [rivera] }), null, facts()).map((t) => t.roomCamera)).toEqual([false]);
    expect(buildTiles(view({ people: [rivera] }), null, facts({ 'fac1.fac1d0': 'own' })).map((t) => t.roomCamera)).toEqual([false]);
  });
});

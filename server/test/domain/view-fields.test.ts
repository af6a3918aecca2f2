import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { alikeForStaffAndMembers, fieldReads, fieldsTouched, SELF_VIEW_FIELDS, selfFieldReads, selfView, selfViewChanged, selfViewField, VIEW_FIELDS, viewField, viewFor, type Audience } from '../../src/domain/project.js';
import type { SessionState } from '../../src/domain/state.js';
import { MEDIA_ROOM_READS, mediaRoomOf } from '../../src/domain/media-rooms.js';
import { randomSession } from '../support/random-session.js';

/**
 * The publisher remakes only the view fields whose parts of the state changed (by identity),
 * trusting each field's list of the state it reads. These tests hold the lists to the truth:
 * every field and the self view are made from states met in long random sessions, through a
 * proxy that records which parts of the state they read.
 */

const AUDIENCES: Audience[] = ['staff', 'participant', 'waiting'];
/** The top-level parts of the state that `make` reads. */
function readsOf(state: SessionState, make: (state: SessionState) => unknown): Set<string> {
  const read = new Set<string>();
  const proxy = new Proxy(state, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
  make(proxy);
  return read;
}

const corpus = [1, 2, 3, 4, 5, 6].flatMap((seed) => randomSession(seed, 400));

describe('the parts of the state each view field reads', () => {
  it('visits the states that matter: breakouts, support rooms, talking piece, feelings, the end', () => {
    expect(corpus.some((s) => s.breakouts !== null)).toBe(true);
    expect(corpus.some((s) => Object.keys(s.support.rooms).length > 0)).toBe(true);
    expect(corpus.some((s) => s.turns.talkingPiece && s.turns.current !== null)).toBe(true);
    expect(corpus.some((s) => Object.keys(s.feelings.checkOut).length > 0)).toBe(true);
    expect(corpus.some((s) => s.reflections.some((r) => r.shared) && s.breakouts === null)).toBe(true);
    expect(corpus.some((s) => s.status === 'ended')).toBe(true);
  });

  it('are within each field’s list, for every audience and viewer', () => {
    const unlisted = new Set<string>();
    for (const state of corpus) {
      const viewers = [null, ...Object.keys(state.people)];
      for (const field of VIEW_FIELDS) {
        const listed = new Set<string>(fieldReads(field));
        for (const audience of AUDIENCES) {
          for (const viewer of viewers) {
            for (const key of readsOf(state, (s) => viewField(field, s, audience, viewer))) if (!listed.has(key)) unlisted.add(`${field} reads ${key}`);
          }
        }
      }
    }
    expect([...unlisted]).toEqual([]);
  });

  it('are within each self view field’s list, for every person', () => {
    const unlisted = new Set<string>();
    for (const state of corpus) {
      for (const person of Object.values(state.people)) {
        for (const field of SELF_VIEW_FIELDS) {
          const listed = new Set<string>(selfFieldReads(field));
          for (const key of readsOf(state, (s) => selfViewField(field, s, person))) if (!listed.has(key)) unlisted.add(`${field} reads ${key}`);
        }
      }
    }
    expect([...unlisted]).toEqual([]);
  });

  it('of a person’s media room are within its list', () => {
    const unlisted = new Set<string>();
    for (const state of corpus) {
      for (const person of Object.values(state.people)) {
        for (const key of readsOf(state, (s) => mediaRoomOf(s, person))) if (!(MEDIA_ROOM_READS as readonly string[]).includes(key)) unlisted.add(key);
      }
    }
    expect([...unlisted]).toEqual([]);
  });

  it('tell, for every change met, every field and self view that changed', () => {
    let checked = 0;
    let selfChanges = 0;
    for (let i = 1; i < corpus.length; i++) {
      const [before, after] = [corpus[i - 1]!, corpus[i]!];
      if (before.id !== after.id) continue;
      const touched = new Set(fieldsTouched(before, after));
      for (const audience of AUDIENCES) {
        const [was, now] = [viewFor(before, audience), viewFor(after, audience)];
        for (const field of VIEW_FIELDS) if (!touched.has(field)) expect(now[field], field).toEqual(was[field]);
      }
      for (const person of Object.values(after.people)) {
        const was = before.people[person.id];
        if (!was) continue;
        const changed = !isDeepStrictEqual(selfView(before, was, 'd'), selfView(after, person, 'd'));
        expect(selfViewChanged(before, was, after, person), `${person.name}'s own view`).toBe(changed);
        if (changed) selfChanges++;
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
    expect(selfChanges).toBeGreaterThan(100);
  });
});

describe('the fields staff and members see alike', () => {
  it('are the same for staff and for every member viewing, in every state met', () => {
    const unlike = new Set<string>();
    let alike = 0;
    for (const state of corpus) {
      for (const field of VIEW_FIELDS.filter(alikeForStaffAndMembers)) {
        const staff = viewField(field, state, 'staff');
        for (const viewer of [null, ...Object.keys(state.people)]) {
          if (!isDeepStrictEqual(viewField(field, state, 'participant', viewer), staff)) unlike.add(field);
        }
        alike++;
      }
    }
    expect([...unlike]).toEqual([]);
    // A raised or lowered hand touches only turns: one patch serves both audiences.
    expect(alikeForStaffAndMembers('turns')).toBe(true);
    expect(alike).toBeGreaterThan(10_000);
  });
});

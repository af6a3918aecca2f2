import { describe, expect, it, vi } from 'vitest';
import { createMediaSession, type MediaTarget } from '../src/media/media';
import { mediaTargetFor } from '../src/session/mediaTarget';
import { Phase } from '../src/session/screen';
import { fakeLiveKit, lkToken } from './fakeLiveKit';
import { grant, self, view } from './fixtures';

/**
 * Moving between LiveKit rooms (breakouts, the support room, back to the group) as the media
 * layer does it: the server sends a new grant; the device leaves the old room, then joins the
 * new one with the new token and the microphone rules that now apply. Never two rooms at once.
 */

const MAIN = 'circle-sess1';
const BREAKOUT = `${MAIN}-r1`;
const SUPPORT = `${MAIN}-support-p1`;
const devices = { cameraId: null, microphoneId: null };

function target(room: string, n = 1, over: Partial<MediaTarget> = {}): MediaTarget {
  return { grant: grant({ room, token: lkToken(room, n) }), publish: true, microphoneAllowed: true, devices, encryption: null, ...over };
}

function setup() {
  const lk = fakeLiveKit();
  const renewals: number[] = [];
  const media = createMediaSession({
    renewGrant: async () => {
      renewals.push(1);
      return null;
    },
    loadLiveKit: lk.load,
    random: () => 0,
  });
  /** Every change of the connected set, so a test can check no moment had two rooms. */
  const seen: string[][] = [];
  const watch = setInterval(() => seen.push(lk.connected()), 0);
  const settled = (expected: string[]) =>
    vi.waitFor(() => {
      expect(lk.connected()).toEqual(expected);
      expect(media.getSnapshot().status).toBe('connected');
    });
  return { lk, media, seen, stop: () => clearInterval(watch), settled };
}

describe('switching media rooms on a new grant', () => {
  it('leaves the group room before joining the breakout, with the new token', async () => {
    const { lk, media, settled, stop } = setup();
    media.setTarget(target(MAIN));
    await settled([MAIN]);
    media.setTarget(target(BREAKOUT));
    await settled([BREAKOUT]);
    stop();
    const order = lk.calls.filter((c) => c.startsWith('connect') || c.startsWith('disconnect'));
    expect(order).toEqual([`connect ${MAIN} ${lkToken(MAIN)}`, `disconnect ${MAIN}`, `connect ${BREAKOUT} ${lkToken(BREAKOUT)}`]);
  });

  it('is never in two rooms at once, there and back again', async () => {
    const { lk, media, seen, settled, stop } = setup();
    for (const [i, room] of [MAIN, BREAKOUT, MAIN, SUPPORT, MAIN].entries()) {
      media.setTarget(target(room, i + 1));
      await settled([room]);
    }
    stop();
    expect(seen.every((rooms) => rooms.length <= 1)).toBe(true);
    expect(lk.calls.filter((c) => c.startsWith('connect'))).toHaveLength(5);
  });

  it('opens the microphone in the breakout that talking-piece mode held closed in the group', async () => {
    const { lk, media, settled } = setup();
    media.setTarget(target(MAIN, 1, { microphoneAllowed: false }));
    await settled([MAIN]);
    expect(lk.calls).toContain(`camera on ${MAIN}`);
    expect(lk.calls).not.toContain(`mic on ${MAIN}`);

    media.setTarget(target(BREAKOUT, 2, { microphoneAllowed: true }));
    await settled([BREAKOUT]);
    await vi.waitFor(() => expect(lk.calls).toContain(`mic on ${BREAKOUT}`));
    expect(lk.calls).toContain(`camera on ${BREAKOUT}`);

    // Back in the group while it is not their turn: the microphone stays closed there.
    media.setTarget(target(MAIN, 3, { microphoneAllowed: false }));
    await settled([MAIN]);
    const afterReturn = lk.calls.slice(lk.calls.lastIndexOf(`connect ${MAIN} ${lkToken(MAIN, 3)}`));
    expect(afterReturn).not.toContain(`mic on ${MAIN}`);
    expect(media.getSnapshot().microphoneOn).toBe(true); // the person's own choice is kept
  });

  it('keeps the connection when only the token is renewed for the same room', async () => {
    const { lk, media, settled } = setup();
    media.setTarget(target(MAIN, 1));
    await settled([MAIN]);
    media.setTarget(target(MAIN, 2));
    await new Promise((r) => setTimeout(r, 10));
    expect(lk.calls.filter((c) => c.startsWith('connect') || c.startsWith('disconnect'))).toEqual([`connect ${MAIN} ${lkToken(MAIN, 1)}`]);
  });

  it('waits calmly when the server turns the device out of the old room before the new grant arrives', async () => {
    const { lk, media, settled } = setup();
    media.setTarget(target(MAIN));
    await settled([MAIN]);
    lk.rooms[0]?.removedByServer();
    await vi.waitFor(() => expect(media.getSnapshot().status).toBe('off'));
    expect(lk.calls.filter((c) => c.startsWith('connect'))).toHaveLength(1); // no retry with the spent token
    media.setTarget(target(BREAKOUT));
    await settled([BREAKOUT]);
  });

  it('ignores the old room being closed at the server after the switch', async () => {
    const { lk, media, settled } = setup();
    media.setTarget(target(MAIN));
    await settled([MAIN]);
    media.setTarget(target(BREAKOUT));
    await settled([BREAKOUT]);
    lk.rooms[0]?.removedByServer();
    await new Promise((r) => setTimeout(r, 10));
    expect(lk.connected()).toEqual([BREAKOUT]);
    expect(media.getSnapshot().status).toBe('connected');
  });

  it('publishes nothing in a room it was moved out of while still connecting to it', async () => {
    const { lk, media, settled } = setup();
    const hold = lk.holdConnect();
    media.setTarget(target(MAIN));
    await vi.waitFor(() => expect(lk.calls).toContain(`connect ${MAIN} ${lkToken(MAIN)}`));
    media.setTarget(target(BREAKOUT));
    hold.release();
    await settled([BREAKOUT]);
    expect(lk.calls.filter((c) => c.endsWith(` ${MAIN}`) && !c.startsWith('connect') && !c.startsWith('disconnect'))).toEqual([]);
    expect(lk.calls).toContain(`mic on ${BREAKOUT}`);
  });

  it('shows nothing of the old room while it connects to the new one', async () => {
    const { lk, media, settled } = setup();
    media.setTarget(target(MAIN));
    await settled([MAIN]);
    lk.rooms[0]?.addRemote('p2.dev2');
    await vi.waitFor(() => expect(media.getSnapshot().videos).toEqual({ 'p2.dev2': 'cam-p2.dev2' }));

    const hold = lk.holdConnect();
    media.setTarget(target(BREAKOUT));
    await vi.waitFor(() => expect(lk.calls).toContain(`connect ${BREAKOUT} ${lkToken(BREAKOUT)}`));
    expect(media.getSnapshot().status).toBe('connecting');
    expect(media.getSnapshot().videos).toEqual({});
    hold.release();
    await settled([BREAKOUT]);
  });
});

describe('the grant decides the room, and the microphone rules there', () => {
  const base = { phase: Phase.joined, view: view(), mediaKey: null, deviceKind: 'media' as const, devices };
  const held = self({ status: 'admitted', micAllowed: false });

  it('frees the microphone in a breakout or support room even before the new self view arrives', () => {
    expect(mediaTargetFor({ ...base, self: held, grant: grant({ room: BREAKOUT }) })?.microphoneAllowed).toBe(true);
    expect(mediaTargetFor({ ...base, self: held, grant: grant({ room: SUPPORT }) })?.microphoneAllowed).toBe(true);
  });

  it('keeps the talking piece in the group room', () => {
    expect(mediaTargetFor({ ...base, self: held, grant: grant({ room: MAIN }) })?.microphoneAllowed).toBe(false);
    expect(mediaTargetFor({ ...base, self: held, grant: grant({ room: 'someone-else' }) })?.microphoneAllowed).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedSession, ViewPatch } from '@circle/shared';
import { Harness, send, waitFor, type ClientSocket } from '../support/harness.js';

/**
 * A change that staff and members see alike (a raised or lowered hand) is one patch, encoded once
 * for both audiences; a change they see differently is a patch for each. Counted where Socket.IO
 * encodes every packet it sends, broadcasts included.
 */

let harness: Harness;
let session: CreatedSession;
let patchesEncoded: ViewPatch[];

const joined = (link: string, device: string, name: string) => harness.join(link, device, name).then(({ socket }) => socket);

function nextPatch(socket: ClientSocket): Promise<ViewPatch> {
  return waitFor(socket, 'session:patched').then(({ patch }) => patch);
}

describe('patches for staff and members', () => {
  beforeEach(async () => {
    harness = await new Harness().start();
    session = await harness.createSession();
    patchesEncoded = [];
    const encoder = harness.circle.io.encoder;
    const encode = encoder.encode.bind(encoder);
    encoder.encode = (packet) => {
      const [event, payload] = Array.isArray(packet.data) ? (packet.data as unknown[]) : [];
      if (event === 'session:patched') patchesEncoded.push((payload as { patch: ViewPatch }).patch);
      return encode(packet);
    };
  });
  afterEach(() => harness.stop());

  it('sends a raised hand to both audiences as one patch, encoded once', async () => {
    const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await joined(session.links.member, 'alice-phone', 'Alice');
    const bob = await joined(session.links.member, 'bob-phone', 'Bob');
    await Promise.all([send(rivera, 'person:admitAll', {}), waitFor(bob, 'media:granted')]);
    patchesEncoded = [];

    const seen = Promise.all([nextPatch(rivera), nextPatch(bob)]);
    expect(await send(alice, 'hand:raise', {})).toEqual({ ok: true });
    const [staffPatch, memberPatch] = await seen;

    expect(Object.keys(staffPatch.changes)).toEqual(['turns']);
    expect(memberPatch).toEqual(staffPatch);
    expect(patchesEncoded).toEqual([staffPatch]);
  });

  it('sends a change the audiences see differently as a patch for each', async () => {
    const rivera = await joined(session.links.facilitator, 'rivera-laptop', 'Dr Rivera');
    const alice = await joined(session.links.member, 'alice-phone', 'Alice');
    const bob = await joined(session.links.member, 'bob-phone', 'Bob');
    await Promise.all([send(rivera, 'person:admitAll', {}), waitFor(bob, 'media:granted')]);
    const raised = Promise.all([nextPatch(rivera), nextPatch(bob)]);
    await send(alice, 'hand:raise', {});
    const { turns } = (await raised)[0].changes as { turns: { queueVersion: number } };
    patchesEncoded = [];

    // Alice's turn counts towards who has shared, which only staff see.
    const seen = Promise.all([nextPatch(rivera), nextPatch(bob)]);
    expect(await send(rivera, 'queue:next', { queueVersion: turns.queueVersion })).toEqual({ ok: true });
    const [staffPatch, memberPatch] = await seen;

    expect(Object.keys(staffPatch.changes).sort()).toEqual(['shares', 'turns']);
    expect(Object.keys(memberPatch.changes)).toEqual(['turns']);
    expect(patchesEncoded).toEqual([staffPatch, memberPatch]);
  });
});

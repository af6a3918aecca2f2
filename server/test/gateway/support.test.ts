import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedSession } from '@circle/shared';
import { Harness, onView, send, waitFor } from '../support/harness.js';

let harness: Harness;
let session: CreatedSession;
beforeEach(async () => {
  harness = await new Harness().start();
  session = await harness.createSession();
});
afterEach(() => harness.stop());

async function joined(link: string, device: string, name: string) {
  const { socket, ack } = await harness.join(link, device, name);
  return { socket, id: ack.self.personId };
}

describe('the support signal on real sockets', () => {
  it('reaches staff only, and the member learns live that it was seen and who is with them', async () => {
    const kim = await joined(session.links.cotherapist, 'kim-laptop', 'Kim');
    const dan = await joined(session.links.member, 'dan-phone', 'Dan');
    const eve = await joined(session.links.member, 'eve-phone', 'Eve');
    await send(kim.socket, 'person:admitAll', {});

    const seenByEve: string[] = [];
    onView(eve.socket, (view) => seenByEve.push(JSON.stringify(view.support)));
    const [, staffView, ownSelf] = await Promise.all([
      send(dan.socket, 'support:signal', {}),
      waitFor(kim.socket, 'session:changed', ({ view }) => view.support.signals.length === 1),
      waitFor(dan.socket, 'self:changed', ({ self }) => self.support !== null),
    ]);
    expect(staffView.view.support.signals[0]).toMatchObject({ personId: dan.id, acknowledged: false });
    expect(ownSelf.self.support).toMatchObject({ acknowledged: false });

    const [, acknowledged] = await Promise.all([
      send(kim.socket, 'support:acknowledge', { personId: dan.id }),
      waitFor(dan.socket, 'self:changed', ({ self }) => self.support?.acknowledged === true),
    ]);
    expect(acknowledged.self.support?.acknowledged).toBe(true);

    const [, danView, eveView] = await Promise.all([
      send(kim.socket, 'support:start', { personId: dan.id }),
      waitFor(dan.socket, 'session:changed', ({ view }) => view.support.rooms.length === 1),
      waitFor(eve.socket, 'session:changed', ({ view }) => view.support.rooms.length === 1),
    ]);
    expect(danView.view.support.rooms).toEqual([{ memberId: dan.id, staffId: kim.id, startedAt: expect.any(Number) }]);
    expect(eveView.view.support.rooms).toEqual([{ memberId: dan.id, staffId: null, startedAt: null }]);
    expect(seenByEve.every((s) => !s.includes('"signals":[{'))).toBe(true);
  });
});

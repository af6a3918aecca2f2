import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLiveKitStandIn, type LiveKitStandIn, type RecordedCall } from '../../server/test/support/livekit-standin.js';
import { RedisStore } from '../../server/src/store/redis-store.js';
import { launchBrowser, personContext, expectAccessible } from '../src/browser.js';
import { startServer, type ServerProcess, createSession, REDIS_PREFIX } from '../src/stack.js';
import type { SessionLinks } from '../src/pages/home-page.js';
import { PrejoinPage, type DeviceChoice } from '../src/pages/prejoin-page.js';
import { MemberRoom } from '../src/pages/member-room.js';
import { FacilitatorConsole } from '../src/pages/facilitator-console.js';

/**
 * Turn-taking in Chromium: a facilitator on a laptop, a co-therapist moderating from a
 * control console, and three members. The media server is the Twirp stand-in, so the
 * talking-piece permissions and mutes are checked where LiveKit would receive them.
 */

let livekit: LiveKitStandIn;
let server: ServerProcess;
let browser: Browser;
let sessionId: string;
let links: SessionLinks;
let rivera: FacilitatorConsole;
let kim: FacilitatorConsole;
let alice: MemberRoom;
let bob: MemberRoom;
let carmen: MemberRoom;
/** LiveKit identity of each person's camera device, by name. */
const identity: Record<string, string> = {};

const members = () => ({ Alice: alice, Bob: bob, Carmen: carmen });
const everyone = () => [alice, bob, carmen, rivera, kim];

async function open(link: string, name: string, device: DeviceChoice = 'Camera and microphone'): Promise<Page> {
  const { page } = await personContext(browser, server.url);
  const prejoin = new PrejoinPage(page);
  await prejoin.open(link);
  await prejoin.join(name, device);
  return page;
}

/** Every page shows the same queue, in this order. */
async function expectQueueEverywhere(names: string[]) {
  for (const room of everyone()) await expect.poll(() => room.queueNames()).toEqual(names);
}

async function expectSpeakerEverywhere(name: string | null) {
  for (const room of everyone()) {
    if (name === null) await expect.poll(() => room.speakerLine()).toBe('No one is speaking right now');
    else await expect.poll(() => room.speakerLine()).toMatch(new RegExp(`^Speaking now: ${name}( \\(you\\))?$`));
  }
}

const updates = (who: string) => () =>
  livekit.calls.filter((c) => c.method === 'UpdateParticipant' && c.identity === identity[who] && !c.error).map(sources);

function sources(call: RecordedCall): string[] {
  const permission = call.body.permission as { canPublishSources: string[] };
  return permission.canPublishSources;
}

beforeAll(async () => {
  livekit = await startLiveKitStandIn({ apiKey: 'devkey', apiSecret: 'secret' });
  server = await startServer({ livekitUrl: livekit.url });
  browser = await launchBrowser();
  ({ sessionId, links } = await createSession(server, { title: 'Thursday IOP group' }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await livekit?.close();
});

describe('turn-taking in Chromium', () => {
  it('brings in the facilitator, the co-therapist on a console, and three members', async () => {
    rivera = new FacilitatorConsole(await open(links.facilitator, 'Dr Rivera'));
    kim = new FacilitatorConsole(await open(links.cotherapist, 'Kim', 'Control console — no camera or microphone'));
    await rivera.waitUntilInRoom();
    await kim.waitUntilInRoom();
    await kim.page.getByText('This device is a control console').waitFor();

    alice = new MemberRoom(await open(links.member, 'Alice'));
    await alice.waitUntilWaiting();
    bob = new MemberRoom(await open(links.member, 'Bob'));
    await bob.waitUntilWaiting();
    carmen = new MemberRoom(await open(links.member, 'Carmen'));
    await carmen.waitUntilWaiting();
    for (const name of ['Alice', 'Bob', 'Carmen']) await rivera.waitForWaiting(name);
    await rivera.admitAll();
    for (const room of Object.values(members())) await room.waitUntilInRoom();
    for (const room of everyone()) await expect.poll(() => room.speakerLine()).toBe('No one is speaking right now');
  });

  it('puts every camera device in the media room (the stand-in), as LiveKit would once they connect', async () => {
    const store = await RedisStore.connect({ url: process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `${REDIS_PREFIX}:` });
    try {
      const state = await store.load(sessionId);
      expect(state?.mediaRoom).toBe(`circle-${sessionId}`);
      for (const person of Object.values(state?.people ?? {})) {
        for (const device of Object.values(person.devices)) {
          if (device.kind !== 'media') continue;
          identity[person.name] = `${person.id}.${device.id}`;
          const tag = person.name.replace(/\W/g, '').toLowerCase();
          livekit.addParticipant(state!.mediaRoom, {
            identity: identity[person.name]!,
            name: person.name,
            tracks: [
              { sid: `TR_mic_${tag}`, source: 'MICROPHONE' },
              { sid: `TR_cam_${tag}`, source: 'CAMERA' },
            ],
          });
        }
      }
    } finally {
      await store.close();
    }
    expect(Object.keys(identity).sort()).toEqual(['Alice', 'Bob', 'Carmen', 'Dr Rivera']);
  });

  it('shows raised hands in the order they went up, to everyone, with each member’s place', async () => {
    await alice.raiseHand();
    await expect.poll(() => rivera.queueNames()).toEqual(['Alice']);
    await carmen.raiseHand();
    await expect.poll(() => rivera.queueNames()).toEqual(['Alice', 'Carmen']);
    await bob.raiseHand();
    await expectQueueEverywhere(['Alice', 'Carmen', 'Bob']);
    await expect.poll(() => alice.ownPlace()).toBe('You are 1st in line');
    await expect.poll(() => carmen.ownPlace()).toBe('You are 2nd in line');
    await expect.poll(() => bob.ownPlace()).toBe('You are 3rd in line');
    await expectAccessible(carmen.page, 'member with a hand up');
    await expectAccessible(kim.page, 'co-therapist console with a queue');
  });

  it('lets staff reorder the queue, and everyone sees the new order', async () => {
    await rivera.moveUp('Bob');
    await expectQueueEverywhere(['Alice', 'Bob', 'Carmen']);
    await expect.poll(() => bob.ownPlace()).toBe('You are 2nd in line');
    await expect.poll(() => carmen.ownPlace()).toBe('You are 3rd in line');
    // Keyboard users keep their place on the button they pressed.
    await expect.poll(() => rivera.page.evaluate(() => document.activeElement?.textContent)).toBe('Move Bob up');
  });

  it('holds members’ microphones closed in talking-piece mode, staff untouched', async () => {
    await rivera.setTalkingPiece(true);
    await expect.poll(() => kim.talkingPieceSwitch().getAttribute('aria-checked')).toBe('true');
    for (const name of ['Alice', 'Bob', 'Carmen']) await expect.poll(updates(name)).toEqual([['CAMERA']]);
    expect(updates('Dr Rivera')()).toEqual([]);
    await expect.poll(() => alice.microphoneButton().isDisabled()).toBe(true);
    await alice.page.getByText('Talking-piece mode: your microphone opens when it is your turn. Use Raise hand to ask for a turn.').waitFor();
    await expect.poll(() => rivera.microphoneButton().isDisabled()).toBe(false);
    await expectAccessible(alice.page, 'member with the microphone held');
  });

  it('advances the queue for everyone from the co-therapist’s console, opening the speaker’s microphone', async () => {
    await kim.nextSpeaker();
    await expectSpeakerEverywhere('Alice');
    await expectQueueEverywhere(['Bob', 'Carmen']);
    await expect.poll(() => alice.ownPlace()).toBe('It is your turn to speak');
    await expect.poll(() => bob.ownPlace()).toBe('You are 1st in line');
    await expect.poll(updates('Alice')).toEqual([['CAMERA'], ['CAMERA', 'MICROPHONE']]);
    await expect.poll(() => alice.microphoneButton().isDisabled()).toBe(false);
    await expect.poll(() => bob.microphoneButton().isDisabled()).toBe(true);
    await expect.poll(() => rivera.notYetShared()).toEqual(['Bob', 'Carmen']);
  });

  it('closes the microphone again when the turn passes on, and opens the next one', async () => {
    await kim.nextSpeaker();
    await expectSpeakerEverywhere('Bob');
    await expect.poll(updates('Alice')).toEqual([['CAMERA'], ['CAMERA', 'MICROPHONE'], ['CAMERA']]);
    await expect.poll(updates('Bob')).toEqual([['CAMERA'], ['CAMERA', 'MICROPHONE']]);
    await expect.poll(() => alice.microphoneButton().isDisabled()).toBe(true);

    await rivera.endTurn();
    await expectSpeakerEverywhere(null);
    await expect.poll(updates('Bob')).toEqual([['CAMERA'], ['CAMERA', 'MICROPHONE'], ['CAMERA']]);
    expect(updates('Carmen')()).toEqual([['CAMERA']]);
    expect(updates('Dr Rivera')()).toEqual([]);

    await rivera.setTalkingPiece(false);
    for (const name of ['Alice', 'Bob', 'Carmen']) await expect.poll(() => updates(name)().at(-1)).toEqual(['CAMERA', 'MICROPHONE']);
    await expect.poll(() => alice.microphoneButton().isDisabled()).toBe(false);
    expect(updates('Dr Rivera')()).toEqual([]);
  });

  it('runs a go-round in roster order, where a member can pass', async () => {
    await kim.startGoRound();
    await expectQueueEverywhere(['Alice', 'Bob', 'Carmen']);
    await expect.poll(() => bob.turnButton('Pass').count()).toBe(1);
    await expectAccessible(rivera.page, 'facilitator during a go-round');

    await kim.nextSpeaker();
    await expectSpeakerEverywhere('Alice');
    await bob.pass();
    await expectQueueEverywhere(['Carmen']);
    await rivera.speakingQueue().getByText('Passed: Bob').waitFor();
    await expect.poll(() => bob.turnButton('Raise hand').count()).toBe(1);

    await kim.nextSpeaker();
    await expectSpeakerEverywhere('Carmen');
    await expect.poll(() => carmen.turnButton('Pass').count()).toBe(1);
    await kim.endTurn();
    await expectSpeakerEverywhere(null);
    // The round is over once no one from it is left.
    await rivera.page.getByRole('button', { name: 'Start go-round', exact: true }).waitFor();
    await expect.poll(() => rivera.notYetShared()).toEqual([]);
  });

  it('mutes every member’s microphone, and only theirs', async () => {
    await rivera.muteEveryone();
    const muted = () =>
      livekit.calls
        .filter((c) => c.method === 'MutePublishedTrack' && !c.error)
        .map((c) => `${c.identity} ${String(c.body.trackSid)}`)
        .sort();
    await expect
      .poll(muted)
      .toEqual([`${identity.Alice} TR_mic_alice`, `${identity.Bob} TR_mic_bob`, `${identity.Carmen} TR_mic_carmen`].sort());
    for (const room of Object.values(members())) {
      await room.notice('The facilitator muted you').waitFor();
      await expect.poll(() => room.microphoneButton().textContent()).toBe('Unmute microphone');
    }
    await expect.poll(() => rivera.microphoneButton().textContent()).toBe('Mute microphone');
    await expectAccessible(bob.page, 'member after being muted');
  });
});

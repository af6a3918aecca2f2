import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startLiveKitStandIn, type LiveKitStandIn } from '../../server/test/support/livekit-standin.js';
import { launchBrowser, personContext, expectAccessible } from '../src/browser.js';
import { startServer, type ServerProcess, createSession } from '../src/stack.js';
import type { SessionLinks } from '../src/pages/home-page.js';
import { PrejoinPage } from '../src/pages/prejoin-page.js';
import { MemberRoom } from '../src/pages/member-room.js';
import { FacilitatorConsole } from '../src/pages/facilitator-console.js';
import { BreakoutMember } from '../src/pages/breakout-member.js';
import { BreakoutConsole } from '../src/pages/breakout-console.js';

/**
 * Breakouts and the support room in Chromium: a facilitator and four members go into random
 * pairs, ask for help, write reflections (one shared, one private), come back to the shared
 * reflections; a member reloads mid-breakout; a member asks for support and is taken to a 1:1
 * room and back. The LiveKit stand-in shows devices taken out of the rooms they left.
 * Set SCREENSHOTS=<dir> to keep screenshots at 1100 and 375 px wide.
 */

const PROMPT = 'What did you notice you have in common?';
const SHARED = 'We both find the mornings hardest, and both walk to feel better.';
const PRIVATE = 'I felt left out at first and did not want to say so.';
const NAMES = ['Alice', 'Bob', 'Carol', 'Dan'] as const;
type Name = (typeof NAMES)[number];

let livekit: LiveKitStandIn;
let server: ServerProcess;
let browser: Browser;
let links: SessionLinks;
let sessionId: string;
let mainRoom: string;
let rivera: BreakoutConsole;
const members = {} as Record<Name, BreakoutMember>;
const shots = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;

async function newPage(): Promise<Page> {
  return (await personContext(browser, server.url)).page;
}

/** The whole page at 1100 and 375 px wide, and close-ups of the parts named. */
async function screenshot(page: Page, name: string, closeUps: Locator[] = []) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}-1100.png`), fullPage: true });
  for (const [i, part] of closeUps.entries()) await part.screenshot({ path: path.join(shots, `${name}-part${i + 1}-1100.png`) });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: path.join(shots, `${name}-375.png`), fullPage: true });
  for (const [i, part] of closeUps.entries()) await part.screenshot({ path: path.join(shots, `${name}-part${i + 1}-375.png`) });
  await page.setViewportSize({ width: 1100, height: 800 });
}

const allPages = () => [rivera.page, ...NAMES.map((n) => members[n].page)];

beforeAll(async () => {
  livekit = await startLiveKitStandIn({ apiKey: 'devkey', apiSecret: 'secret' });
  server = await startServer({ livekitUrl: livekit.url });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await livekit?.close();
});

describe('breakouts and the support room, in Chromium', () => {
  it('brings a facilitator and four members into the group', async () => {
    // Created over HTTP as an integration would: the home page has its own test.
    ({ sessionId, links } = await createSession(server, { title: 'Thursday process group' }));
    mainRoom = `circle-${sessionId}`;

    const facilitatorPage = await newPage();
    const prejoin = new PrejoinPage(facilitatorPage);
    await prejoin.open(links.facilitator);
    await prejoin.join('Dr Rivera');
    const console_ = new FacilitatorConsole(facilitatorPage);
    await console_.waitUntilInRoom();
    rivera = new BreakoutConsole(facilitatorPage);

    for (const name of NAMES) {
      const page = await newPage();
      const memberPrejoin = new PrejoinPage(page);
      await memberPrejoin.open(links.member);
      await memberPrejoin.join(name);
      await new MemberRoom(page).waitUntilWaiting();
      await console_.waitForWaiting(name);
      members[name] = new BreakoutMember(page);
    }
    await console_.admitAll();
    for (const name of NAMES) await new MemberRoom(members[name].page).waitUntilInRoom();
  });

  it('offers the facilitator a setup panel for breakouts', async () => {
    await rivera.openSetup();
    const setup = rivera.setup();
    expect(await setup.getByLabel('Reflection prompt').inputValue()).toBe(PROMPT);
    await setup.getByRole('radio', { name: 'Manual', exact: true }).check();
    for (const name of NAMES) await setup.getByLabel(`Room for ${name}`).waitFor();
    await expectAccessible(rivera.page, 'breakout setup (manual)');
    await screenshot(rivera.page, 'staff-setup', [rivera.panel()]);
    // A refusal is shown in words, and nothing starts.
    await setup.getByLabel('Minutes').fill('90');
    await setup.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => setup.getByRole('alert').textContent()).toMatch(/1 to 60/);
  });

  it('splits everyone into random pairs: each member sees the prompt, their partner and the time left', async () => {
    const identities = Object.fromEntries(await Promise.all(NAMES.map(async (n) => [n, await members[n].mediaIdentity(sessionId)]))) as Record<Name, string>;
    // Alice's device is in the group's LiveKit room as far as the stand-in knows.
    livekit.addParticipant(mainRoom, { identity: identities.Alice });

    await rivera.startBreakouts({ size: 'Pairs', minutes: 10 });
    const rooms = await rivera.rooms();
    expect(rooms.map((r) => r.name)).toEqual(['Room 1', 'Room 2']);
    expect(rooms.flatMap((r) => r.people).sort()).toEqual([...NAMES]);

    for (const name of NAMES) {
      const member = members[name];
      await member.waitUntilInBreakout();
      expect(await member.prompt()).toBe(PROMPT);
      await expect.poll(() => member.timer().textContent()).toMatch(/^(10:00|9:[0-5]\d) left$/);
      const room = rooms.find((r) => r.people.includes(name));
      const partner = room?.people.find((p) => p !== name);
      expect(await member.together()).toBe(`You are with ${partner}`);
      expect(await member.roomName()).toBe(room?.name);
    }

    // Every moved device is taken out of the group's room at LiveKit, after its new token went out.
    const removed = await livekit.waitForCall((c) => c.method === 'RemoveParticipant' && c.identity === identities.Alice);
    expect(removed.room).toBe(mainRoom);
    expect(removed.error).toBeUndefined();
    expect(livekit.participants(mainRoom).map((p) => p.identity)).not.toContain(identities.Alice);
    for (const name of NAMES) {
      await livekit.waitForCall((c) => c.method === 'RemoveParticipant' && c.identity === identities[name] && c.room === mainRoom);
    }

    await expectAccessible(members.Alice.page, 'member in a breakout');
    await expectAccessible(rivera.page, 'staff with breakouts running');
    await screenshot(members.Alice.page, 'member-breakout');
  });

  it('shows staff which room asked for help', async () => {
    const room = await members.Bob.roomName();
    await members.Bob.askForHelp();
    const line = rivera.helpRequested().getByRole('listitem').filter({ hasText: `${room} asked for help` });
    await line.waitFor();
    await expectAccessible(rivera.page, 'staff with a help request');
    await screenshot(rivera.page, 'staff-running-help', [rivera.helpRequested(), rivera.panel()]);
    await rivera.acknowledgeHelp(room);
  });

  it('sends a message to every room', async () => {
    await rivera.broadcast('Two more minutes on this, then think about a reflection.');
    for (const name of NAMES) await members[name].panel().getByText('Two more minutes on this').waitFor();
  });

  it('keeps one reflection shared and another private', async () => {
    await members.Alice.writeReflection(SHARED, true);
    await members.Bob.writeReflection(PRIVATE, false);
  });

  it('brings a member who reloads back into the same breakout, with the same partner', async () => {
    const before = await members.Carol.together();
    const room = await members.Carol.roomName();
    await members.Carol.page.reload();
    await members.Carol.waitUntilInBreakout();
    expect(await members.Carol.together()).toBe(before);
    expect(await members.Carol.roomName()).toBe(room);
    // Their own private draft of the round comes back too; here Bob's does.
    await members.Bob.page.reload();
    await members.Bob.waitUntilInBreakout();
    expect(await members.Bob.panel().getByLabel('Your reflection').inputValue()).toBe(PRIVATE);
    await expectAccessible(members.Carol.page, 'member after a reload in a breakout');
  });

  it('moves the facilitator in and out of a room, and a member to another room, out of the old rooms at LiveKit', async () => {
    const riveraIdentity = await rivera.mediaIdentity(sessionId);
    await rivera.visit('Room 1');
    await livekit.waitForCall((c) => c.method === 'RemoveParticipant' && c.identity === riveraIdentity && c.room === mainRoom);
    await rivera.returnToMainRoom();
    await livekit.waitForCall((c) => c.method === 'RemoveParticipant' && c.identity === riveraIdentity && c.room === `${mainRoom}-r1`);

    const danRoom = await members.Dan.roomName();
    const other = danRoom === 'Room 1' ? 'Room 2' : 'Room 1';
    const danIdentity = await members.Dan.mediaIdentity(sessionId);
    await rivera.move('Dan', other);
    await expect.poll(() => members.Dan.roomName()).toBe(other);
    const oldRoom = `${mainRoom}-r${danRoom.replace('Room ', '')}`;
    await livekit.waitForCall((c) => c.method === 'RemoveParticipant' && c.identity === danIdentity && c.room === oldRoom);
    await expect.poll(() => members.Dan.together()).toMatch(/^You are with \w+ and \w+$/);
  });

  it('closes the breakouts: everyone returns and sees only the shared reflection', async () => {
    await rivera.closeBreakouts();
    for (const name of NAMES) await members[name].waitUntilBackInMainRoom();
    for (const page of allPages()) {
      const shared = new BreakoutMember(page).sharedReflections();
      await shared.getByText(SHARED).waitFor();
      await shared.getByText('— Alice').waitFor();
      expect(await shared.getByRole('listitem').count()).toBe(1);
    }
    for (const page of allPages()) expect(await page.content()).not.toContain(PRIVATE);
    expect(await rivera.page.content()).not.toContain('Bob kept');
    await expectAccessible(members.Carol.page, 'member with shared reflections');
    await screenshot(members.Carol.page, 'member-shared-reflections');
  });

  it('takes a member who needs support to a 1:1 room and back', async () => {
    const dan = members.Dan;
    const danIdentity = await dan.mediaIdentity(sessionId);
    await dan.needSupport();
    await dan.supportStatus('Staff have been told. Someone will be with you soon.').waitFor();
    await expect.poll(() => rivera.supportSignal('Dan').textContent()).toMatch(/Dan needs support — (just now|1 min ago)/);
    await expectAccessible(rivera.page, 'staff with a support signal');
    await screenshot(rivera.page, 'staff-support-signal', [rivera.supportRequested()]);
    // Nobody else learns of it.
    for (const name of ['Alice', 'Bob', 'Carol'] as const) expect(await members[name].page.getByText('needs support').count()).toBe(0);

    await rivera.acknowledgeSupport('Dan');
    // The member learns it from their own self view (self.support), which the server pushes with self:changed.
    await dan.supportStatus('A facilitator has seen your request').waitFor();

    await rivera.takeToSupportRoom('Dan');
    await dan.supportRoom().waitFor();
    expect(await dan.supportRoom().getByRole('heading').textContent()).toMatch(/^Support room with /);
    for (const name of ['Alice', 'Bob', 'Carol'] as const) await members[name].steppedOut('Dan').waitFor();
    expect(await members.Alice.page.getByText('Support room').count()).toBe(0);
    await livekit.waitForCall((c) => c.method === 'RemoveParticipant' && c.identity === danIdentity && c.room === mainRoom);
    await expectAccessible(dan.page, 'member in the support room');
    await expectAccessible(members.Alice.page, 'member while someone stepped out');
    await screenshot(dan.page, 'member-support-room');
    await screenshot(rivera.page, 'staff-support-room', [rivera.page.getByRole('region', { name: 'Support room with Dan', exact: true })]);
    await screenshot(members.Alice.page, 'member-stepped-out');

    // Carol asks while the facilitator is with Dan: she sees it, and why she cannot take Carol yet.
    await members.Carol.needSupport();
    const takeCarol = rivera.supportSignal('Carol').getByRole('button', { name: 'Take Carol to support room', exact: true });
    await expect.poll(() => takeCarol.getAttribute('aria-disabled')).toBe('true');
    const description = () => takeCarol.evaluate((button) => document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(await description()).toBe('You are in a support room now; return that member to the group first.');

    await rivera.returnToGroup('Dan');
    await expect.poll(() => takeCarol.getAttribute('aria-disabled')).toBeNull();
    expect(await description()).toBe('');
    await dan.supportRoom().waitFor({ state: 'detached' });
    await members.Alice.steppedOut('Dan').waitFor({ state: 'detached' });
    await livekit.waitForCall((c) => c.method === 'RemoveParticipant' && c.identity === danIdentity && c.room === `${mainRoom}-support-${danIdentity.split('.')[0]}`);
    await dan.supportStatus(/Staff have been told|has seen your request/).waitFor({ state: 'detached' });
  });
});

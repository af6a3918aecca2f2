import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLiveKitStandIn, type LiveKitStandIn } from '../../server/test/support/livekit-standin.js';
import { launchBrowser, personContext, expectAccessible } from '../src/browser.js';
import { startServer, type ServerProcess } from '../src/stack.js';
import { HomePage, type SessionLinks } from '../src/pages/home-page.js';
import { PrejoinPage } from '../src/pages/prejoin-page.js';
import { MemberRoom } from '../src/pages/member-room.js';
import { FacilitatorConsole } from '../src/pages/facilitator-console.js';

let livekit: LiveKitStandIn;
let server: ServerProcess;
let browser: Browser;
let links: SessionLinks;
let rivera: FacilitatorConsole;
let alice: MemberRoom;
let bob: MemberRoom;
const joinToRoomMs: number[] = [];

async function newPage(): Promise<Page> {
  return (await personContext(browser, server.url)).page;
}

beforeAll(async () => {
  livekit = await startLiveKitStandIn({ apiKey: 'devkey', apiSecret: 'secret' });
  server = await startServer({ livekitUrl: livekit.url });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await livekit?.close();
  if (joinToRoomMs.length) console.log(`Join → room page: ${joinToRoomMs.map((ms) => `${ms} ms`).join(', ')}`);
});

describe('joining a session through the waiting room, in Chromium', () => {
  it('lets the facilitator create a session on the home page', async () => {
    const page = await newPage();
    const home = new HomePage(page);
    await home.open();
    await expectAccessible(page, 'home');
    links = await home.createSession(server.adminKey, 'Tuesday DBT skills');
    for (const link of Object.values(links)) expect(link).toMatch(new RegExp(`^${server.url}/join#`));
    await expectAccessible(page, 'home with links');
  });

  it('takes the facilitator straight into the room', async () => {
    const page = await newPage();
    const prejoin = new PrejoinPage(page);
    await prejoin.open(links.facilitator);
    await prejoin.join('Dr Rivera');
    rivera = new FacilitatorConsole(page);
    await rivera.waitUntilInRoom();
    await rivera.waitingRoom().waitFor();
    await expectAccessible(page, 'facilitator room');
  });

  it('puts two members in the waiting room after the prejoin', async () => {
    const alicePage = await newPage();
    const prejoin = new PrejoinPage(alicePage);
    await prejoin.open(links.member);
    await expect.poll(() => prejoin.page.getByRole('button', { name: 'Join' }).isDisabled()).toBe(true);
    await expect.poll(() => alicePage.locator('video').count()).toBeGreaterThan(0);
    await expectAccessible(alicePage, 'prejoin');
    await prejoin.join('Alice');
    alice = new MemberRoom(alicePage);
    await alice.waitUntilWaiting();
    await expectAccessible(alicePage, 'waiting');

    const bobPage = await newPage();
    const bobPrejoin = new PrejoinPage(bobPage);
    await bobPrejoin.open(links.member);
    await bobPrejoin.join('Bob');
    bob = new MemberRoom(bobPage);
    await bob.waitUntilWaiting();

    await rivera.waitForWaiting('Alice');
    await rivera.waitForWaiting('Bob');
  });

  it('refuses a second member with a name already taken, with a message', async () => {
    const page = await newPage();
    const prejoin = new PrejoinPage(page);
    await prejoin.open(links.member);
    await prejoin.join('alice');
    await expect.poll(() => prejoin.alert().textContent()).toMatch(/already called/);
    await page.context().close();
  });

  it('admits Alice, then everyone else with Admit all', async () => {
    const started = Date.now();
    await rivera.admit('Alice');
    await alice.waitUntilInRoom();
    joinToRoomMs.push(Date.now() - started);
    await rivera.admitAll();
    await bob.waitUntilInRoom();
    await expect.poll(() => alice.participants().getByText('Bob').count()).toBeGreaterThan(0);
    await expectAccessible(alice.page, 'member room');
  });

  it('says plainly that video is unavailable when LiveKit cannot be reached', async () => {
    await alice.page.getByText(/Video is unavailable/).waitFor();
  });

  it('sends Bob back to the waiting room and admits him again', async () => {
    await rivera.sendToWaitingRoom('Bob');
    await bob.waitUntilWaiting();
    await rivera.admit('Bob');
    await bob.waitUntilInRoom();
  });

  it('brings Alice back after a reload without a second admission', async () => {
    await alice.page.reload();
    await alice.waitUntilInRoom();
    await expect.poll(() => rivera.waitingRoom().getByRole('button', { name: 'Admit Alice' }).count()).toBe(0);
  });

  it('joins Alice from a second device as the same person, as a console, without waiting', async () => {
    await alice.page.getByText('Join from another device').click();
    const personal = (await alice.page.getByLabel('Your personal link').textContent())?.trim() ?? '';
    expect(personal).toMatch(new RegExp(`^${server.url}/join#`));
    const tablet = await newPage();
    const prejoin = new PrejoinPage(tablet);
    await prejoin.open(personal);
    await expect.poll(() => tablet.getByLabel('Your name').inputValue()).toBe('Alice');
    await prejoin.join('Alice', 'Control console — no camera or microphone');
    await new MemberRoom(tablet).waitUntilInRoom();
    // One person with two devices: one row, one set of controls.
    await expect.poll(() => rivera.page.getByRole('button', { name: 'Send Alice to waiting room' }).count()).toBe(1);
    await tablet.context().close();
  });

  it('removes Bob, who cannot come back with the link', async () => {
    await rivera.remove('Bob');
    await bob.page.getByText('You have been removed from this session').waitFor();
    await bob.page.goto(links.member);
    await bob.page.reload();
    await expect.poll(() => bob.page.getByRole('button', { name: 'Join' }).count()).toBe(0);
    await bob.page.getByText(/removed/).first().waitFor();
    await expect.poll(() => rivera.participants().getByText('Bob').count()).toBe(0);
  });

  it('locks the session so nobody new reaches the waiting room, and unlocks it', async () => {
    await rivera.page.getByRole('switch', { name: 'Lock session' }).click();
    await expect.poll(() => rivera.page.getByRole('switch', { name: 'Lock session' }).getAttribute('aria-checked')).toBe('true');
    const stranger = await newPage();
    await stranger.goto(links.member);
    await stranger.getByText(/locked/i).first().waitFor();
    expect(await stranger.getByLabel('Your name').count()).toBe(0);
    await rivera.page.getByRole('switch', { name: 'Lock session' }).click();
    await expect.poll(() => rivera.page.getByRole('switch', { name: 'Lock session' }).getAttribute('aria-checked')).toBe('false');
    await stranger.reload();
    await stranger.getByLabel('Your name').waitFor();
    await stranger.context().close();
  });

  it('issues a fresh member link that replaces the old one', async () => {
    await rivera.page.getByRole('button', { name: 'New member link' }).click();
    const fresh = (await rivera.page.getByLabel('New member link').textContent())?.trim() ?? '';
    expect(fresh).toMatch(new RegExp(`^${server.url}/join#`));
    const late = await newPage();
    await late.goto(links.member);
    await late.getByRole('heading', { name: 'This link is not valid' }).waitFor();
    const invited = await newPage();
    await invited.goto(fresh);
    await invited.getByLabel('Your name').waitFor();
    await invited.context().close();
    // Alice, already in with her personal link, is not affected.
    await alice.page.reload();
    await alice.waitUntilInRoom();
    await late.context().close();
  });

  it('shows a clear page for a tampered link and creates nothing', async () => {
    const page = await newPage();
    const tampered = links.member.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await page.goto(tampered);
    await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
    await expectAccessible(page, 'invalid link');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { startLiveKitStandIn, type LiveKitStandIn } from '../../server/test/support/livekit-standin.js';
import { TcpProxy } from '../../server/test/reliability/support/tcp-proxy.js';
import { expectAccessible, launchBrowser, personContext } from '../src/browser.js';
import { createSession, startServer, type ServerProcess } from '../src/stack.js';
import { PrejoinPage } from '../src/pages/prejoin-page.js';
import { MemberRoom } from '../src/pages/member-room.js';
import { FacilitatorConsole } from '../src/pages/facilitator-console.js';

// Redis goes away for a while, as when it restarts: the server reaches it through a proxy whose
// connections the test cuts. What members see then, in Chromium, and that they get back in.

const REDIS_PORT = Number(new URL(process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379').port || 6379);

let livekit: LiveKitStandIn;
let redis: TcpProxy;
let server: ServerProcess;
let browser: Browser;
let link: string;
let facilitatorLink: string;
let alice: { context: BrowserContext; room: MemberRoom };

beforeAll(async () => {
  livekit = await startLiveKitStandIn({ apiKey: 'devkey', apiSecret: 'secret' });
  redis = await new TcpProxy(() => [REDIS_PORT]).start();
  server = await startServer({ livekitUrl: livekit.url, redisUrl: `redis://127.0.0.1:${redis.port}` });
  browser = await launchBrowser();
  ({ member: link, facilitator: facilitatorLink } = (await createSession(server, { title: 'Wednesday process group' })).links);
});

afterAll(async () => {
  redis?.restore();
  await browser?.close();
  await server?.stop();
  await redis?.close();
  await livekit?.close();
});

/** Presses `button` until `done` shows: the server's store reconnects within seconds of the restore. */
async function pressUntil(button: Locator, done: Locator): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await done.isVisible()) return true;
        await button.click({ timeout: 1000 }).catch(() => {});
        return false;
      },
      { timeout: 15_000, interval: 500 },
    )
    .toBe(true);
}

describe('while Redis is away, in Chromium', () => {
  it('has a member in the waiting room', async () => {
    const { context, page } = await personContext(browser, server.url);
    const prejoin = new PrejoinPage(page);
    await prejoin.open(link);
    await prejoin.join('Alice');
    alice = { context, room: new MemberRoom(page) };
    await alice.room.waitUntilWaiting();
  });

  it('says Circle cannot open a link just now, with a way to try again, not that the link is bad; and keeps who she is', async () => {
    redis.cut();
    // Alice opens her link again in another tab: her browser knows her personal token.
    const page = await alice.context.newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: "Circle can't open your link right now" }).waitFor();
    await expect(page.getByText('Circle is temporarily unavailable').count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: 'This link is not valid' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'Circle busy');

    redis.restore();
    await pressUntil(page.getByRole('button', { name: 'Try again' }), page.getByLabel('Your name'));
    // Still Alice, not someone new: the token the outage could not check was kept.
    await expect(page.getByLabel('Your name').inputValue()).resolves.toBe('Alice');
    await page.close();
  });

  it('takes a member who reloads while it is away back in once it returns, instead of closing on her', async () => {
    redis.cut();
    const refusedBefore = server.output.join('').split('handshake failed').length;
    await alice.room.page.reload();
    await alice.room.page.getByText(/Taking you back to the session|Reconnecting/).waitFor();
    // The server turned her handshake down for want of Redis: the case the client must outlast.
    await expect.poll(() => server.output.join('').split('handshake failed').length, { timeout: 10_000 }).toBeGreaterThan(refusedBefore);

    redis.restore();
    await alice.room.waitUntilWaiting();
  });

  it('answers a hand raised meanwhile "temporarily unavailable" and leaves it down, then takes it once Redis is back', async () => {
    const { page } = await personContext(browser, server.url);
    const prejoin = new PrejoinPage(page);
    await prejoin.open(facilitatorLink);
    await prejoin.join('Dr Rivera');
    const rivera = new FacilitatorConsole(page);
    await rivera.waitUntilInRoom();
    await rivera.waitForWaiting('Alice');
    await rivera.admitAll();
    await alice.room.waitUntilInRoom();

    redis.cut();
    await alice.room.turnButton('Raise hand').click();
    await alice.room.page.getByRole('alert').filter({ hasText: 'temporarily unavailable' }).waitFor();
    await expect(alice.room.turnButton('Raise hand').isVisible()).resolves.toBe(true);
    await expect(rivera.queueNames()).resolves.toEqual([]);

    redis.restore();
    await pressUntil(alice.room.turnButton('Raise hand'), alice.room.turnButton('Lower hand'));
    await expect.poll(() => rivera.queueNames()).toEqual(['Alice']);
  });
});

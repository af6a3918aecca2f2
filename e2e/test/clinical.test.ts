import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLiveKitStandIn, type LiveKitStandIn } from '../../server/test/support/livekit-standin.js';
import { launchBrowser, personContext, expectAccessible } from '../src/browser.js';
import { startServer, type ServerProcess, createSession } from '../src/stack.js';
import type { SessionLinks } from '../src/pages/home-page.js';
import { PrejoinPage, type DeviceChoice } from '../src/pages/prejoin-page.js';
import { ClinicalMember } from '../src/pages/clinical-member.js';
import { ClinicalStaff } from '../src/pages/clinical-staff.js';

/**
 * A hybrid clinical session in Chromium: Dr Rivera facilitates from a laptop with two people
 * sitting with her (Carol and Dev, added by name), Kim co-facilitates from a control console,
 * Alice and Bob join online, and Olu observes. Check-in and check-out, staff notes, the end
 * of the session and the attendance record, checked on every page that should (and should
 * not) see them.
 */

let livekit: LiveKitStandIn;
let server: ServerProcess;
let browser: Browser;
let sessionId: string;
let links: SessionLinks;
let rivera: ClinicalStaff;
let kim: ClinicalStaff;
let alice: ClinicalMember;
let bob: ClinicalMember;
let olu: ClinicalMember;
let exported: { fileName: string; csv: string };

const TITLE = 'Wednesday IOP group';
const NOTE = 'Alice arrived late; check in with her after group.';

const staff = () => [rivera, kim];
const members = () => [alice, bob];
const everyone = () => [rivera.shared, kim.shared, alice, bob, olu];

async function open(link: string, name: string, options: { device?: DeviceChoice; location?: [string, string] } = {}): Promise<Page> {
  const { page } = await personContext(browser, server.url);
  const prejoin = new PrejoinPage(page);
  await prejoin.open(link);
  if (options.location) await prejoin.fillLocation(...options.location);
  await prejoin.join(name, options.device);
  return page;
}

/** RFC 4180 as the server writes it: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

type Sheet = { header: Map<string, string>; people: Record<string, string>[] };

/** The header block (label → value), then one record per person keyed by column name. */
function readSheet(csv: string): Sheet {
  const rows = parseCsv(csv);
  const columnsAt = rows.findIndex((r) => r[0] === 'Name');
  expect(columnsAt).toBeGreaterThan(0);
  const header = new Map(rows.slice(0, columnsAt).filter((r) => r.length === 2).map((r) => [r[0]!, r[1]!] as const));
  const columns = rows[columnsAt]!;
  const people = rows.slice(columnsAt + 1).map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? ''])));
  return { header, people };
}

/** Who was there, as the record must say: cell by cell for the columns that do not depend on the clock. */
const EXPECTED = [
  { Name: 'Dr Rivera', Role: 'Facilitator', Attended: 'online', 'Agreed to group agreement': 'yes', 'Check-in (0-10)': '', 'Check-out (0-10)': '', 'Turns taken': '0' },
  { Name: 'Kim', Role: 'Co-therapist', Attended: 'online', 'Agreed to group agreement': 'yes', 'Check-in (0-10)': '', 'Check-out (0-10)': '', 'Turns taken': '0' },
  { Name: 'Alice', Role: 'Member', Attended: 'online', 'Agreed to group agreement': 'yes', 'Check-in (0-10)': '4', 'Check-out (0-10)': '6', 'Turns taken': '0' },
  { Name: 'Bob', Role: 'Member', Attended: 'online', 'Agreed to group agreement': 'yes', 'Check-in (0-10)': '7', 'Check-out (0-10)': '5', 'Turns taken': '0' },
  { Name: 'Olu', Role: 'Observer', Attended: 'online', 'Agreed to group agreement': 'yes', 'Check-in (0-10)': '', 'Check-out (0-10)': '', 'Turns taken': '0' },
  // In the room: they agree in person, so Circle has no agreement on record for them.
  { Name: 'Carol', Role: 'Member', Attended: 'in the room', 'Agreed to group agreement': 'no', 'Check-in (0-10)': '5', 'Check-out (0-10)': '5', 'Turns taken': '1' },
  { Name: 'Dev', Role: 'Member', Attended: 'in the room', 'Agreed to group agreement': 'no', 'Check-in (0-10)': '', 'Check-out (0-10)': '', 'Turns taken': '0' },
];

function expectPeople(sheet: Sheet, where: string) {
  expect(sheet.people.map((p) => p.Name), where).toEqual(EXPECTED.map((p) => p.Name));
  for (const expected of EXPECTED) {
    const row = sheet.people.find((p) => p.Name === expected.Name)!;
    for (const [column, value] of Object.entries(expected)) expect(row[column], `${where}: ${expected.Name}, ${column}`).toBe(value);
    expect(row['First join'], `${where}: ${expected.Name} first join`).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(row['Minutes present'], `${where}: ${expected.Name} minutes`).toMatch(/^\d+$/);
    if (expected['Agreed to group agreement'] === 'yes') expect(row['Agreed at']).toMatch(/^\d{4}-\d\d-\d\dT/);
    else expect(row['Agreed at']).toBe('');
  }
}

beforeAll(async () => {
  livekit = await startLiveKitStandIn({ apiKey: 'devkey', apiSecret: 'secret' });
  server = await startServer({ livekitUrl: livekit.url });
  browser = await launchBrowser();
  ({ sessionId, links } = await createSession(server, { title: TITLE, plannedMinutes: 90 }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await livekit?.close();
});

describe('a hybrid clinical session in Chromium', () => {
  it('asks members, and only members, where they are, saying why', async () => {
    const { page } = await personContext(browser, server.url);
    const prejoin = new PrejoinPage(page);
    await prejoin.open(links.member);
    await page.getByText('Your care team needs this in an emergency. Only staff see it.').waitFor();
    await expectAccessible(page, 'member prejoin with location');
    // A region without a city cannot find anyone: said before joining.
    await page.getByLabel('State or region', { exact: true }).fill('Oregon');
    await page.getByLabel('Your name').fill('Test');
    await page.getByLabel('I agree to the group agreement').check();
    await page.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => prejoin.alert().textContent()).toBe('Please enter your city too, or leave both fields empty.');
    await expect.poll(() => page.getByLabel('City', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.context().close();

    const observer = (await personContext(browser, server.url)).page;
    await new PrejoinPage(observer).open(links.observer);
    expect(await observer.getByLabel('City', { exact: true }).count()).toBe(0);
    await observer.context().close();
  });

  it('brings in the facilitator, a co-therapist on a console, two members (one gives a location) and an observer', async () => {
    rivera = new ClinicalStaff(await open(links.facilitator, 'Dr Rivera'));
    kim = new ClinicalStaff(await open(links.cotherapist, 'Kim', { device: 'Control console — no camera or microphone' }));
    await rivera.waitUntilInRoom();
    await kim.waitUntilInRoom();

    alice = new ClinicalMember(await open(links.member, 'Alice', { location: ['Portland', 'Oregon'] }));
    bob = new ClinicalMember(await open(links.member, 'Bob'));
    olu = new ClinicalMember(await open(links.observer, 'Olu'));
    for (const name of ['Alice', 'Bob', 'Olu']) await rivera.waitForWaiting(name);
    await rivera.admitAll();
    for (const room of [alice, bob, olu]) await room.waitUntilInRoom();
  });

  it('tells every member an observer is present, and only staff where members are', async () => {
    for (const room of members()) await expect.poll(() => room.observerNotice().textContent()).toBe('An observer is present: Olu.');
    await expect.poll(() => olu.observerNotice().textContent()).toMatch(/^You are observing: the group can see that you are here/);
    for (const room of staff()) await expect.poll(() => room.locations()).toEqual(['Alice: Portland, Oregon', 'Bob: not given']);
    for (const room of [alice, bob, olu]) {
      expect(await room.page.getByRole('region', { name: 'Member locations' }).count()).toBe(0);
      expect(await room.page.content()).not.toContain('Portland');
    }
    await expectAccessible(alice.page, 'member room with an observer');
  });

  it('shows everyone the session clock and phase; staff move on and edit the agenda', async () => {
    for (const room of everyone()) {
      await expect.poll(() => room.clockText()).toMatch(/^\d+ min of 90$/);
      await expect.poll(() => room.phaseText()).toBe('Now: Check-in (1 of 5)');
    }
    await rivera.nextPhase();
    for (const room of everyone()) await expect.poll(() => room.phaseText()).toBe('Now: Sharing (2 of 5)');
    await expect.poll(() => kim.agendaPhases()).toEqual(['Check-in', 'Sharing (now)', 'Skills', 'Reflection', 'Check-out']);

    // An empty line is a phase without a name: refused here, with the line it is on.
    await rivera.editAgenda('Check-in\n\nSkills: grounding\nCheck-out');
    await expect.poll(() => rivera.agenda().getByRole('alert').textContent()).toBe('Line 2 is empty. Give every phase a name, or remove the empty line.');
    await expect.poll(() => rivera.agenda().getByLabel('Phases, one per line').getAttribute('aria-invalid')).toBe('true');
    await rivera.editAgenda('Check-in\nSharing\nSkills: grounding\nCheck-out\n');
    await expect.poll(() => kim.agendaPhases()).toEqual(['Check-in', 'Sharing (now)', 'Skills: grounding', 'Check-out']);
    for (const room of everyone()) await expect.poll(() => room.phaseText()).toBe('Now: Sharing (2 of 4)');

    await kim.goToPhase('Check-in');
    for (const room of everyone()) await expect.poll(() => room.phaseText()).toBe('Now: Check-in (1 of 4)');
    expect(await alice.page.getByRole('region', { name: 'Agenda' }).count()).toBe(0);
    await expectAccessible(rivera.page, 'facilitator room with the agenda editor');
  });

  it('adds two people sitting in the room, who take turns like everyone else', async () => {
    await rivera.addInRoomMember('Carol');
    await rivera.addInRoomMember('Dev');
    for (const room of [alice, kim]) {
      const carol = room.participants().getByRole('listitem').filter({ hasText: 'Carol' });
      await expect.poll(() => carol.textContent()).toContain('In the room');
    }
    await expectAccessible(rivera.page, 'facilitator with the in-room form open');

    await rivera.raiseHandFor('Carol');
    for (const room of [...everyone()]) await expect.poll(() => room.queueNames()).toEqual(['Carol']);
    await kim.participants().getByRole('button', { name: 'Lower hand for Carol', exact: true }).waitFor();
    await rivera.nextSpeaker();
    for (const room of everyone()) await expect.poll(() => room.speakerLine()).toBe('Speaking now: Carol');
    await rivera.endTurn();
    for (const room of everyone()) await expect.poll(() => room.speakerLine()).toBe('No one is speaking right now');
  });

  it('check-in: members answer privately; staff see every answer and the spread', async () => {
    await rivera.openCheckIn();
    for (const room of members()) await room.feelingsCheck().waitFor();
    await alice.page.getByText('Only the facilitators see your answer.').waitFor();
    await expectAccessible(alice.page, 'member with the check-in open');
    expect(await olu.feelingsCheck().count()).toBe(0);
    for (const room of staff()) expect(await room.shared.feelingsCheck().count()).toBe(0);

    await alice.answerFeeling(4);
    await bob.answerFeeling(7);
    await rivera.answerFor('Carol', 5);
    const lines = ['Alice 4', 'Bob 7', 'Carol 5', 'Dev no answer yet'];
    for (const room of staff()) {
      await expect.poll(() => room.feelingLines()).toEqual(lines);
      await expect.poll(() => room.spreadLines()).toEqual(['Check-in: 3 answers · lowest 4 · highest 7 · average 5.3']);
    }
    await rivera.feelings().getByText('Check-in is open: 3 of 4 members have answered.').waitFor();
    await expectAccessible(rivera.page, 'facilitator with check-in answers');

    // A member sees their own answer, never another's, nor the group's spread.
    for (const [room, own, other] of [[alice, 4, 7], [bob, 7, 4]] as const) {
      await expect.poll(() => room.feelingsCheck().getByRole('radio', { name: String(own), exact: true }).isChecked()).toBe(true);
      expect(await room.feelingsCheck().getByRole('radio', { name: String(other), exact: true }).isChecked()).toBe(false);
      const text = await room.visibleText();
      expect(text).toContain(`Sent: ${own}.`);
      expect(text).not.toContain(`Sent: ${other}.`);
      expect(text).not.toMatch(/answers · lowest|average|Alice 4|Bob 7|Carol 5/);
      expect(await room.page.getByRole('region', { name: 'Check-in and check-out' }).count()).toBe(0);
    }
    expect(await olu.visibleText()).not.toMatch(/average|Alice 4|Bob 7/);

    await rivera.closeFeelings();
    for (const room of members()) await expect.poll(() => room.feelingsCheck().count()).toBe(0);
  });

  it('keeps staff notes on staff devices (the console too), never on members’ or the observer’s', async () => {
    await rivera.addNote(NOTE);
    for (const room of staff()) await expect.poll(() => room.noteTexts()).toEqual([NOTE]);
    await expect.poll(() => kim.staffNotes().locator('.note-meta').textContent()).toMatch(/· Dr Rivera$/);
    for (const room of [alice, bob, olu]) {
      expect(await room.page.getByRole('region', { name: 'Staff notes' }).count()).toBe(0);
      expect(await room.visibleText()).not.toContain('arrived late');
      expect(await room.page.content()).not.toContain('arrived late');
    }
    await expectAccessible(kim.page, 'co-therapist console with a note');
  });

  it('check-out: staff see each member’s change since check-in', async () => {
    await kim.openCheckOut();
    for (const room of members()) await room.feelingsCheck().waitFor();
    await alice.answerFeeling(6);
    await bob.answerFeeling(5);
    await kim.answerFor('Carol', 5);
    for (const room of staff()) {
      await expect.poll(() => room.feelingLines()).toEqual(['Alice 4 → 6 (+2)', 'Bob 7 → 5 (−2)', 'Carol 5 → 5 (no change)', 'Dev no answer yet']);
      await expect.poll(() => room.spreadLines()).toEqual([
        'Check-in: 3 answers · lowest 4 · highest 7 · average 5.3',
        'Check-out: 3 answers · lowest 5 · highest 6 · average 5.3',
      ]);
    }
    for (const room of members()) expect(await room.visibleText()).not.toMatch(/→|\(\+2\)|no change/);
    await rivera.closeFeelings();
  });

  it('exports attendance as a CSV download, person by person', async () => {
    exported = await rivera.exportAttendance();
    expect(exported.fileName).toBe(`attendance-${sessionId}.csv`);
    const sheet = readSheet(exported.csv);
    expect(sheet.header.get('Session')).toBe(TITLE);
    expect(sheet.header.get('Session id')).toBe(sessionId);
    expect(sheet.header.get('Planned (minutes)')).toBe('90');
    expect(sheet.header.get('Start')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(sheet.header.get('End')).toBe('');
    expectPeople(sheet, 'downloaded CSV');
    await expect.poll(() => rivera.exportSummary().textContent()).toBe(
      `Downloaded attendance-${sessionId}.csv. 7 people: 5 online, 2 in the room. Check-in answered by 3, check-out by 3.`,
    );
  });

  it('ends the session after a confirmation; every page keeps the closing card with 988', async () => {
    await rivera.askToEndSession();
    await expectAccessible(rivera.page, 'end session dialog');
    await rivera.cancelEndSession();
    await expect.poll(() => alice.participants().isVisible()).toBe(true);

    await rivera.endSession();
    for (const room of everyone()) {
      await room.closingHeading().waitFor();
      await expect.poll(() => room.visibleText()).toMatch(/call or text 988/);
    }
    await expect.poll(() => rivera.page.getByText(sessionId).count()).toBe(1);
    expect(await alice.page.getByText(sessionId).count()).toBe(0);
    await expectAccessible(alice.page, 'closing card');
  });

  it('shows a link opened after the end as ended, for a newcomer and for someone who was there', async () => {
    const { page } = await personContext(browser, server.url);
    await page.goto(links.member);
    await page.getByRole('heading', { level: 1, name: 'This session has ended' }).waitFor();
    expect(await page.locator('body').innerText()).toMatch(/988/);
    expect(await page.getByRole('button', { name: 'Join' }).count()).toBe(0);
    await expectAccessible(page, 'link opened after the end');

    // Bob opens his link again later, in a new tab of the same browser, which knows him.
    const again = await bob.page.context().newPage();
    await again.goto(links.member);
    await again.getByRole('heading', { level: 1, name: 'This session has ended' }).waitFor();
    expect(await again.getByRole('button', { name: 'Join' }).count()).toBe(0);
    await again.close();

    const { page: staffLink } = await personContext(browser, server.url);
    await staffLink.goto(links.facilitator);
    await staffLink.getByRole('heading', { level: 1, name: 'This session has ended' }).waitFor();
  });

  it('gives the same people over HTTP with the admin key, now with the end', async () => {
    const url = `${server.url}/api/sessions/${sessionId}/attendance?format=csv`;
    expect((await fetch(url)).status).toBe(401);
    const response = await fetch(url, { headers: { authorization: `Bearer ${server.adminKey}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain(`attendance-${sessionId}.csv`);
    const final = readSheet(await response.text());
    expectPeople(final, 'CSV over HTTP');
    expect(final.header.get('End')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(final.header.get('Duration (minutes)')).toMatch(/^\d+$/);

    // The download and the final record agree on everyone, cell by cell, but for what the end changed.
    const downloaded = readSheet(exported.csv);
    const settled = ['Name', 'Role', 'Attended', 'First join', 'Agreed to group agreement', 'Agreed at', 'Check-in (0-10)', 'Check-out (0-10)', 'Turns taken'];
    expect(final.people.map((p) => settled.map((c) => p[c]))).toEqual(downloaded.people.map((p) => settled.map((c) => p[c])));
    for (const row of final.people) expect(row['Last leave'], row.Name).toMatch(/^\d{4}-\d\d-\d\dT/);

    // Long after the server closed every connection, the closing card is still there.
    for (const room of everyone()) await room.closingHeading().waitFor();
  });
});

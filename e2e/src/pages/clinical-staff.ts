import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { FacilitatorConsole } from './facilitator-console.js';
import { ClinicalMember } from './clinical-member.js';

/** The clinical controls of facilitators and co-therapists, on any of their devices. */
export class ClinicalStaff extends FacilitatorConsole {
  /** What staff see that everyone sees (clock, phase, notices). */
  readonly shared: ClinicalMember;

  constructor(page: Page) {
    super(page);
    this.shared = new ClinicalMember(page);
  }

  // ---- Hybrid ----

  async addInRoomMember(name: string): Promise<void> {
    const toggle = this.page.getByRole('button', { name: 'Add in-room member', exact: true });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await this.page.getByLabel('In-room member name', { exact: true }).fill(name);
    await this.page.getByRole('button', { name: 'Add', exact: true }).click();
    await this.participants().locator('.person-name').filter({ hasText: new RegExp(`^${name}$`) }).waitFor();
  }

  async raiseHandFor(name: string): Promise<void> {
    await this.participants().getByRole('button', { name: `Raise hand for ${name}`, exact: true }).click();
    await this.participants().getByRole('button', { name: `Lower hand for ${name}`, exact: true }).waitFor();
  }

  /** "Alice: Portland, Oregon" for each online member, after unfolding the list. */
  async locations(): Promise<string[]> {
    const region = this.page.getByRole('region', { name: 'Member locations' });
    const details = region.locator('details');
    if ((await details.getAttribute('open')) === null) await region.getByText('Show where members are').click();
    return (await region.getByRole('listitem').allInnerTexts()).map((t) => t.trim());
  }

  // ---- Agenda ----

  agenda() {
    return this.page.getByRole('region', { name: 'Agenda' });
  }

  async nextPhase(): Promise<void> {
    await this.agenda().getByRole('button', { name: 'Next phase', exact: true }).click();
  }

  async goToPhase(name: string): Promise<void> {
    await this.agenda().getByRole('button', { name: `Go to ${name}`, exact: true }).click();
  }

  /** Opens the editor, replaces the text and saves (the editor stays open when the text is refused). */
  async editAgenda(text: string): Promise<void> {
    const field = this.agenda().getByLabel('Phases, one per line');
    if (!(await field.isVisible())) await this.agenda().getByRole('button', { name: 'Edit agenda', exact: true }).click();
    await field.fill(text);
    await this.agenda().getByRole('button', { name: 'Save agenda', exact: true }).click();
  }

  /** The phases as listed, the current one marked "(now)". Read in one go, as the list may change. */
  async agendaPhases(): Promise<string[]> {
    return this.agenda()
      .locator('.agenda-go')
      .evaluateAll((buttons) =>
        buttons.map((b) => {
          const name = b.querySelector('.agenda-name')?.textContent?.trim() ?? '';
          return b.getAttribute('aria-current') === 'step' ? `${name} (now)` : name;
        }),
      );
  }

  // ---- Check-in and check-out ----

  feelings() {
    return this.page.getByRole('region', { name: 'Check-in and check-out' });
  }

  async openCheckIn(): Promise<void> {
    await this.feelings().getByRole('button', { name: 'Open check-in', exact: true }).click();
    await this.feelings().getByRole('button', { name: 'Close feelings check', exact: true }).waitFor();
  }

  async openCheckOut(): Promise<void> {
    await this.feelings().getByRole('button', { name: 'Open check-out', exact: true }).click();
    await this.feelings().getByRole('button', { name: 'Close feelings check', exact: true }).waitFor();
  }

  async closeFeelings(): Promise<void> {
    await this.feelings().getByRole('button', { name: 'Close feelings check', exact: true }).click();
    await this.feelings().getByRole('button', { name: 'Open check-in', exact: true }).waitFor();
  }

  /** Staff answer for someone in the room, in the open round. */
  async answerFor(name: string, score: number): Promise<void> {
    await this.feelings().getByLabel(new RegExp(`answer for ${name}$`)).selectOption(String(score));
  }

  /** "Alice 4 → 6 (+2)", one per member, in roster order. */
  async feelingLines(): Promise<string[]> {
    return this.feelings()
      .getByRole('list', { name: 'Answers' })
      .getByRole('listitem')
      .evaluateAll((rows) =>
        rows.map((row) => `${row.querySelector('.feelings-name')?.textContent?.trim()} ${row.querySelector('.feelings-line')?.textContent?.trim()}`),
      );
  }

  /** "Check-in: 3 answers · lowest 4 · highest 7 · average 5.3", a line per round. */
  async spreadLines(): Promise<string[]> {
    return (await this.feelings().locator('.feelings-spread p').allTextContents()).map((t) => t.trim());
  }

  // ---- Staff notes ----

  staffNotes() {
    return this.page.getByRole('region', { name: 'Staff notes' });
  }

  async addNote(text: string): Promise<void> {
    await this.staffNotes().getByLabel('Note', { exact: true }).fill(text);
    await this.staffNotes().getByRole('button', { name: 'Add note', exact: true }).click();
    await this.staffNotes().getByRole('list', { name: 'Notes' }).getByText(text).waitFor();
  }

  async noteTexts(): Promise<string[]> {
    return (await this.staffNotes().locator('.note-text').allTextContents()).map((t) => t.trim());
  }

  // ---- Attendance and ending ----

  /** Presses Export attendance and reads the file the browser downloads. */
  async exportAttendance(): Promise<{ fileName: string; csv: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: 'Export attendance', exact: true }).click(),
    ]);
    const path = await download.path();
    return { fileName: download.suggestedFilename(), csv: await readFile(path, 'utf8') };
  }

  exportSummary() {
    return this.page.getByRole('status').filter({ hasText: /^Downloaded attendance-/ });
  }

  endDialog() {
    return this.page.getByRole('dialog', { name: 'End the session for everyone?' });
  }

  async askToEndSession(): Promise<void> {
    await this.page.getByRole('button', { name: 'End session', exact: true }).click();
    await this.endDialog().waitFor();
  }

  async cancelEndSession(): Promise<void> {
    await this.endDialog().getByRole('button', { name: 'Cancel', exact: true }).click();
    await this.endDialog().waitFor({ state: 'hidden' });
  }

  async endSession(): Promise<void> {
    await this.askToEndSession();
    await this.endDialog().getByRole('button', { name: 'Confirm end session', exact: true }).click();
  }
}

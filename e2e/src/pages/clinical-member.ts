import type { Page } from 'playwright-core';
import { MemberRoom } from './member-room.js';

/** What everyone in the room sees of the clinical session, and a member's own feelings check. */
export class ClinicalMember extends MemberRoom {
  constructor(page: Page) {
    super(page);
  }

  /** "24 min of 90" (without the words for screen readers). */
  async clockText(): Promise<string> {
    const text = (await this.page.locator('.session-clock-time').textContent()) ?? '';
    return text.replace('Session time: ', '').trim();
  }

  /** "Now: Sharing (2 of 5)". */
  async phaseText(): Promise<string> {
    return ((await this.page.locator('.session-clock-phase').textContent()) ?? '').trim();
  }

  observerNotice() {
    return this.page.getByRole('status').filter({ hasText: /observer|observing/i });
  }

  feelingsCheck() {
    return this.page.getByRole('radiogroup', { name: 'How are you feeling?' });
  }

  /** Chooses a score and sends it; waits until the page says it was sent. */
  async answerFeeling(score: number): Promise<void> {
    await this.feelingsCheck().getByRole('radio', { name: String(score), exact: true }).check();
    await this.page.getByRole('button', { name: 'Send', exact: true }).click();
    await this.page.getByText(`Sent: ${score}.`).waitFor();
  }

  closingHeading() {
    return this.page.getByRole('heading', { level: 1, name: 'Thank you for today' });
  }

  /** The text the page shows to people (not its markup). */
  async visibleText(): Promise<string> {
    return this.page.locator('body').innerText();
  }
}

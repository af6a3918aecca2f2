import type { Page } from 'playwright-core';

/** What a member sees: the waiting room, then the group. */
export class MemberRoom {
  constructor(readonly page: Page) {}

  waitingMessage() {
    return this.page.getByText('Waiting for the facilitator to let you in');
  }

  participants() {
    return this.page.getByRole('region', { name: 'Participants' });
  }

  async waitUntilWaiting(): Promise<void> {
    await this.waitingMessage().waitFor();
  }

  async waitUntilInRoom(): Promise<void> {
    await this.participants().waitFor();
  }

  leaveButton() {
    return this.page.getByRole('button', { name: 'Leave' });
  }

  // ---- Turn-taking ----

  speakingQueue() {
    return this.page.getByRole('region', { name: 'Speaking queue' });
  }

  /** The names waiting to speak, in order (empty when no one waits). */
  async queueNames(): Promise<string[]> {
    return this.speakingQueue().getByRole('list', { name: 'Waiting to speak' }).locator('.queue-name').allTextContents();
  }

  /** "Speaking now: Alice", or that no one is speaking. */
  async speakerLine(): Promise<string> {
    return ((await this.speakingQueue().locator('.queue-speaker').textContent()) ?? '').trim();
  }

  /** This member's own place, e.g. "You are 2nd in line" (empty when not in line). */
  async ownPlace(): Promise<string> {
    return ((await this.speakingQueue().locator('.queue-own').textContent()) ?? '').trim();
  }

  turnButton(name: 'Raise hand' | 'Lower hand' | 'Pass') {
    return this.page.getByRole('region', { name: 'Your controls' }).getByRole('button', { name, exact: true });
  }

  async raiseHand(): Promise<void> {
    await this.turnButton('Raise hand').click();
    await this.turnButton('Lower hand').waitFor();
  }

  async lowerHand(): Promise<void> {
    await this.turnButton('Lower hand').click();
    await this.turnButton('Raise hand').waitFor();
  }

  async pass(): Promise<void> {
    await this.turnButton('Pass').click();
  }

  microphoneButton() {
    return this.page.getByRole('button', { name: /^(Mute|Unmute) microphone$/ });
  }

  /** A calm word shown to this person, e.g. "The facilitator muted you". */
  notice(text: string | RegExp) {
    return this.page.getByRole('status').filter({ hasText: text });
  }
}

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
}

import type { Page } from 'playwright-core';
import { MemberRoom } from './member-room.js';

/** The facilitator's and co-therapist's controls, on any of their devices. */
export class FacilitatorConsole extends MemberRoom {
  constructor(page: Page) {
    super(page);
  }

  waitingRoom() {
    return this.page.getByRole('region', { name: 'Waiting room' });
  }

  async admit(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Admit ${name}`, exact: true }).click();
  }

  async admitAll(): Promise<void> {
    await this.page.getByRole('button', { name: 'Admit all' }).click();
  }

  async sendToWaitingRoom(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Send ${name} to waiting room` }).click();
  }

  async remove(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Remove ${name}` }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Confirm remove' }).click();
  }

  async waitForWaiting(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Admit ${name}`, exact: true }).waitFor();
  }
}

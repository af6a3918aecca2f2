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
    // Exact: "Remove NAME from queue" is another button.
    await this.page.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Confirm remove' }).click();
  }

  async waitForWaiting(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Admit ${name}`, exact: true }).waitFor();
  }

  // ---- Turn-taking ----

  private queueButton(name: string) {
    return this.speakingQueue().getByRole('button', { name, exact: true });
  }

  async moveUp(name: string): Promise<void> {
    await this.queueButton(`Move ${name} up`).click();
  }

  async moveDown(name: string): Promise<void> {
    await this.queueButton(`Move ${name} down`).click();
  }

  async removeFromQueue(name: string): Promise<void> {
    await this.queueButton(`Remove ${name} from queue`).click();
  }

  async nextSpeaker(): Promise<void> {
    await this.queueButton('Next speaker').click();
  }

  async endTurn(): Promise<void> {
    await this.queueButton('End turn').click();
  }

  async startGoRound(): Promise<void> {
    await this.page.getByRole('button', { name: 'Start go-round', exact: true }).click();
    await this.page.getByRole('button', { name: 'End go-round', exact: true }).waitFor();
  }

  async endGoRound(): Promise<void> {
    await this.page.getByRole('button', { name: 'End go-round', exact: true }).click();
  }

  talkingPieceSwitch() {
    return this.page.getByRole('switch', { name: 'Talking-piece mode' });
  }

  async setTalkingPiece(on: boolean): Promise<void> {
    const toggle = this.talkingPieceSwitch();
    if ((await toggle.getAttribute('aria-checked')) !== String(on)) await toggle.click();
  }

  async setTurnLength(label: 'None' | '1 minute' | '2 minutes' | '3 minutes' | '5 minutes'): Promise<void> {
    await this.page.getByLabel('Turn length').selectOption({ label });
  }

  async mute(name: string): Promise<void> {
    await this.participants().getByRole('button', { name: `Mute ${name}`, exact: true }).click();
  }

  async muteEveryone(): Promise<void> {
    await this.page.getByRole('button', { name: 'Mute everyone', exact: true }).click();
  }

  /** Members who have not had a turn yet, as the staff-only list shows them. */
  async notYetShared(): Promise<string[]> {
    return this.page.getByRole('region', { name: 'Not yet shared' }).getByRole('list', { name: 'Not yet shared' }).getByRole('listitem').allTextContents();
  }
}

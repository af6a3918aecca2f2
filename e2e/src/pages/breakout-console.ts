import type { Page } from 'playwright-core';
import { BreakoutMember } from './breakout-member.js';

export type GroupSize = 'Pairs' | 'Threes' | { rooms: number };

/** The staff side of breakouts and support: set up, watch over and close the rooms; answer support signals. */
export class BreakoutConsole extends BreakoutMember {
  constructor(page: Page) {
    super(page);
  }

  override panel() {
    return this.page.getByRole('region', { name: 'Breakouts', exact: true });
  }

  setup() {
    return this.page.getByRole('region', { name: 'Set up breakouts', exact: true });
  }

  async openSetup(): Promise<void> {
    await this.panel().getByRole('button', { name: 'Start breakouts', exact: true }).click();
    await this.setup().waitFor();
  }

  async startBreakouts(options: { size: GroupSize; minutes: number; prompt?: string; manual?: Record<string, string> }): Promise<void> {
    if (!(await this.setup().isVisible())) await this.openSetup();
    const setup = this.setup();
    if (typeof options.size === 'string') {
      await setup.getByRole('radio', { name: options.size, exact: true }).check();
    } else {
      await setup.getByRole('radio', { name: 'Number of rooms', exact: true }).check();
      await setup.getByLabel('How many rooms').fill(String(options.size.rooms));
    }
    if (options.manual) {
      await setup.getByRole('radio', { name: 'Manual', exact: true }).check();
      for (const [name, room] of Object.entries(options.manual)) await setup.getByLabel(`Room for ${name}`).selectOption({ label: room });
    } else {
      await setup.getByRole('radio', { name: 'Random', exact: true }).check();
    }
    if (options.prompt !== undefined) await setup.getByLabel('Reflection prompt').fill(options.prompt);
    await setup.getByLabel('Minutes').fill(String(options.minutes));
    await setup.getByRole('button', { name: 'Start', exact: true }).click();
    await this.closeButton().waitFor();
  }

  closeButton() {
    return this.panel().getByRole('button', { name: 'Close breakouts', exact: true });
  }

  async closeBreakouts(): Promise<void> {
    await this.closeButton().click();
    await this.panel().getByRole('button', { name: 'Start breakouts', exact: true }).waitFor();
  }

  /** Each room's name and the names in it, as the Breakouts region lists them. */
  async rooms(): Promise<{ name: string; people: string[] }[]> {
    const items = this.panel().getByRole('list', { name: 'Breakout rooms' }).getByRole('listitem');
    const out: { name: string; people: string[] }[] = [];
    for (const item of await items.all()) {
      const name = ((await item.getByRole('heading').textContent()) ?? '').trim();
      const people = ((await item.locator('.bo-room-people').textContent()) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      out.push({ name, people });
    }
    return out;
  }

  helpRequested() {
    return this.page.getByRole('region', { name: 'Help requested', exact: true });
  }

  async acknowledgeHelp(roomName: string): Promise<void> {
    const line = this.helpRequested().getByRole('listitem').filter({ hasText: `${roomName} asked for help` });
    await line.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await line.waitFor({ state: 'detached' });
  }

  async visit(roomName: string): Promise<void> {
    await this.panel().getByRole('button', { name: `Visit ${roomName}`, exact: true }).click();
    await this.panel().getByText(`You are visiting ${roomName}.`).waitFor();
  }

  async returnToMainRoom(): Promise<void> {
    await this.panel().getByRole('button', { name: 'Return to main room', exact: true }).first().click();
    await this.panel().getByText(/^You are visiting/).waitFor({ state: 'detached' });
  }

  async broadcast(text: string): Promise<void> {
    await this.panel().getByLabel('Message to all rooms').fill(text);
    await this.panel().getByRole('button', { name: 'Send to all rooms', exact: true }).click();
    await this.panel().getByRole('status').filter({ hasText: 'Sent to every room.' }).waitFor();
  }

  async move(name: string, roomName: string): Promise<void> {
    const panel = this.panel();
    const details = panel.locator('details.bo-move');
    if ((await details.getAttribute('open')) === null) await panel.getByText('Move someone to another room').click();
    await panel.getByLabel(`Move ${name} to`).selectOption({ label: roomName });
    await panel.getByRole('button', { name: `Move ${name}`, exact: true }).click();
  }

  // ---- Support ----

  supportRequested() {
    return this.page.getByRole('region', { name: 'Support requested', exact: true });
  }

  supportSignal(name: string) {
    return this.supportRequested().getByRole('listitem').filter({ hasText: `${name} needs support` });
  }

  async acknowledgeSupport(name: string): Promise<void> {
    await this.supportSignal(name).getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await this.supportSignal(name).getByText('acknowledged').waitFor();
  }

  async takeToSupportRoom(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Take ${name} to support room`, exact: true }).click();
    await this.page.getByRole('region', { name: `Support room with ${name}`, exact: true }).waitFor();
  }

  async returnToGroup(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Return ${name} to the group`, exact: true }).click();
    await this.page.getByRole('region', { name: `Support room with ${name}`, exact: true }).waitFor({ state: 'detached' });
  }
}

import type { Page } from 'playwright-core';

export type DeviceChoice = 'Camera and microphone' | 'Control console — no camera or microphone';

/** The prejoin: name, preview, the group agreement, Join. */
export class PrejoinPage {
  constructor(readonly page: Page) {}

  async open(link: string): Promise<void> {
    await this.page.goto(link);
    await this.page.getByLabel('Your name').waitFor();
  }

  async join(name: string, device: DeviceChoice = 'Camera and microphone'): Promise<void> {
    const field = this.page.getByLabel('Your name');
    if (await field.isEditable()) await field.fill(name);
    await this.page.getByRole('radio', { name: device }).check();
    await this.page.getByLabel('I agree to the group agreement').check();
    await this.page.getByRole('button', { name: 'Join' }).click();
  }

  alert() {
    return this.page.getByRole('alert');
  }

  /** Members only, before `join`: where they are today (optional; only staff see it). */
  async fillLocation(city: string, region: string): Promise<void> {
    await this.page.getByLabel('City', { exact: true }).fill(city);
    await this.page.getByLabel('State or region', { exact: true }).fill(region);
  }
}

import type { Page } from 'playwright-core';

/** A member's breakout room, their reflection, "I need support", and what the group sees afterwards. */
export class BreakoutMember {
  constructor(readonly page: Page) {}

  panel() {
    return this.page.getByRole('region', { name: 'Breakouts', exact: true });
  }

  async waitUntilInBreakout(): Promise<void> {
    await this.panel().getByText(/^You are (with|on your own)/).waitFor();
  }

  async waitUntilBackInMainRoom(): Promise<void> {
    await this.panel().waitFor({ state: 'detached' });
  }

  /** "You are with Bob" */
  async together(): Promise<string> {
    return ((await this.panel().getByText(/^You are (with|on your own)/).textContent()) ?? '').trim();
  }

  /** "Room 1" */
  async roomName(): Promise<string> {
    const heading = (await this.panel().getByRole('heading', { level: 2 }).textContent()) ?? '';
    return heading.replace(/^Breakouts\s*/, '').trim();
  }

  async prompt(): Promise<string> {
    return ((await this.panel().locator('blockquote').textContent()) ?? '').trim();
  }

  timer() {
    return this.panel().getByRole('timer');
  }

  async askForHelp(): Promise<void> {
    await this.panel().getByRole('button', { name: 'Ask for help', exact: true }).click();
    await this.panel().getByRole('status').filter({ hasText: 'your room would like help' }).waitFor();
  }

  async writeReflection(text: string, share: boolean): Promise<void> {
    await this.panel().getByLabel('Your reflection').fill(text);
    const box = this.panel().getByRole('checkbox', { name: 'Share with the group' });
    if ((await box.isChecked()) !== share) await box.click();
    await this.panel().getByRole('button', { name: 'Save reflection', exact: true }).click();
    await this.panel().getByRole('status').filter({ hasText: share ? /shown to the group/ : /stays private/ }).waitFor();
  }

  sharedReflections() {
    return this.page.getByRole('region', { name: 'Shared reflections', exact: true });
  }

  // ---- I need support ----

  async needSupport(): Promise<void> {
    await this.page.getByRole('button', { name: 'I need support', exact: true }).click();
  }

  supportStatus(text: string | RegExp) {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  supportRoom() {
    return this.page.getByRole('region', { name: /^Support room with / });
  }

  steppedOut(name: string) {
    return this.page.getByText(`${name} stepped out for a moment`);
  }

  /** This device's LiveKit identity (`personId.deviceId`), from what the page keeps in the tab. */
  async mediaIdentity(sessionId: string): Promise<string> {
    return this.page.evaluate((sid) => {
      const device = sessionStorage.getItem('circle.device') ?? '';
      const joined = JSON.parse(sessionStorage.getItem(`circle.joined.${sid}`) ?? '{}') as { personToken?: string };
      const body = (joined.personToken ?? '').split('.')[0] ?? '';
      const claims = JSON.parse(atob(body.replace(/-/g, '+').replace(/_/g, '/'))) as { pid: string };
      return `${claims.pid}.${device}`;
    }, sessionId);
  }
}

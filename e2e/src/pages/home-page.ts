import type { Page } from 'playwright-core';

export type SessionLinks = { facilitator: string; cotherapist: string; member: string; observer: string };

/** The home page, where a facilitator creates a session with the admin key. */
export class HomePage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
  }

  async createSession(adminKey: string, title: string): Promise<SessionLinks> {
    await this.page.getByLabel('Admin key').fill(adminKey);
    await this.page.getByLabel('Session title').fill(title);
    await this.page.getByRole('button', { name: 'Create session' }).click();
    const linkText = async (label: string) => (await this.page.getByLabel(label).textContent())?.trim() ?? '';
    await this.page.getByLabel('Member link').waitFor();
    return {
      facilitator: await linkText('Facilitator link'),
      cotherapist: await linkText('Co-therapist link'),
      member: await linkText('Member link'),
      observer: await linkText('Observer link'),
    };
  }
}

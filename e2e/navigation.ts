import type { Page } from '@playwright/test';

/** From anywhere in the app, by the sidebar: waits for the screen's title. */
export async function goToScreen(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/** Loads the app at `url` (with its token) and goes to a screen. */
export async function openScreen(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await goToScreen(page, name);
}

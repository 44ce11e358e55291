import type { Locator, Page } from '@playwright/test';
import { openScreen } from './navigation';

/** The Settings screen, as an operator sees it. */
export class SettingsPage {
  readonly serverUrl: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly timeout: Locator;
  readonly save: Locator;
  readonly testButton: Locator;
  readonly result: Locator;

  constructor(readonly page: Page) {
    this.serverUrl = page.getByLabel('Server address');
    this.username = page.getByLabel('User name');
    this.password = page.getByLabel('Password', { exact: true });
    this.timeout = page.getByLabel('Request timeout (seconds)');
    this.save = page.getByRole('button', { name: 'Save', exact: true });
    this.testButton = page.getByRole('button', { name: 'Test connection' });
    this.result = page.getByTestId('connection-result');
  }

  async open(url: string): Promise<void> {
    await openScreen(this.page, url, 'Settings');
  }

  async connectTo(options: {
    serverUrl: string;
    username: string;
    password: string;
    timeoutSeconds?: string;
  }) {
    await this.serverUrl.fill(options.serverUrl);
    await this.username.fill(options.username);
    await this.password.fill(options.password);
    if (options.timeoutSeconds) {
      await this.page.getByText('Timeouts and retries').click();
      await this.timeout.fill(options.timeoutSeconds);
    }
    await this.save.click();
    await this.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  }

  async test(): Promise<void> {
    await this.testButton.click();
    await this.result.waitFor();
    await this.page
      .getByRole('button', { name: 'Test connection' })
      .and(this.page.locator(':enabled'))
      .waitFor();
  }
}

import { startSimulator, type Simulator } from '../src/main/simulator';
import { expect, test } from './fixtures';
import { SettingsPage } from './settings-page';

let sim: Simulator;

test.beforeEach(async () => {
  sim = await startSimulator({ seed: { shows: 50, randomSeed: 7 }, cablecastVersion: '7.6.2.0' });
});

test.afterEach(async () => {
  await sim.close();
});

test('the demo server: open Settings, test the connection, see the server version', async ({
  page,
  demoApp,
}) => {
  const settings = new SettingsPage(page);
  await settings.open(demoApp.openUrl);
  await expect(page.getByText('built-in demo server')).toBeVisible();
  await settings.test();
  await expect(settings.result).toContainText('Connected');
  await expect(page.getByTestId('server-version')).not.toBeEmpty();
  await expect(page.getByTestId('rights')).toContainText(/may (write|publish)/i);
  // The token is taken out of the address bar once read.
  expect(page.url()).not.toContain('token=');
});

test('a fresh install offers the demo server, and switching to it works', async ({
  page,
  emptyApp,
}) => {
  const settings = new SettingsPage(page);
  await settings.open(emptyApp.openUrl);
  await expect(page.getByText('No Cablecast server is set up yet')).toBeVisible();
  await settings.test();
  await expect(settings.result).toContainText('No Cablecast server is set up');
  await page.getByRole('button', { name: 'Use the demo server' }).click();
  await expect(page.getByText('built-in demo server')).toBeVisible();
  await settings.test();
  await expect(settings.result).toContainText('Connected');
});

test('a real server: version and rights, then wrong password, then the server stops', async ({
  page,
  emptyApp,
}) => {
  const settings = new SettingsPage(page);
  await settings.open(emptyApp.openUrl);
  await settings.connectTo({
    serverUrl: `${sim.url}/CablecastAPI/v1/`,
    username: 'operator',
    password: 'operator',
    timeoutSeconds: '2',
  });
  await settings.test();
  await expect(settings.result).toContainText('Connected');
  await expect(page.getByTestId('server-version')).toContainText('7.6.2');
  await expect(page.getByTestId('rights')).toContainText(/may (write|publish)/i);

  await settings.password.fill('not-the-password');
  await settings.save.click();
  await settings.test();
  await expect(settings.result).toContainText('Not connected');
  await expect(settings.result).toContainText(/refused the user name or password/i);

  await sim.close();
  await settings.test();
  await expect(settings.result).toContainText('Not connected');
  await expect(settings.result).toContainText(/could not reach/i);
});

test('a read-only account is reported as unable to publish', async ({ page, emptyApp }) => {
  const settings = new SettingsPage(page);
  await settings.open(emptyApp.openUrl);
  await settings.connectTo({ serverUrl: sim.url, username: 'viewer', password: 'viewer' });
  await settings.test();
  await expect(settings.result).toContainText('Connected');
  await expect(page.getByTestId('rights')).toContainText('may only read');
});

test('a response that breaks the schema is named by its field', async ({ page, emptyApp }) => {
  const settings = new SettingsPage(page);
  await settings.open(emptyApp.openUrl);
  await settings.connectTo({ serverUrl: sim.url, username: 'admin', password: 'admin' });
  sim.addFault({ kind: 'schema-break', path: '/systeminfo' });
  await settings.test();
  await expect(settings.result).toContainText('Not connected');
  await expect(page.getByTestId('problem-path')).toHaveText('cablecastVersion');
});

test('invalid settings are refused with the field named, and nothing is lost', async ({
  page,
  emptyApp,
}) => {
  const settings = new SettingsPage(page);
  await settings.open(emptyApp.openUrl);
  await settings.serverUrl.fill(sim.url);
  await page.getByText('Timeouts and retries').click();
  await settings.timeout.fill('abc');
  await settings.save.click();
  await expect(page.getByRole('alert')).toContainText(
    'Request timeout: "abc" is not a number of seconds',
  );
  await expect(settings.timeout).toHaveAttribute('aria-invalid', 'true');
  await expect(settings.serverUrl).toHaveValue(sim.url);

  // Out of range: the core refuses it and names the field; the form keeps what was typed.
  await settings.timeout.fill('0.1');
  await settings.save.click();
  await expect(page.getByRole('alert')).toContainText('Request timeout');
  await expect(page.getByRole('alert')).toContainText('cablecast.timeoutMs');
  await expect(settings.timeout).toHaveValue('0.1');

  // A server address that cannot be one is refused by name too.
  await settings.timeout.fill('10');
  await settings.serverUrl.fill('http://');
  await settings.save.click();
  await expect(page.getByRole('alert')).toContainText('Server address');
});

test('desktop app: updates stay off until switched on, and plain http to another computer is refused', async ({
  page,
  emptyApp,
}) => {
  const settings = new SettingsPage(page);
  await settings.open(emptyApp.openUrl);
  // The screen is long: its section index brings the card into view.
  const heading = page.getByRole('heading', { name: 'Desktop app' });
  await expect(heading).not.toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('settings-index.png') });
  await page
    .getByRole('navigation', { name: 'Settings sections' })
    .getByRole('button', { name: 'Desktop app' })
    .click();
  await expect(heading).toBeInViewport();
  const card = page.locator('form', { has: heading });
  const updates = card.getByLabel('Keep Archivist up to date from the feed below');
  await expect(updates).not.toBeChecked();
  await expect(card.getByLabel('Start Archivist in the tray when I sign in')).not.toBeChecked();

  await updates.check();
  const folder = card.getByLabel('Update folder');
  await folder.fill('http://updates.station.example/archivist/');
  await card.getByRole('button', { name: 'Save desktop settings' }).click();
  await expect(card.getByRole('alert')).toContainText(
    'Update folder: Invalid input to settings.update at desktop.updateUrl: Expected an https:// address (http only on this computer)',
  );
  await expect(folder).toHaveAttribute('aria-invalid', 'true');
  await expect(folder).toHaveValue('http://updates.station.example/archivist/');

  await folder.fill('https://updates.station.example/archivist/');
  await card.getByRole('button', { name: 'Save desktop settings' }).click();
  await expect(card.getByRole('status')).toHaveText('Saved.');
  await card.screenshot({ path: 'test-results/settings-desktop.png' });

  await page.reload();
  await expect(updates).toBeChecked();
  await expect(folder).toHaveValue('https://updates.station.example/archivist/');
  await card.getByLabel('Update source').selectOption('github');
  await card.getByLabel('GitHub repository').fill('https://github.com/station/archivist');
  await card.getByRole('button', { name: 'Save desktop settings' }).click();
  await expect(card.getByRole('alert')).toContainText('owner/name');
});

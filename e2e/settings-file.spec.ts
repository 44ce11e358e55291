import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { openScreen } from './navigation';

/*
 * Settings › Export and Import in Chromium: the file the browser saves, a change made after it,
 * the file imported back (the change undone), and a damaged file refused with nothing changed.
 */

test('export the settings to a file, import it back, and refuse a damaged one', async ({
  page,
  demoApp,
}, testInfo) => {
  await openScreen(page, demoApp.openUrl, 'Settings');
  const publishesAtOnce = page.getByLabel('Publishes at once');
  await publishesAtOnce.fill('3');
  await page.getByRole('button', { name: 'Save publishing settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // Beside each field, where its value comes from.
  const field = (input: typeof publishesAtOnce) => page.locator('.field', { has: input });
  await expect(field(publishesAtOnce)).toContainText('saved');
  await expect(field(page.getByLabel('Upload chunk size (MB)'))).toContainText('built-in default');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export settings' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^archivist-settings-\d{4}-\d\d-\d\d\.json$/);
  const saved = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(saved);
  const text = readFileSync(saved, 'utf8');
  expect(JSON.parse(text)).toMatchObject({
    format: 'archivist-desktop-settings',
    settings: { publishing: { concurrency: 3 } },
  });
  await expect(page.getByText(/Exported to archivist-settings-.*\(no passwords\)/)).toBeVisible();

  // Changed after the export; the import puts it back.
  await publishesAtOnce.fill('6');
  await page.getByRole('button', { name: 'Save publishing settings' }).click();
  await expect(publishesAtOnce).toHaveValue('6');
  await page.getByLabel('Settings file to import').setInputFiles(saved);
  await expect(
    page.getByText(/Imported archivist-settings-.*: 1 change: publishing\.concurrency\./),
  ).toBeVisible();
  await expect(publishesAtOnce).toHaveValue('3');

  // A damaged file: refused with where, and nothing changes.
  const damaged = join(testInfo.outputPath(), 'damaged.json');
  const file = JSON.parse(text) as { settings: { publishing: { concurrency: number } } };
  file.settings.publishing.concurrency = 40;
  writeFileSync(damaged, JSON.stringify(file));
  await page.getByLabel('Settings file to import').setInputFiles(damaged);
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported.' })).toContainText(
    'settings.publishing.concurrency',
  );
  await expect(publishesAtOnce).toHaveValue('3');
});

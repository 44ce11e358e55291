import { expect, test } from './fixtures';
import { openScreen } from './navigation';

/*
 * Settings › Schedules on the demo server: what runs by itself, run now against the simulator, a
 * new interval, a cron expression the cron library refuses, pause and resume, and the station's
 * time zone.
 */

test('schedules: run the catalog sync now, change when it runs, pause it, set the time zone', async ({
  page,
  demoApp,
}) => {
  await openScreen(page, demoApp.openUrl, 'Settings');
  const section = page.getByRole('region', { name: 'Schedules' });
  const sync = section.getByRole('row', { name: 'Catalog sync', exact: true });
  const full = section.getByRole('row', { name: 'Full catalog sync' });
  await expect(sync).toContainText('Every 15 minutes');
  await expect(sync).toContainText('Never');
  await expect(full).toContainText('0 3 * * 0');

  // Run now: a real sync of the demo server's 300 shows.
  await sync.getByRole('button', { name: 'Run now' }).click();
  await expect(sync).toContainText('(run now)');
  await expect(sync).toContainText(/Done in/);
  await expect(sync).toContainText('300 shows in the catalog');

  // Every 30 minutes.
  await sync.getByRole('button', { name: 'Change' }).click();
  await sync.getByLabel('Minutes between runs').fill('30');
  await sync.getByRole('button', { name: 'Save' }).click();
  await expect(sync).toContainText('Every 30 minutes');

  // A cron expression the cron library cannot read is refused, named, and nothing changes.
  await sync.getByRole('button', { name: 'Change' }).click();
  await sync.getByRole('radio', { name: 'At' }).check();
  await sync.getByLabel('Cron expression').fill('0 25 * * *');
  await sync.getByRole('button', { name: 'Save' }).click();
  await expect(sync.getByRole('alert')).toContainText('"0 25 * * *" cannot be read');
  await expect(sync.getByLabel('Cron expression')).toHaveAttribute('aria-invalid', 'true');
  await sync.getByLabel('Cron expression').fill('0 23 * * 1-5');
  await sync.getByRole('button', { name: 'Save' }).click();
  await expect(sync).toContainText('0 23 * * 1-5');

  // Back to the default.
  await sync.getByRole('button', { name: 'Change' }).click();
  await sync.getByRole('button', { name: 'Back to default' }).click();
  await expect(sync).toContainText('Every 15 minutes');

  await sync.getByRole('button', { name: 'Pause' }).click();
  await expect(sync).toContainText('Paused');
  await sync.getByRole('button', { name: 'Resume' }).click();
  await expect(sync).not.toContainText('Paused');

  // The station's zone: a name it does not know is refused; a real one applies to cron times.
  const zone = section.getByLabel('Station time zone');
  await zone.fill('Mars/Olympus');
  await section.getByRole('button', { name: 'Save time zone' }).click();
  await expect(section.getByRole('alert')).toContainText('time zone');
  await zone.fill('America/Chicago');
  await section.getByRole('button', { name: 'Save time zone' }).click();
  await expect(section).toContainText('Times are in America/Chicago');
  await expect(full).toContainText('0 3 * * 0 (America/Chicago)');
  // A Sunday, 3:00 AM.
  await expect(full).toContainText(/Sun, \w+ \d+, 3:00 AM/);
});

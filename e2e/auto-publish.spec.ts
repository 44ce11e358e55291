import { expect, startApp, test } from './fixtures';
import { goToScreen } from './navigation';
import { PublishPage } from './publish-page';
import { ShowsPage } from './shows-page';
import { TranscriptionsPage } from './transcriptions-page';

/*
 * Auto-publish, as a station would set it up: approve a recording's draft, turn auto-publish on,
 * and at its scheduled time (reached by moving the app's test clock, which exists only when
 * ARCHIVIST_TEST_CLOCK=1) the recording goes to Cablecast VOD without anyone pressing Publish.
 */

test('auto-publish: approve a draft, turn it on, move the clock to its time, watch it publish', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const app = await startApp({ demo: true, env: { ARCHIVIST_TEST_CLOCK: '1' } });
  try {
    expect(app.output()).toContain('Test clock: on');
    const token = new URL(app.openUrl).searchParams.get('token') ?? '';
    const origin = new URL(app.openUrl).origin;

    const shows = new ShowsPage(page);
    await shows.openAndSync(app.openUrl);

    // The sample recording with its show's file key in its name is linked by the sync: approve
    // its draft.
    const tx = new TranscriptionsPage(page);
    await tx.goHere();
    await tx.chip('Linked').click();
    await expect(tx.list).toHaveAttribute('data-result-total', '1', { timeout: 30_000 });
    await tx.list.locator('tbody tr').first().click();
    await tx.draft.getByLabel('Approved for auto-publish').check();
    await tx.draft.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByTestId('draft-unsaved')).toHaveCount(0);

    // Off until turned on; then it waits for 23:00 on a weekday.
    await goToScreen(page, 'Settings');
    const schedules = page.getByRole('region', { name: 'Schedules' });
    const auto = schedules.getByRole('row', { name: 'Auto-publish' });
    await expect(auto).toContainText('Off: turn on Auto-publish');
    await page.getByLabel('Publish ready recordings at the scheduled times').check();
    await page.getByRole('button', { name: 'Save publishing settings' }).click();
    await expect(auto).not.toContainText('Off:');
    await expect(auto).toContainText('0 23 * * 1-5');

    // Move the app's clock to the next run.
    const list = await fetch(`${origin}/api/rpc/schedules.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const { value } = (await list.json()) as {
      value: { schedules: { id: string; nextRunAt: string | null }[] };
    };
    const due = value.schedules.find((s) => s.id === 'publishing.auto')?.nextRunAt;
    expect(due).toMatch(/T\d\d:00:00\.000Z$/);
    const moved = await fetch(`${origin}/api/test/clock`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ at: due }),
    });
    expect(moved.status).toBe(200);

    await expect(auto).toContainText('Queued 1 recording in 1 batch.', { timeout: 30_000 });

    // In the queue, marked as auto-published, and live.
    const publish = new PublishPage(page);
    await publish.goHere();
    const row = publish.jobs.locator('tbody tr').first();
    await expect(row).toContainText('Auto-publish');
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  } finally {
    await app.stop();
  }
});

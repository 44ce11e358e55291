import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { PublishPage } from './publish-page';
import { ShowsPage } from './shows-page';
import { TranscriptionsPage } from './transcriptions-page';

/**
 * On the demo: syncs the catalog, and publishes the one sample recording that links to its show
 * by its file key, as an operator would, until the batch says it went live.
 */
export async function publishTheLinkedSample(page: Page, url: string): Promise<void> {
  const shows = new ShowsPage(page);
  await shows.openAndSync(url);
  const tx = new TranscriptionsPage(page);
  await tx.goHere();
  await expect(tx.recordingCount).toHaveText('9 recordings', { timeout: 60_000 });
  await tx.chip('Linked').click();
  await expect(tx.list).toHaveAttribute('data-result-total', '1', { timeout: 30_000 });
  await tx.list.locator('tbody tr').first().click();
  const publish = new PublishPage(page);
  await expect(publish.publishPicked()).toHaveText('Publish 1');
  await publish.publishPicked().click();
  await publish.confirm(1);
  await expect(publish.batchSummary).toContainText('Finished: 1 published, 0 failed', {
    timeout: 90_000,
  });
  await publish.batch.getByRole('button', { name: 'Done', exact: true }).click();
}

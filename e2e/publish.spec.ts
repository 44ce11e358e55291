import { DEMO_RANDOM_SEED } from '../src/main/demo/samples';
import { expect, startApp, startSimulatorProcess, test, writeSampleRecordings } from './fixtures';
import { PublishPage } from './publish-page';
import { ShowsPage } from './shows-page';
import { TranscriptionsPage } from './transcriptions-page';

/**
 * Batch publishing, end to end: five recordings drag-selected on the Transcriptions screen,
 * published to a Cablecast server, each watched to its VOD; one forced failure shown with its
 * reason and retried.
 *
 * The server is `archivist sim` in a process of its own, set up as the station's server: the demo
 * catalog (which the sample recordings are of), VODs that transcode in a few seconds, and the first
 * `POST /vods` refused with a 400 and a message. A 400 is not retried, so that job fails for good
 * with the server's words, and Retry then succeeds. The demo shows' reels already have their
 * files, so no video is uploaded (the captions are); of the five shows only the file-key
 * recording's has no VOD yet: its job is the one that creates a VOD, and the one refused.
 */
const FORCED_FAILURE = 'The demo server refused to create the VOD (forced failure).';

test('drag-select five recordings, publish them, watch them go live; retry a failure', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const samples = writeSampleRecordings();
  const server = await startSimulatorProcess([
    '--shows',
    '300',
    '--seed',
    String(DEMO_RANDOM_SEED),
    '--vod-queue-ms',
    '500',
    '--transcode-ms',
    '3000',
    '--upload-processing-ms',
    '300',
    '--fault',
    JSON.stringify({
      kind: 'status',
      value: 400,
      method: 'POST',
      path: '/vods',
      times: 1,
      message: FORCED_FAILURE,
    }),
  ]).catch((error: unknown) => {
    samples.remove();
    throw error;
  });
  // Set up as the station's server, as the original Archivist's environment variables do.
  const app = await startApp({
    env: {
      CABLECAST_API_URL: server.url,
      CABLECAST_USER_ID: 'operator',
      CABLECAST_PASSWORD: 'operator',
    },
  }).catch(async (error: unknown) => {
    await server.stop();
    samples.remove();
    throw error;
  });
  try {
    // The suggestions come from the local catalog: copy the demo station's shows first.
    const shows = new ShowsPage(page);
    await shows.openAndSync(app.openUrl);

    const tx = new TranscriptionsPage(page);
    await tx.goHere();
    await tx.addStorageFolder(samples.dir);
    await expect(tx.recordingCount).toHaveText('9 recordings', { timeout: 30_000 });

    // Link the three ready recordings and the one that only lacks a summary (a summary is not
    // needed to publish) by their top suggestion; with the file-key one that is five.
    const linkTopSuggestion = async () => {
      await tx.list.locator('tbody tr').first().click();
      await tx.linkSection
        .getByTestId('suggestion')
        .first()
        .getByRole('button', { name: /^Confirm link to/ })
        .click();
      await expect(page.getByTestId('linked-show')).toBeVisible();
    };
    await tx.chip('Ready').click();
    for (let i = 0; i < 3; i++) await linkTopSuggestion();
    await tx.chip('Ready').click();
    await tx.chip('Needs summary').click();
    await linkTopSuggestion();
    await tx.chip('Linked').click();
    await expect(tx.list).toHaveAttribute('data-result-total', '5');

    // The first one's draft also changes its show's category and thumbnail on Cablecast.
    await tx.list.locator('tbody tr').first().click();
    const fields = tx.draft.getByTestId('show-fields');
    const showId = Number(/As show (\d+)/.exec(await fields.innerText())?.[1]);
    const category = fields.getByLabel('Category', { exact: true });
    const current = await category.inputValue();
    const choices: string[] = [];
    for (const option of await category.locator('option').all())
      choices.push((await option.getAttribute('value')) ?? '');
    const categoryId = choices.find((v) => v !== '' && v !== current)!;
    await category.selectOption(categoryId);
    const thumbnail = fields.getByRole('radio').nth(1);
    const thumbnailId = Number(await thumbnail.getAttribute('value'));
    await thumbnail.check();
    await expect(fields.getByText('changed', { exact: true })).toHaveCount(2);
    await tx.draft.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByTestId('draft-unsaved')).toHaveCount(0);

    // Drag-select the five in the left margin, and Publish 5.
    const publish = new PublishPage(page);
    await publish.dragSelect(tx.list, 0, 4);
    await expect(page.getByTestId('selected-count')).toHaveText('5 selected');
    await expect(publish.publishPicked()).toHaveText('Publish 5');
    await publish.publishPicked().click();

    // The confirmation: what will happen for each, nothing refused, the batch's settings.
    await expect(publish.planItems).toHaveCount(5);
    await expect(publish.plan.getByText('Refused')).toHaveCount(0);
    await expect(publish.plan.getByTestId('batch-settings')).toBeVisible();
    await expect(publish.planItems.first()).toContainText(/upload/i);
    await publish.confirm(5);

    // Each item's progress while it runs, then the end: four live with their VOD links, one
    // failed with the reason.
    await expect(publish.batchItems).toHaveCount(5);
    await expect(publish.batch.getByTestId('job-progress').first()).not.toBeEmpty();
    await expect(publish.batchSummary).toContainText('Finished: 4 published, 1 failed', {
      timeout: 120_000,
    });
    await expect(publish.batch.getByTestId('vod-link')).toHaveCount(4);
    const failed = publish.batchItems.filter({ has: page.getByTestId('job-error') });
    await expect(failed).toHaveCount(1);
    await expect(failed.getByTestId('job-error')).toContainText(FORCED_FAILURE);

    // The notices: a VOD went live, and the failure with its reason.
    await expect(publish.notices.filter({ hasText: 'is live on VOD' }).first()).toBeVisible();
    await expect(publish.notices.filter({ hasText: FORCED_FAILURE })).toHaveCount(1);

    // Retry from the batch view: it goes live too.
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect(publish.batchSummary).toContainText('Finished: 5 published, 0 failed', {
      timeout: 60_000,
    });
    await expect(publish.batch.getByTestId('vod-link')).toHaveCount(5);
    await publish.batch.getByRole('button', { name: 'Done', exact: true }).click();

    // Cablecast has the draft's category and thumbnail.
    const response = await fetch(`${server.url}/shows/${showId}`);
    const { show } = (await response.json()) as { show: { category: number; thumbnail: number } };
    expect(show).toMatchObject({ category: Number(categoryId), thumbnail: thumbnailId });

    // The queue says the same; a job's detail shows its steps and its VOD.
    await publish.goHere();
    await expect(publish.jobs.locator('tbody tr[data-state="done"]')).toHaveCount(5);
    await publish.jobs.locator('tbody tr').first().click();
    await expect(publish.jobDetail.getByTestId('job-steps')).toContainText('Uploading the video');
    await expect(publish.jobDetail.getByTestId('vod-link')).toBeVisible();

    // And the recording's detail: its publish history and its VOD.
    await tx.goHere();
    await tx.chip('All').click();
    await tx.chip('Published').click();
    await expect(tx.list).toHaveAttribute('data-result-total', '5');
    await tx.list.locator('tbody tr').first().click();
    await expect(page.getByTestId('publish-history')).toContainText('Published');
    await expect(page.getByTestId('recording-publish').getByTestId('vod-link')).toBeVisible();

    // A notice per recording of the batch: one click clears them.
    await page.getByRole('button', { name: 'Dismiss all 5 notices' }).click();
    await expect(publish.notices).toHaveCount(0);
  } finally {
    await app.stop();
    await server.stop();
    samples.remove();
  }
});

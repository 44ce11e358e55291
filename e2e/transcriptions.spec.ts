import { expect, test } from './fixtures';
import { ShowsPage } from './shows-page';
import { TranscriptionsPage } from './transcriptions-page';

/** The sample recordings `archivist samples` writes (see its help), by a part of their names. */
const PLANNING = 'Planning Commission Regular meeting (20261028)';
const FILE_KEY = '864-1-City-Council-Regular-meeting';
const CORRUPT = 'Library Board Regular meeting_2026_07_21';
const ZERO_BYTES = 'Heritage Preservation Commission';
const NO_CAPTIONS = 'City Council Work Session September 15 2026';

test('add a folder of recordings, see their states, and confirm a suggested link', async ({
  page,
  samplesApp,
}) => {
  // The suggestions come from the local catalog: copy the demo station's shows first.
  const shows = new ShowsPage(page);
  await shows.openAndSync(samplesApp.openUrl);

  const tx = new TranscriptionsPage(page);
  await tx.goHere();
  await expect(page.getByTestId('no-folders')).toBeVisible();
  await tx.addStorageFolder(samplesApp.samplesDir);
  await expect(tx.recordingCount).toHaveText('9 recordings', { timeout: 30_000 });

  // Each state in words, with its reason beside it.
  await expect(tx.stateOf(FILE_KEY)).toHaveText('Linked');
  await expect(tx.row(FILE_KEY)).toContainText('file key');
  await expect(tx.stateOf(PLANNING)).toHaveText('Ready');
  await expect(tx.stateOf(CORRUPT)).toHaveText('Caption invalid');
  await expect(tx.stateOf(ZERO_BYTES)).toHaveText('Failed');
  await expect(tx.stateOf(NO_CAPTIONS)).toHaveText('Needs captions');
  await expect(tx.row(NO_CAPTIONS)).toContainText('No caption file');
  await expect(tx.row(PLANNING)).toContainText(/Suggested: .*score \d+%/);

  // The chips count by state and filter the list.
  await expect(tx.chip('Caption invalid')).toContainText('2');
  await tx.chip('Caption invalid').click();
  await expect(tx.chip('Caption invalid')).toHaveAttribute('aria-pressed', 'true');
  await expect(tx.list).toHaveAttribute('data-result-total', '2');
  await expect(tx.row(CORRUPT)).toBeVisible();
  await tx.chip('All').click();
  await expect(tx.list).toHaveAttribute('data-result-total', '9');

  // A corrupt caption file: its problems in words, with line and word.
  await tx.select(CORRUPT);
  await expect(page.getByTestId('caption-diagnostics')).toContainText(/Line \d+/);

  // Nothing links by itself: confirm the top suggestion.
  await tx.select(PLANNING);
  await expect(tx.linkSection).toContainText('Not linked to a show');
  const top = tx.linkSection.getByTestId('suggestion').first();
  await expect(top).toContainText('Planning Commission Regular meeting - 10/28/2026');
  await expect(top).toContainText('Same event date');
  await top.getByRole('button', { name: /^Confirm link to/ }).click();
  await expect(page.getByTestId('linked-show')).toContainText(
    'Linked to Planning Commission Regular meeting - 10/28/2026',
  );
  await expect(page.getByTestId('linked-show')).toContainText('Confirmed by an operator');
  await expect(tx.stateOf(PLANNING)).toHaveText('Linked');
  await expect(tx.row(PLANNING)).toContainText('confirmed');

  // Unlink, then pick the show by search instead.
  await page.getByTestId('linked-show').getByRole('button', { name: 'Unlink' }).click();
  await expect(tx.stateOf(PLANNING)).toHaveText('Ready');
  await tx.linkSection.getByRole('button', { name: 'Pick another show…' }).click();
  await page
    .getByRole('searchbox', { name: 'Search shows to link' })
    .fill('Planning Commission Regular meeting - 10/28/2026');
  const results = page.getByTestId('picker-results');
  await results
    .getByRole('button', { name: /^Link to Planning Commission/ })
    .first()
    .click();
  await expect(page.getByTestId('linked-show')).toContainText('Confirmed by an operator');
  await expect(tx.stateOf(PLANNING)).toHaveText('Linked');
});

test('preview the captions, seek from the transcript, and edit the draft chapters', async ({
  page,
  samplesApp,
}) => {
  const tx = new TranscriptionsPage(page);
  await tx.open(samplesApp.openUrl);
  await tx.addStorageFolder(samplesApp.samplesDir);
  await expect(tx.recordingCount).toHaveText('9 recordings', { timeout: 30_000 });
  await tx.select(PLANNING);

  // The captions reach the video as a track, and the transcript lists the same cues.
  await expect.poll(() => tx.trackCueCount(), { timeout: 15_000 }).toBeGreaterThan(0);
  const trackCues = await tx.trackCueCount();
  await expect(tx.cues()).toHaveCount(trackCues);
  await expect(page.getByTestId('cue-count')).toHaveText(`${trackCues} cues`);

  // Find in the transcript: matches are highlighted; clicking a cue seeks the video there.
  await page.getByRole('searchbox', { name: 'Find in the transcript' }).fill('main street');
  await expect(tx.cues()).toHaveCount(1);
  await expect(tx.cues().first().locator('mark')).toHaveText(/main street/i);
  const at = (await tx.cues().first().locator('.tx-cue-at').innerText()).trim();
  const [h, m, s] = at.split(':').map(Number);
  const startSec = (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
  await tx.cues().first().getByRole('button').click();
  await expect.poll(() => tx.videoTime()).toBeGreaterThanOrEqual(startSec);
  expect(await tx.videoTime()).toBeLessThan(startSec + 1);
  await expect(tx.cues().first().getByRole('button')).toHaveAttribute('aria-current', 'true');

  // Propose from the summary: the editor fills, nothing saved yet.
  const propose = tx.draft.getByRole('button', { name: 'Propose from summary' });
  // The proposal must have landed before anything is typed over it: it fills the editor when it
  // arrives, and under load it arrives after the first keystrokes otherwise.
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/rpc/library.draft.propose')),
    propose.click(),
  ]);
  await expect(propose).toBeEnabled();
  await expect(tx.chapterRows()).toHaveCount(3);
  const proposed = await tx.chapters();
  expect(proposed[0]).toMatch(/^0:00:00 /);
  await expect(page.getByTestId('chapter-marker')).toHaveCount(3);

  // Rename the second, move the third before it, delete the first.
  await tx.chapterTitle(2).fill('Main Street contract award');
  await tx.chapterTime(3).fill('0:00:03');
  await tx.chapterTime(3).blur();
  await expect(tx.chapterTitle(2)).toHaveValue(proposed[2]?.replace(/^\S+ /, '') ?? '');
  await page.getByRole('button', { name: /^Delete chapter 1 / }).click();
  await expect(tx.chapterRows()).toHaveCount(2);
  const edited = await tx.chapters();
  expect(edited).toEqual([
    `0:00:03 ${proposed[2]?.replace(/^\S+ /, '')}`,
    '0:00:05 Main Street contract award',
  ]);
  await expect(page.getByTestId('draft-unsaved')).toBeVisible();
  await expect(tx.row(PLANNING)).toContainText('unsaved draft');

  // A bad time is explained and blocks saving.
  await tx.chapterTime(1).fill('0:99:00');
  await expect(tx.draft).toContainText('Minutes and seconds go up to 59');
  await tx.chapterTime(1).fill('0:00:03');

  // The markers follow the editor; a marker seeks.
  await expect(page.getByTestId('chapter-marker')).toHaveCount(2);
  await page.getByRole('button', { name: /^Chapter 2: Main Street contract award/ }).click();
  await expect.poll(() => tx.videoTime()).toBeGreaterThanOrEqual(5);

  await tx.draft.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('draft-saved')).toContainText('Saved');
  await expect(page.getByTestId('draft-unsaved')).toHaveCount(0);

  // Still there after a reload.
  await page.reload();
  await tx.goHere();
  await tx.select(PLANNING);
  await expect(tx.chapterRows()).toHaveCount(2);
  expect(await tx.chapters()).toEqual(edited);
  await expect(tx.draft).toContainText('edited by hand');
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, startApp, test } from './fixtures';
import { ShowsPage } from './shows-page';

/** The demo server is seeded with this many shows in e2e (see fixtures.ts). */
const DEMO_SHOWS = 300;

async function syncDemo(shows: ShowsPage, url: string): Promise<void> {
  await shows.open(url);
  await expect(shows.page.getByTestId('catalog-empty')).toBeVisible();
  await shows.watchForProgressBar();
  await shows.syncNow.click();
  await expect(shows.lastSync).toContainText('Synced', { timeout: 30_000 });
  await expect(shows.grid).toHaveAttribute('data-result-total', String(DEMO_SHOWS));
}

function seconds(runTime: string): number {
  const [h, m, s] = runTime.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

function isSorted(values: string[], direction: 'asc' | 'desc'): boolean {
  const folded = values.map((v) => v.toLowerCase());
  return folded.every((v, i) => {
    const prev = folded[i - 1];
    if (prev === undefined) return true;
    return direction === 'asc' ? prev <= v : prev >= v;
  });
}

test('sync from the demo server with a visible progress bar, then the list', async ({
  page,
  demoApp,
}) => {
  const shows = new ShowsPage(page);
  await syncDemo(shows, demoApp.openUrl);
  const progress = await shows.progressSeen();
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.join('\n')).toMatch(/Reading|Finding|Copying|Checking/);
  await expect(shows.matchCount).toHaveText(`${DEMO_SHOWS} shows`);
  // Virtualized: a few dozen rows in the DOM, not 300.
  const rendered = await shows.grid.locator('[role="row"][aria-rowindex]').count();
  expect(rendered).toBeGreaterThan(10);
  expect(rendered).toBeLessThan(80);
  await expect(shows.grid).toHaveAttribute('aria-rowcount', String(DEMO_SHOWS + 1));
  // Newest first by default.
  await expect(shows.columnHeader('Event date')).toHaveAttribute('aria-sort', 'descending');
  const dates = await shows.columnValues(1, 15);
  expect(isSorted(dates, 'desc')).toBe(true);
  // A second sync is incremental and changes nothing.
  await shows.syncNow.click();
  await expect(shows.lastSync).toContainText('0 new', { timeout: 30_000 });
  await expect(shows.grid).toHaveAttribute('data-result-total', String(DEMO_SHOWS));
});

test('search as you type, filter by category, clear, and sort by column', async ({
  page,
  demoApp,
}) => {
  const shows = new ShowsPage(page);
  await syncDemo(shows, demoApp.openUrl);

  // Type a show's full title key by key: the list ends on the answer for the whole text.
  const title = (await shows.row(7).locator('.title-main').innerText()).trim();
  await shows.search.click();
  await shows.search.pressSequentially(title);
  await shows.waitForResultOf(title);
  const found = await shows.total();
  expect(found).toBeGreaterThan(0);
  expect(found).toBeLessThan(DEMO_SHOWS);
  await expect(shows.matchCount).toContainText(`match of ${DEMO_SHOWS}`);

  // Nothing matches: the empty state says so and offers to clear.
  await shows.searchFor('zzqxv nothing like this');
  await expect(page.getByTestId('no-match')).toBeVisible();
  await page.getByTestId('no-match').getByRole('button', { name: 'Clear filters' }).click();
  await shows.waitForResultOf('');
  await expect(shows.grid).toHaveAttribute('data-result-total', String(DEMO_SHOWS));

  // A category filter: the count is the facet's count, and every row is in that category.
  await page.getByRole('button', { name: 'Category filter' }).click();
  const option = page.getByRole('group', { name: 'Category' }).locator('label').first();
  const name = (await option.locator('.picker-name').innerText()).trim();
  const count = Number((await option.locator('.picker-count').innerText()).replace(/,/g, ''));
  await option.click();
  await page.keyboard.press('Escape');
  await expect(shows.grid).toHaveAttribute('data-result-total', String(count));
  const categories = await shows.columnValues(3, Math.min(count, 10));
  expect(new Set(categories)).toEqual(new Set([name]));
  await expect(page.getByRole('button', { name: 'Category filter, 1 chosen' })).toBeVisible();

  // Captions filter on top: fewer or as many.
  await page.getByRole('combobox', { name: 'Has captions' }).selectOption('yes');
  await expect.poll(() => shows.total()).toBeLessThanOrEqual(count);
  await expect(shows.row(0).getByRole('gridcell').nth(8)).toContainText('✓');

  await shows.clearFilters.click();
  await expect(shows.grid).toHaveAttribute('data-result-total', String(DEMO_SHOWS));

  // Sort by title: ascending, then descending on a second click.
  await shows.sortBy('Title');
  await expect(shows.columnHeader('Title')).toHaveAttribute('aria-sort', 'ascending');
  await expect(shows.columnHeader('Event date')).toHaveAttribute('aria-sort', 'none');
  await expect.poll(async () => isSorted(await shows.columnValues(2, 15), 'asc')).toBe(true);
  await shows.sortBy('Title');
  await expect(shows.columnHeader('Title')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => isSorted(await shows.columnValues(2, 15), 'desc')).toBe(true);

  // Run time: longest first.
  await shows.sortBy('Run time');
  await expect(shows.columnHeader('Run time')).toHaveAttribute('aria-sort', 'descending');
  await expect
    .poll(async () => {
      const times = (await shows.columnValues(6, 15)).map(seconds);
      return times.every((t, i) => i === 0 || times[i - 1]! >= t);
    })
    .toBe(true);
});

test('select with click, shift-click, ctrl-click and the keyboard', async ({ page, demoApp }) => {
  const shows = new ShowsPage(page);
  await syncDemo(shows, demoApp.openUrl);

  await shows.titleCell(3).click();
  await shows.titleCell(9).click({ modifiers: ['Shift'] });
  expect(await shows.selectedIndexes()).toEqual([3, 4, 5, 6, 7, 8, 9]);
  await expect(shows.selectedCount).toHaveText('7 selected');
  await shows.titleCell(6).click({ modifiers: ['Control'] });
  expect(await shows.selectedIndexes()).toEqual([3, 4, 5, 7, 8, 9]);
  // A shift-click after a ctrl-click ranges from the row ctrl-clicked.
  await shows.titleCell(1).click({ modifiers: ['Shift'] });
  expect(await shows.selectedIndexes()).toEqual([1, 2, 3, 4, 5, 6]);

  // Keyboard: the grid has focus after a click.
  await shows.titleCell(0).click();
  await expect(shows.grid).toBeFocused();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
  expect(await shows.selectedIndexes()).toEqual([0, 1, 2, 3, 4]);
  await expect(shows.selectedCount).toHaveText('5 selected');
  await page.keyboard.press('Shift+ArrowUp');
  expect(await shows.selectedIndexes()).toEqual([0, 1, 2, 3]);
  await page.keyboard.press('ArrowDown');
  expect(await shows.selectedIndexes()).toEqual([4]);
  await expect(shows.grid).toHaveAttribute('aria-activedescendant', 'show-row-4');

  // End goes to the last show (far beyond the rows rendered), Shift+Home selects all the way up.
  await page.keyboard.press('End');
  await expect(shows.row(DEMO_SHOWS - 1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Shift+Home');
  await expect(shows.selectedCount).toHaveText(`${DEMO_SHOWS} selected`);
  await page.keyboard.press('Escape');
  await expect(shows.selectedCount).toHaveCount(0);

  // Ctrl+A: every show matching the filter, loaded or not.
  await shows.searchFor('meeting');
  const matching = await shows.total();
  await shows.titleCell(0).click();
  await page.keyboard.press('Control+a');
  await expect(shows.selectedCount).toHaveText(`${matching} selected`);
  await expect(page.getByRole('button', { name: /^Select all .* matching$/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(shows.selectedCount).toHaveCount(0);
  await page.getByRole('button', { name: `Select all ${matching} matching` }).click();
  await expect(shows.selectedCount).toHaveText(`${matching} selected`);
});

test('drag-select a band that auto-scrolls over rows never rendered', async ({ page, demoApp }) => {
  const shows = new ShowsPage(page);
  await syncDemo(shows, demoApp.openUrl);
  // Row 90 is far below the view when the drag begins: not in the DOM.
  await expect(shows.row(90)).toHaveCount(0);

  await shows.dragFromGutterPastBottom(2, 100);
  const focus = await shows.grid.getAttribute('aria-activedescendant');
  const end = Number(focus?.replace('show-row-', ''));
  expect(end).toBeGreaterThan(90);
  await expect(shows.selectedCount).toHaveText(`${end - 2 + 1} selected`);
  await expect(shows.row(end)).toHaveAttribute('aria-selected', 'true');
  await expect(shows.row(end + 1)).toHaveAttribute('aria-selected', 'false');
  // The rows the list scrolled past were selected by index, not by what was on screen.
  await shows.scrollToRow(40);
  await expect(shows.row(40)).toHaveAttribute('aria-selected', 'true');
  await shows.scrollToRow(0);
  await expect(shows.row(1)).toHaveAttribute('aria-selected', 'false');
  await expect(shows.row(2)).toHaveAttribute('aria-selected', 'true');

  // A plain click in the gutter ticks one row more, like a checkbox, and unticks it again.
  await shows.gutter(0).click();
  await expect(shows.row(0)).toHaveAttribute('aria-selected', 'true');
  await expect(shows.selectedCount).toHaveText(`${end - 2 + 2} selected`);
  await shows.gutter(0).click();
  await expect(shows.row(0)).toHaveAttribute('aria-selected', 'false');

  // A plain drag replaces the selection with the band.
  const from = await shows.gutter(5).boundingBox();
  const to = await shows.gutter(8).boundingBox();
  await page.mouse.move(from!.x + 8, from!.y + 10);
  await page.mouse.down();
  await page.mouse.move(from!.x + 120, to!.y + 10, { steps: 8 });
  await expect(page.getByTestId('drag-band')).toBeVisible();
  await page.mouse.up();
  expect(await shows.selectedIndexes()).toEqual([5, 6, 7, 8]);
});

test('the detail pane shows the focused show, with its VOD and chapters', async ({
  page,
  demoApp,
}) => {
  const shows = new ShowsPage(page);
  await syncDemo(shows, demoApp.openUrl);
  await expect(shows.detail).toContainText('Select a show');

  const id = await shows.row(4).getAttribute('data-show-id');
  const title = (await shows.row(4).locator('.title-main').innerText()).trim();
  await shows.titleCell(4).click();
  await expect(shows.detail).toHaveAttribute('data-show-id', id!);
  await expect(shows.detail.getByRole('heading', { level: 2 })).toHaveText(title);
  await expect(shows.detail).toContainText(`Show id${id}`);
  await expect(shows.detail.getByRole('heading', { name: 'Reels' })).toBeVisible();
  await expect(shows.detail.getByRole('heading', { name: 'VOD' })).toBeVisible();
  await expect(shows.detail.getByTestId('detail-chapters')).toContainText(
    /No VOD|No chapters|From Cablecast|did not answer|Not read/,
  );

  // The keyboard moves the detail along.
  const nextId = await shows.row(5).getAttribute('data-show-id');
  await page.keyboard.press('ArrowDown');
  await expect(shows.detail).toHaveAttribute('data-show-id', nextId!);
});

test('a fresh install says to set up a server first', async ({ page, emptyApp }) => {
  const shows = new ShowsPage(page);
  await shows.open(emptyApp.openUrl);
  await expect(page.getByTestId('no-server')).toBeVisible();
  await expect(shows.syncNow).toBeDisabled();
  await page.getByTestId('no-server').getByRole('button', { name: 'Open Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
});

// Screenshots to look at (1280x800): ARCHIVIST_SCREENSHOTS=1 npx playwright test e2e/shows.spec.ts
test('screenshots of the Shows screen', async ({ page }) => {
  test.skip(!process.env.ARCHIVIST_SCREENSHOTS, 'Set ARCHIVIST_SCREENSHOTS=1 to take them.');
  test.setTimeout(180_000);
  const dir = join('test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const app = await startApp({ demo: true, demoShows: 20_000 });
  try {
    const shows = new ShowsPage(page);
    await shows.open(app.openUrl);
    await expect(page.getByTestId('catalog-empty')).toBeVisible();
    await page.screenshot({ path: join(dir, 'shows-empty.png') });
    await shows.syncNow.click();
    await expect(shows.progress).toBeVisible();
    await expect.poll(() => shows.total(), { timeout: 30_000 }).toBeGreaterThan(100);
    await page.screenshot({ path: join(dir, 'shows-sync-running.png') });
    await expect(shows.lastSync).toContainText('Synced', { timeout: 60_000 });
    await page.screenshot({ path: join(dir, 'shows-list.png') });
    await shows.titleCell(3).click();
    await expect(shows.detail.getByRole('heading', { level: 2 })).toBeVisible();
    await page.screenshot({ path: join(dir, 'shows-detail.png') });
    const start = await shows.gutter(2).boundingBox();
    await page.mouse.move(start!.x + 8, start!.y + 10);
    await page.mouse.down();
    await page.mouse.move(start!.x + 360, start!.y + 260, { steps: 10 });
    await page.screenshot({ path: join(dir, 'shows-drag.png') });
    await page.mouse.up();
    await shows.searchFor('council budget');
    await page.getByRole('button', { name: 'Category filter' }).click();
    await page.screenshot({ path: join(dir, 'shows-search-filter.png') });
  } finally {
    await app.stop();
  }
});

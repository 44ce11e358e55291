import { readFileSync } from 'node:fs';
import { DEFAULT_SEED_UNTIL } from '../src/main/simulator/seed';
import { publishTheLinkedSample } from './demo-publish';
import { expect, startApp, test } from './fixtures';
import { goToScreen } from './navigation';

/**
 * The Analytics screen on the demo: the demo station's catalog (its VODs and their view counts),
 * its sample recordings (whose captions are valid, broken or missing), and one recording published
 * here, shown as charts over a period, each exported as CSV.
 */
test('the Analytics screen shows the demo data as charts, each exported as CSV', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const app = await startApp({ demo: true });
  try {
    await publishTheLinkedSample(page, app.openUrl);

    // A period that holds the demo station's last twelve weeks of meetings and today.
    await goToScreen(page, 'Analytics');
    const seedEnd = DEFAULT_SEED_UNTIL.slice(0, 10);
    const from = new Date(Date.parse(`${seedEnd}T00:00:00Z`) - 84 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const period = page.getByRole('form', { name: 'Period' });
    await period.getByLabel('From').fill(from);
    await period.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByTestId('analytics-period')).toContainText(`${from} to `);

    const card = (id: string) => page.locator(`[data-chart="${id}"]`);
    const bars = (id: string) => card(id).locator('.recharts-bar-rectangle path');

    // What was published here: one VOD, live, nothing failed.
    await expect(page.getByTestId('figure-published')).toHaveText('1 VOD live in the period');
    await expect(page.getByTestId('figure-outcomes')).toContainText('100 % went live');
    await expect(bars('published')).toHaveCount(1);
    await expect(page.getByTestId('figure-leadTime')).toContainText('Median');
    await expect(card('failures')).toContainText('No publish failed in this period.');

    // The sample recordings' captions: some valid, some broken, one without.
    await expect(page.getByTestId('figure-coverage')).toContainText(/\d+ % of \d+ recordings/);
    await expect(card('coverage').getByText('Invalid captions')).toBeVisible();
    expect(await bars('coverage').count()).toBeGreaterThan(1);

    // The demo catalog's VOD views, most viewed first, as the chart and its CSV say alike.
    await expect(page.getByTestId('figure-views')).toContainText(/[\d,]+ views of [\d,]+ VODs/);
    const viewBars = await bars('views').count();
    expect(viewBars).toBeGreaterThan(0);
    expect(viewBars).toBeLessThanOrEqual(20);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card('views')
        .getByRole('button', { name: /Export .* as CSV/ })
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^archivist-views-.+\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('show_id,title,event_date,vod_id,views');
    expect(lines).toHaveLength(viewBars + 1);
    const views = lines.slice(1).map((line) => Number(line.split(',').at(-1)));
    expect(views).toEqual([...views].sort((a, b) => b - a));
    expect(views[0]).toBeGreaterThan(0);

    const [published] = await Promise.all([
      page.waitForEvent('download'),
      card('published')
        .getByRole('button', { name: /Export .* as CSV/ })
        .click(),
    ]);
    const weeks = readFileSync(await published.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(weeks[0]).toBe('week,published_by_operator,published_by_auto_publish,published_total');
    expect(weeks.slice(1).filter((line) => line.endsWith(',1,0,1'))).toHaveLength(1);
  } finally {
    await app.stop();
  }
});

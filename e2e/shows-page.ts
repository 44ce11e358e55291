import { expect, type Locator, type Page } from '@playwright/test';
import { openScreen } from './navigation';

/** What `watchForProgressBar` uses of the page's globals. */
interface PageGlobals {
  document: {
    body: unknown;
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  };
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: Record<string, unknown>): void;
  };
  __progressSeen?: string[];
}

/** Height of one list row in pixels (the renderer's ROW_HEIGHT). */
export const ROW_HEIGHT = 30;

/** The Shows screen, as an operator sees it. */
export class ShowsPage {
  readonly grid: Locator;
  readonly search: Locator;
  readonly syncNow: Locator;
  readonly fullSync: Locator;
  readonly cancelSync: Locator;
  readonly progress: Locator;
  readonly lastSync: Locator;
  readonly matchCount: Locator;
  readonly selectedCount: Locator;
  readonly detail: Locator;
  readonly clearFilters: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: 'Shows' });
    this.search = page.getByRole('searchbox', { name: 'Search shows' });
    this.syncNow = page.getByRole('group', { name: 'Catalog sync' }).getByRole('button', {
      name: 'Sync now',
    });
    this.fullSync = page.getByRole('button', { name: 'Full sync' });
    this.cancelSync = page.getByRole('button', { name: 'Cancel sync' });
    this.progress = page.getByRole('progressbar');
    this.lastSync = page.getByTestId('last-sync');
    this.matchCount = page.getByTestId('match-count');
    this.selectedCount = page.getByTestId('selected-count');
    this.detail = page.getByTestId('detail-pane');
    this.clearFilters = page.getByRole('group', { name: 'Filters' }).getByRole('button', {
      name: 'Clear filters',
    });
  }

  async open(url: string): Promise<void> {
    await openScreen(this.page, url, 'Shows');
  }

  /** Opens the app on the Shows screen and copies the server's catalog (the usual first step). */
  async openAndSync(url: string): Promise<void> {
    await this.open(url);
    await this.syncNow.click();
    await expect(this.lastSync).toContainText('Synced', { timeout: 30_000 });
  }

  /** The row at a 0-based position in the current result (rendered only near the view). */
  row(index: number): Locator {
    return this.grid.locator(`[role="row"][aria-rowindex="${index + 2}"]`);
  }

  /** The selection gutter of a row: where a drag-select starts. */
  gutter(index: number): Locator {
    return this.row(index).locator('[data-gutter]');
  }

  titleCell(index: number): Locator {
    return this.row(index).getByRole('gridcell').nth(2);
  }

  /** Watches the page for the sync progress bar, so a sync quicker than a poll is still seen. */
  async watchForProgressBar(): Promise<void> {
    await this.page.evaluate(() => {
      // Runs in the page (the e2e project has no DOM types).
      const g = globalThis as unknown as PageGlobals;
      const seen: string[] = [];
      g.__progressSeen = seen;
      const record = () => {
        const text = g.document
          .querySelector('[role="progressbar"]')
          ?.getAttribute('aria-valuetext');
        if (text && seen.at(-1) !== text) seen.push(text);
      };
      new g.MutationObserver(record).observe(g.document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-valuetext'],
      });
    });
  }

  /** The progress texts the bar showed since `watchForProgressBar`. */
  progressSeen(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as unknown as PageGlobals).__progressSeen ?? []);
  }

  /** Waits until the list shows the answer for this search text. */
  async waitForResultOf(text: string): Promise<void> {
    await expect(this.grid).toHaveAttribute('data-result-text', text.trim());
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await this.waitForResultOf(text);
  }

  /** How many shows the list says match. */
  async total(): Promise<number> {
    return Number(await this.grid.getAttribute('data-result-total'));
  }

  async selectedIndexes(): Promise<number[]> {
    return this.grid
      .locator('[role="row"][aria-selected="true"]')
      .evaluateAll((rows) =>
        rows.map((r) => Number(r.getAttribute('aria-rowindex')) - 2).sort((a, b) => a - b),
      );
  }

  columnHeader(name: string): Locator {
    return this.grid.getByRole('columnheader', { name });
  }

  async sortBy(name: string): Promise<void> {
    await this.columnHeader(name).getByRole('button').click();
  }

  /** The text of one column for the rows rendered from the top, in order. */
  async columnValues(column: number, count: number): Promise<string[]> {
    const values: string[] = [];
    for (let i = 0; i < count; i++) {
      values.push((await this.row(i).getByRole('gridcell').nth(column).innerText()).trim());
    }
    return values;
  }

  /** Scrolls the list so that row `index` is at the top of the view. */
  async scrollToRow(index: number): Promise<void> {
    await this.grid.evaluate((el, top) => {
      el.scrollTop = top;
    }, index * ROW_HEIGHT);
    await this.row(index).waitFor();
  }

  /** The first row index in view. */
  async firstRowInView(): Promise<number> {
    return this.grid.evaluate((el, h) => Math.floor(el.scrollTop / h), ROW_HEIGHT);
  }

  /**
   * Presses in the gutter of row `from` and drags: to the bottom edge of the list (and past it),
   * holding there so the list scrolls by itself, until `untilRow` is in view; then releases.
   */
  async dragFromGutterPastBottom(from: number, untilRow: number): Promise<void> {
    const start = await this.gutter(from).boundingBox();
    const box = await this.grid.boundingBox();
    if (!start || !box) throw new Error('The list is not on screen.');
    const x = start.x + start.width / 2;
    await this.page.mouse.move(x, start.y + start.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(x + 200, start.y + 120, { steps: 6 });
    await expect(this.page.getByTestId('drag-band')).toBeVisible();
    // Past the bottom edge: auto-scroll at full speed.
    await this.page.mouse.move(x + 220, box.y + box.height + 30, { steps: 4 });
    await expect
      .poll(() => this.firstRowInView(), { timeout: 20_000 })
      .toBeGreaterThan(untilRow - 10);
    // Back inside, just above the bottom edge zone, to stop scrolling before releasing.
    await this.page.mouse.move(x + 220, box.y + box.height / 2, { steps: 2 });
    await this.page.mouse.up();
    await expect(this.page.getByTestId('drag-band')).toHaveCount(0);
  }
}

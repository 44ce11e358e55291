import { expect, type Locator, type Page } from '@playwright/test';
import { goToScreen } from './navigation';

/** The publishing dialogs and the Publish queue screen, as an operator sees them. */
export class PublishPage {
  readonly plan: Locator;
  readonly planItems: Locator;
  readonly batch: Locator;
  readonly batchItems: Locator;
  readonly batchSummary: Locator;
  readonly notices: Locator;
  readonly jobs: Locator;
  readonly jobDetail: Locator;

  constructor(readonly page: Page) {
    this.plan = page.getByTestId('publish-plan');
    this.planItems = this.plan.getByTestId('plan-item');
    this.batch = page.getByTestId('batch-view');
    this.batchItems = this.batch.getByTestId('batch-item');
    this.batchSummary = this.batch.getByTestId('batch-summary');
    this.notices = page.getByTestId('notice');
    this.jobs = page.getByRole('grid', { name: 'Publish jobs' });
    this.jobDetail = page.getByTestId('job-detail');
  }

  /**
   * Drag-selects rows `from`..`to` (0-based) of a list: presses in the left margin of the first
   * and drags down to the last, as an operator would.
   */
  async dragSelect(list: Locator, from: number, to: number): Promise<void> {
    const gutter = (n: number) => list.locator('tbody tr').nth(n).locator('[data-gutter]');
    const start = await gutter(from).boundingBox();
    const end = await gutter(to).boundingBox();
    if (!start || !end) throw new Error('The rows to drag over are not on screen.');
    await this.page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(start.x + start.width / 2, start.y + start.height, { steps: 4 });
    await this.page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Publish N under a list with rows picked. */
  publishPicked(): Locator {
    return this.page.getByTestId('publish-picked');
  }

  /** From anywhere in the app, by the sidebar. */
  async goHere(): Promise<void> {
    await goToScreen(this.page, 'Publish queue');
  }

  /** Confirms the open plan: presses its "Publish N" and waits for the batch view. */
  async confirm(count: number): Promise<void> {
    await this.plan.getByRole('button', { name: `Publish ${count}`, exact: true }).click();
    await expect(this.batch).toBeVisible();
  }

  batchItem(text: string): Locator {
    return this.batchItems.filter({ hasText: text });
  }

  job(text: string): Locator {
    return this.jobs.locator('tbody tr', { hasText: text });
  }
}

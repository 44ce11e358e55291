import { DEMO_RANDOM_SEED } from '../src/main/demo/samples';
import { expect, startAppOn, startSimulatorProcess, test } from './fixtures';
import { ShowsPage } from './shows-page';

/*
 * Two-way metadata sync as a station lives it: an operator corrects a show's metadata in the
 * Shows detail pane and pushes it; then corrects the public title again while the clerk renames
 * the same show in Cablecast itself, and settles the conflict side by side.
 */

const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;

interface ServerShow {
  id: number;
  cgTitle: string | null;
  comments: string | null;
  [key: string]: unknown;
}

test('edit a show, push it; change it on Cablecast too, and resolve the conflict', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const server = await startSimulatorProcess([
    '--shows',
    '300',
    '--seed',
    String(DEMO_RANDOM_SEED),
  ]);
  const app = await startAppOn(server);
  const onServer = async (id: number): Promise<ServerShow> => {
    const response = await fetch(`${server.url}/shows/${id}`, {
      headers: { authorization: ADMIN },
    });
    return ((await response.json()) as { show: ServerShow }).show;
  };
  /** The clerk, in Cablecast's own interface. */
  const renameOnServer = async (id: number, cgTitle: string): Promise<void> => {
    const show = await onServer(id);
    const response = await fetch(`${server.url}/shows/${id}`, {
      method: 'PUT',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ show: { ...show, cgTitle } }),
    });
    expect(response.status).toBe(200);
  };

  try {
    const shows = new ShowsPage(page);
    await shows.openAndSync(app.openUrl);

    // The list refreshes a moment after the sync ends (its first rows change as the sync writes):
    // wait until its first row stays the same, then pick it.
    let first = '';
    await expect
      .poll(
        async () => {
          const now = (await shows.row(0).getAttribute('data-show-id')) ?? '';
          const stable = now !== '' && now === first;
          first = now;
          return stable;
        },
        { intervals: [700], timeout: 15_000 },
      )
      .toBe(true);
    await shows.row(0).click();
    await expect(shows.detail).toHaveAttribute('data-show-id', first);
    const id = Number(first);
    const before = await onServer(id);

    // First edit: a public title and a description, pushed at once.
    await shows.detail.getByRole('button', { name: 'Edit metadata' }).click();
    const form = shows.detail.getByRole('form', { name: 'Edit show metadata' });
    await form.getByLabel('Public title').fill('Council meeting, corrected');
    await form.getByLabel('Description').fill('Budget hearing and the senior center lease.');
    await form.getByRole('button', { name: 'Save edits' }).click();
    const edits = shows.detail.getByTestId('show-edits');
    await expect(edits).toHaveAttribute('data-state', 'pending');
    await expect(edits).toContainText('Not on Cablecast yet');
    await expect(shows.row(0)).toContainText('Edited');
    // Kept here only, until a sync pushes it.
    expect((await onServer(id)).cgTitle).toBe(before.cgTitle);

    await edits.getByRole('button', { name: 'Push now' }).click();
    await expect(edits).toHaveCount(0);
    await expect(shows.row(0)).not.toContainText('Edited');
    const pushed = await onServer(id);
    expect(pushed.cgTitle).toBe('Council meeting, corrected');
    expect(pushed.comments).toBe('Budget hearing and the senior center lease.');
    // Only those two fields changed on Cablecast.
    for (const key of ['title', 'category', 'producer', 'project', 'eventDate', 'customFields']) {
      expect(pushed[key], key).toEqual(before[key]);
    }

    // Second edit, while the clerk renames the show on Cablecast.
    await shows.detail.getByRole('button', { name: 'Edit metadata' }).click();
    await form.getByLabel('Public title').fill('Regular Council Meeting (master control)');
    await form.getByRole('button', { name: 'Save edits' }).click();
    await expect(edits).toHaveAttribute('data-state', 'pending');
    await renameOnServer(id, 'Regular Council Meeting (clerk)');

    await edits.getByRole('button', { name: 'Push now' }).click();
    await expect(edits).toHaveAttribute('data-state', 'conflict');
    const field = edits.getByRole('listitem', { name: 'Public title' });
    await expect(field.locator('.edit-local')).toContainText(
      'Regular Council Meeting (master control)',
    );
    await expect(field.locator('.edit-server')).toContainText('Regular Council Meeting (clerk)');
    await expect(field).toContainText(
      'When you edited it, Cablecast had “Council meeting, corrected”',
    );
    await expect(shows.row(0)).toContainText('Conflict');
    // Nothing was overwritten.
    expect((await onServer(id)).cgTitle).toBe('Regular Council Meeting (clerk)');

    // The Conflicts filter finds it.
    await page.getByLabel('Local edits').selectOption('conflict');
    await expect(shows.matchCount).toContainText('1 show');
    await page.getByLabel('Local edits').selectOption('');

    // The operator keeps their title; it is written straight away.
    await field.getByRole('button', { name: 'Keep mine' }).click();
    await expect(edits).toHaveCount(0, { timeout: 15_000 });
    await expect
      .poll(async () => (await onServer(id)).cgTitle)
      .toBe('Regular Council Meeting (master control)');
    await expect(shows.detail).toContainText(
      'Public title: Regular Council Meeting (master control)',
    );
  } finally {
    await app.stop();
    await server.stop();
  }
});

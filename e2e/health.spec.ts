import { expect, startApp, startAppOn, startSimulatorProcess, test } from './fixtures';
import { goToScreen } from './navigation';

/*
 * The Health screen and the health endpoint, as an operator and the station's monitoring see them:
 * every service with its state, since when and its 24-hour timeline; and `GET /api/health`
 * without a token in the original shape.
 */

test('the Health screen shows every service, and the endpoint answers monitors', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const app = await startApp({ demo: true });
  try {
    await page.goto(app.openUrl);
    await goToScreen(page, 'Health');
    const services = page.getByRole('list', { name: 'Services' });
    for (const name of [
      'Cablecast',
      'VOD pipeline',
      'Webhooks',
      'Storage folders',
      'Local database',
    ]) {
      await expect(services.getByRole('listitem', { name })).toBeVisible();
    }
    // Checked now (the first check may have run before the demo server was chosen).
    await page.getByRole('button', { name: 'Check now' }).click();
    const cablecast = services.getByRole('listitem', { name: 'Cablecast' });
    await expect(cablecast).toHaveAttribute('data-state', 'ok', { timeout: 20_000 });
    await expect(cablecast).toContainText('Reachable, version');
    await expect(
      services.getByRole('img', { name: 'Local database, last 24 hours' }),
    ).toBeVisible();
    await expect(page.getByTestId('health-overall')).toContainText('Checked');

    const origin = new URL(app.openUrl).origin;
    const answer = await fetch(`${origin}/api/health`);
    expect([200, 503]).toContain(answer.status);
    const body = (await answer.json()) as { healthy: boolean; services: Record<string, boolean> };
    expect(answer.status).toBe(body.healthy ? 200 : 503);
    expect(Object.keys(body.services)).toEqual([
      'cablecast',
      'vod',
      'webhooks',
      'storage',
      'database',
    ]);
  } finally {
    await app.stop();
  }
});

test('stop the Cablecast server: the Health screen turns red, and green when it returns', async ({
  page,
}) => {
  test.setTimeout(120_000);
  let server = await startSimulatorProcess(['--shows', '50']);
  const port = new URL(server.url).port;
  const app = await startAppOn(server);
  try {
    await page.goto(app.openUrl);
    await goToScreen(page, 'Health');
    const cablecast = page
      .getByRole('list', { name: 'Services' })
      .getByRole('listitem', { name: 'Cablecast' });
    const checkNow = page.getByRole('button', { name: 'Check now' });
    await checkNow.click();
    await expect(cablecast).toHaveAttribute('data-state', 'ok', { timeout: 20_000 });

    await server.stop();
    await checkNow.click();
    await expect(cablecast).toHaveAttribute('data-state', 'down', { timeout: 20_000 });
    await expect(cablecast).toContainText('What to do:');
    await expect(page.getByTestId('health-overall')).toHaveAttribute('data-healthy', 'false');

    // The same server comes back on its address.
    server = await startSimulatorProcess(['--shows', '50', '--port', port]);
    await checkNow.click();
    await expect(cablecast).toHaveAttribute('data-state', 'ok', { timeout: 20_000 });
    await expect(page.getByTestId('health-overall')).toHaveAttribute('data-healthy', 'true');
  } finally {
    await app.stop();
    await server.stop();
  }
});

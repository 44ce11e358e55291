import type { Page } from '@playwright/test';
import { expect, startApp, startAppOn, startSimulatorProcess, test } from './fixtures';
import { goToScreen } from './navigation';

/** The part of the page's `navigator` these tests use (the e2e code is typed for Node). */
interface PageClipboard {
  navigator: {
    clipboard: { readText(): Promise<string>; writeText(text: string): Promise<void> };
  };
}

/** The text on the clipboard, as the page reads it (the context may read it). */
function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() =>
    (globalThis as unknown as PageClipboard).navigator.clipboard.readText(),
  );
}

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

test('Copy diagnostics puts a report for station IT on the clipboard, and never a secret', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const ssoSecret = 'e2e-sso-client-secret-4b7Qm2';
  const querySecret = 'e2e-hook-query-secret-8Xw3Lp';
  const app = await startApp({
    demo: true,
    env: { SSO_CLIENT_ID: 'archivist-station', SSO_CLIENT_SECRET: ssoSecret },
  });
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const origin = new URL(app.openUrl).origin;
    const runToken = new URL(app.openUrl).searchParams.get('token') ?? '';
    expect(runToken.length).toBeGreaterThan(8);
    const rpc = async <T>(method: string, input: unknown): Promise<T> => {
      const answer = await fetch(`${origin}/api/rpc/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${runToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await answer.json()) as { ok: boolean; value: T };
      expect(body.ok).toBe(true);
      return body.value;
    };
    // Secrets the app holds: a webhook's (and one in its address), an API token, the sign-in
    // client secret from the environment, and the page's own per-run token.
    const hook = await rpc<{ secret: string }>('webhooks.add', {
      url: `http://127.0.0.1:9/hook?token=${querySecret}`,
      events: ['system.alert'],
    });
    const apiToken = await rpc<{ token: string }>('tokens.create', {
      name: 'playout script',
      role: 'operator',
    });
    const { version } = await rpc<{ version: string }>('app.info', {});

    const page = await context.newPage();
    await page.goto(app.openUrl);
    await goToScreen(page, 'Health');
    const cablecast = page
      .getByRole('list', { name: 'Services' })
      .getByRole('listitem', { name: 'Cablecast' });
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect(cablecast).toHaveAttribute('data-state', 'ok', { timeout: 20_000 });
    await page.screenshot({ path: test.info().outputPath('health-screen.png') });

    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await expect
      .poll(() => readClipboard(page), { timeout: 20_000 })
      .toContain('Archivist Desktop diagnostics');
    const text = await readClipboard(page);
    expect(text).toContain(`Version: ${version}`);
    expect(text).toContain('Host: browser (the browser host)');
    expect(text).toMatch(/^cablecast +ok +since .*Reachable, version /m);
    expect(text).toContain('sso.clientId = "archivist-station" (from SSO_CLIENT_ID)');
    expect(text).toContain('?token=[redacted]');
    for (const secret of [ssoSecret, querySecret, hook.secret, apiToken.token, runToken]) {
      expect(text).not.toContain(secret);
    }
    // Nothing to select by hand when the clipboard took it.
    await expect(page.getByLabel(/The clipboard was not available/)).toHaveCount(0);

    // A clipboard that refuses: the text is shown, read-only, to select and copy by hand.
    const refused = await context.newPage();
    await refused.addInitScript(() => {
      const { clipboard } = (globalThis as unknown as PageClipboard).navigator;
      Object.defineProperty(clipboard, 'writeText', {
        value: () =>
          Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')),
      });
    });
    await refused.goto(app.openUrl);
    await goToScreen(refused, 'Health');
    await refused.getByRole('button', { name: 'Copy diagnostics' }).click();
    const box = refused.getByLabel(/The clipboard was not available/);
    await expect(box).toBeVisible();
    await expect(box).toHaveJSProperty('readOnly', true);
    const shown = await box.inputValue();
    expect(shown).toContain(`Version: ${version}`);
    expect(shown).not.toContain(hook.secret);
    await refused.screenshot({ path: test.info().outputPath('health-diagnostics-refused.png') });
  } finally {
    await context.close();
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

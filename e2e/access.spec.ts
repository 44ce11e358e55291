import { readFileSync } from 'node:fs';
import { expect, startApp, test } from './fixtures';
import { goToScreen, openScreen } from './navigation';

/**
 * Station IT makes an API token for a script in Settings, the script calls the REST API with it
 * (what its role allows, and something it does not), the token is revoked, and every step is in
 * the audit trail under the right name.
 */
test('an API token made in Settings calls the REST API, is revoked, and is in the audit trail', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const app = await startApp({ demo: true });
  try {
    const origin = new URL(app.openUrl).origin;
    await openScreen(page, app.openUrl, 'Settings');
    const panel = page.getByRole('region', { name: 'API tokens' });
    await expect(panel.getByText('No tokens yet.')).toBeVisible();
    await panel.getByText('Make a token').click();
    const form = panel.getByRole('form', { name: 'Make an API token' });
    await form.getByLabel('Name (what uses it)').fill('playout script');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByRole('button', { name: 'Make token' }).click();
    const token = (await panel.getByTestId('api-token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^arch_[A-Za-z0-9_-]{40,}$/);
    await panel.screenshot({ path: test.info().outputPath('api-tokens.png') });
    await panel.getByRole('button', { name: 'Done' }).click();
    await expect(panel.getByTestId('api-token')).toHaveCount(0);
    const row = panel.getByRole('row', { name: 'playout script' });
    await expect(row).toContainText('operator');
    await expect(row).toContainText(token.slice(0, 10));

    const auth = { Authorization: `Bearer ${token}` };
    // What an operator's script may do: read the catalog, start a sync.
    const shows = await request.get(`${origin}/api/cablecast/shows?page_size=5`, { headers: auth });
    expect(shows.status()).toBe(200);
    expect(await shows.json()).toMatchObject({ success: true });
    const sync = await request.post(`${origin}/api/cablecast/sync/shows?wait=true`, {
      headers: auth,
    });
    expect(sync.status()).toBe(200);
    expect(await sync.json()).toMatchObject({ success: true });
    // What it may not: the settings are for an admin.
    const settings = await request.post(`${origin}/api/rpc/settings.update`, {
      headers: auth,
      data: { cablecast: { timeoutMs: 5000 } },
    });
    expect(settings.status()).toBe(403);
    expect(await settings.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Bad input names the field.
    const bad = await request.get(`${origin}/api/cablecast/shows?page_size=lots`, {
      headers: auth,
    });
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ success: false, path: 'query.page_size' });

    // The token is seen as used, then revoked; the script is turned away from then on.
    await page.reload();
    await goToScreen(page, 'Settings');
    await expect(row).not.toContainText('never');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(row).toContainText('Revoked');
    const after = await request.get(`${origin}/api/cablecast/shows`, { headers: auth });
    expect(after.status()).toBe(401);

    // The audit trail: who made and revoked the token, what the token did and was refused.
    await goToScreen(page, 'Audit trail');
    const trail = page.getByRole('table', { name: 'Audit trail' });
    await expect(trail.locator('tr[data-action="tokens.create"]')).toContainText('playout script');
    await expect(trail.locator('tr[data-action="tokens.revoke"]')).toHaveCount(1);
    await page.getByLabel('Who').fill('playout script');
    await expect(page.getByTestId('audit-total')).toHaveText('2 entries');
    const refused = trail.locator('tr[data-action="settings.update"]');
    await expect(refused).toContainText('Refused (FORBIDDEN)');
    await expect(refused).toContainText('(http)');
    await expect(trail.locator('tr[data-action="sync.start"]')).toHaveAttribute(
      'data-outcome',
      'ok',
    );
    await page.screenshot({ path: test.info().outputPath('audit-trail.png'), fullPage: true });

    await page.getByLabel('Outcome').selectOption('failed');
    await expect(page.getByTestId('audit-total')).toHaveText('1 entry');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const lines = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('settings.update');
    expect(lines[1]).toContain('playout script');
  } finally {
    await app.stop();
  }
});

import type { Page } from '@playwright/test';
import { startTestIdp } from '../src/main/access/testing/test-idp';
import { publishTheLinkedSample } from './demo-publish';
import { expect, startApp, test } from './fixtures';
import { goToScreen, openScreen } from './navigation';

/** Through the app's Sign in button and the identity provider's own form, as `login`. */
async function signIn(page: Page, origin: string, login: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('User name').fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The callback page goes on to the app by itself, signed in.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 15_000 });
}

/**
 * A station turns sign-in on with its identity provider (a real oidc-provider on 127.0.0.1): an
 * operator signs in and publishes, is refused the settings, signs out; an admin signs in, changes
 * the settings, and finds both in the audit trail.
 */
test('operators sign in with the identity provider, with the roles it gives them', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const app = await startApp({ demo: true });
  const origin = new URL(app.openUrl).origin;
  const idp = await startTestIdp({
    accounts: {
      olivia: { name: 'Olivia Operator', email: 'olivia@station.test', roles: ['operator'] },
      adam: { name: 'Adam Admin', email: 'adam@station.test', roles: ['admin'] },
    },
    clients: [
      {
        client_id: 'archivist',
        client_secret: 'archivist-secret',
        redirect_uris: [`${origin}/auth/callback`],
        post_logout_redirect_uris: [`${origin}/`],
      },
    ],
  });
  try {
    // The station's admin sets sign-in up on the per-run address, before anyone signs in.
    await openScreen(page, app.openUrl, 'Settings');
    const form = page.getByRole('form', { name: 'Sign-in' });
    await expect(form.getByTestId('sso-redirect')).toHaveText(`${origin}/auth/callback`);
    await form.getByLabel('Issuer').fill(idp.issuer);
    await form.getByLabel('Client ID', { exact: true }).fill('archivist');
    await form.getByLabel('Scopes').fill('openid profile email roles');
    await form.getByLabel('Client secret').fill('archivist-secret');
    await form.getByRole('button', { name: 'Keep in keychain' }).click();
    await expect(form.getByLabel('Client secret')).toHaveAttribute(
      'placeholder',
      'kept in the keychain',
    );
    await form.getByRole('button', { name: 'Test the provider' }).click();
    await expect(form.getByRole('status')).toContainText(`Found ${idp.issuer}`);
    await form.getByLabel('Ask for a sign-in on the browser host').check();
    await form.getByRole('button', { name: 'Save sign-in settings' }).click();
    await expect(form.getByText('Saved.', { exact: true })).toBeVisible();

    // From now on the app asks who you are.
    await signIn(page, origin, 'olivia');
    const who = page.getByLabel('Signed in');
    await expect(who).toContainText('Olivia Operator');
    await expect(who.getByTestId('who-role')).toHaveText('operator');
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit trail' }),
    ).toHaveCount(0);

    // An operator publishes.
    await publishTheLinkedSample(page, `${origin}/`);

    // ...and is refused the settings.
    await goToScreen(page, 'Settings');
    await expect(page.getByTestId('settings-role')).toContainText('only an admin may change');
    await expect(page.getByRole('form', { name: 'Sign-in' })).toHaveCount(0);
    const notifications = page.getByRole('form', { name: 'Notifications' });
    await notifications.getByLabel('A VOD goes live').uncheck();
    await notifications.getByRole('button', { name: 'Save notification settings' }).click();
    await expect(notifications.getByRole('alert')).toContainText('needs admin access');
    await page.screenshot({ path: test.info().outputPath('operator-settings.png') });

    // Signing out goes through the provider's own sign-out.
    await page.getByLabel('Signed in').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.goto(`${origin}/`);
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('sign-in.png') });

    // An admin may change the settings, and sees both in the audit trail.
    await signIn(page, origin, 'adam');
    await goToScreen(page, 'Settings');
    await expect(page.getByTestId('settings-role')).toHaveCount(0);
    const adminNotifications = page.getByRole('form', { name: 'Notifications' });
    await adminNotifications.getByLabel('A VOD goes live').uncheck();
    await adminNotifications.getByRole('button', { name: 'Save notification settings' }).click();
    await expect(adminNotifications.getByText('Saved.', { exact: true })).toBeVisible();

    await goToScreen(page, 'Audit trail');
    const trail = page.getByRole('table', { name: 'Audit trail' });
    const published = trail.locator('tr[data-action="publish.enqueue"]');
    await expect(published).toContainText('Olivia Operator');
    await expect(published).toHaveAttribute('data-outcome', 'ok');
    const changes = trail.locator('tr[data-action="settings.update"]');
    await expect(changes.filter({ hasText: 'Olivia Operator' })).toContainText(
      'Refused (FORBIDDEN)',
    );
    await expect(changes.filter({ hasText: 'Adam Admin' }).first()).toHaveAttribute(
      'data-outcome',
      'ok',
    );
    await expect(trail.locator('tr[data-action="session.signIn"]')).toHaveCount(2);
    await expect(trail.locator('tr[data-action="session.signOut"]')).toContainText(
      'Olivia Operator',
    );
    await page.screenshot({
      path: test.info().outputPath('audit-after-sign-in.png'),
      fullPage: true,
    });
  } finally {
    await app.stop();
    await idp.close();
  }
});

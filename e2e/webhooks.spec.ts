import { Receiver } from '../src/main/webhooks/testing/receiver';
import { expect, startApp, test } from './fixtures';
import { goToScreen } from './navigation';

/*
 * Station IT sets up a webhook: adds the endpoint of a receiver, keeps the secret shown once, sends
 * a test event and sees it delivered in the log; the receiver checks the signature with the
 * reference Standard Webhooks package.
 */

test('add a webhook endpoint, keep its secret, send a test event, see it delivered, resend it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const receiver = await Receiver.start('/archivist');
  const url = receiver.url;
  const app = await startApp({ demo: true, demoSamples: false });
  try {
    await page.goto(app.openUrl);
    await goToScreen(page, 'Settings');
    const panel = page.getByRole('region', { name: 'Webhooks' });
    await expect(panel).toContainText('No endpoints yet.');

    await panel.getByText('Add an endpoint').click();
    const form = panel.getByRole('form', { name: 'Add a webhook endpoint' });
    // A bad address is refused beside the field.
    await form.getByLabel('Endpoint address').fill('ftp://example.org');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(form).toContainText('Use an http:// or https:// address');

    await form.getByLabel('Endpoint address').fill(url);
    await form.getByLabel(/A VOD is live/).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await panel.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await panel.getByRole('button', { name: 'Done' }).click();
    await expect(panel.getByTestId('webhook-secret')).toHaveCount(0);

    const endpoint = panel.getByRole('listitem', { name: url });
    await endpoint.getByRole('button', { name: 'Send test event' }).click();
    const log = panel.getByRole('table', { name: 'Webhook deliveries' });
    await expect(log.locator('tbody tr').first()).toHaveAttribute('data-state', 'delivered', {
      timeout: 15_000,
    });
    await expect(log.locator('tbody tr').first()).toContainText('ok');
    await expect(endpoint).toContainText('1 delivered');

    // Sent again from the log, with the same webhook-id.
    await log.locator('tbody tr').first().getByRole('button', { name: 'Resend' }).click();
    await expect.poll(() => receiver.requests.length, { timeout: 15_000 }).toBe(2);
    await expect(log.locator('tbody tr').first()).toHaveAttribute('data-state', 'delivered');
    expect(receiver.requests[1]!.headers['webhook-id']).toBe(
      receiver.requests[0]!.headers['webhook-id'],
    );
    expect(receiver.verify(receiver.requests[0]!, secret)).toMatchObject({
      type: 'webhook.test',
      event: 'test',
    });
  } finally {
    await app.stop();
    await receiver.close();
  }
});

import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new endpoint secret as Standard Webhooks writes them: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The keychain entries of an endpoint's secret, and of the one it replaced during a rotation. */
export function secretKey(endpointId: number, which: 'current' | 'previous' = 'current'): string {
  return which === 'current'
    ? `webhook-endpoint-${endpointId}`
    : `webhook-endpoint-${endpointId}-previous`;
}

/**
 * The `webhook-signature` header: `v1,<base64>` for each secret, space-separated, as Standard
 * Webhooks sends several during a rotation (a receiver accepts any one it can verify).
 */
export function signatureHeader(
  secrets: readonly string[],
  messageId: string,
  at: Date,
  body: string,
): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' ');
}

/** Plain http to anything but this machine sends the events readable on the way. */
export function plainHttpWarning(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:') return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  return loopback
    ? null
    : `Plain http to ${parsed.host}: the events and their signatures cross the network unencrypted. Use https unless the receiver is on a network you trust.`;
}

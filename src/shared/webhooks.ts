import { z } from 'zod';

/** The events a webhook endpoint may subscribe to (`webhook.test` is sent on request only). */
export const WEBHOOK_EVENT_TYPES = [
  'transcription.completed',
  'vod.published',
  'system.alert',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export type WebhookMessageType = WebhookEventType | 'webhook.test';

/** The original system's variables that name an endpoint per event (one address, or several comma-separated). */
export const WEBHOOK_ENV_VARIABLES: Record<WebhookEventType, string> = {
  'transcription.completed': 'WEBHOOK_TRANSCRIPTION_COMPLETED',
  'vod.published': 'WEBHOOK_VOD_PUBLISHED',
  'system.alert': 'WEBHOOK_SYSTEM_ALERT',
};

/** The original system's event names, sent as `event` beside the Standard Webhooks `type`. */
export const LEGACY_EVENT_NAMES: Record<WebhookMessageType, string> = {
  'transcription.completed': 'transcription_completed',
  'vod.published': 'vod_published',
  'system.alert': 'system_alert',
  'webhook.test': 'test',
};

const endpointUrl = z
  .string()
  .trim()
  .min(1, 'Enter the address the events are sent to.')
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'Use an http:// or https:// address, such as https://hooks.example.org/archivist.');

export const WebhookEndpointAddSchema = z
  .object({
    url: endpointUrl,
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'Choose at least one event.').max(3),
    description: z.string().max(200).default(''),
  })
  .strict();

export const WebhookEndpointIdSchema = z.object({ id: z.number().int().positive() }).strict();

export const WebhookRotateSchema = z
  .object({
    id: z.number().int().positive(),
    /** How long the previous secret still signs (both signatures are sent meanwhile). */
    graceHours: z.number().int().min(0).max(168).default(24),
  })
  .strict();

export const WebhookDeliveriesSchema = z
  .object({
    endpointId: z.number().int().positive().nullable().default(null),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export const WebhookResendSchema = z.object({ deliveryId: z.number().int().positive() }).strict();

export interface WebhookEndpointView {
  id: number;
  url: string;
  description: string;
  events: WebhookEventType[];
  createdAt: string;
  /** Until when the previous secret still signs, after a rotation. */
  previousSecretUntil: string | null;
  /** A warning an admin should see (plain http to another machine). */
  warning: string | null;
  /** The environment variable it was made from at start-up (its secret: rotate to see one). */
  fromEnvironment: string | null;
  /** Deliveries waiting, delivered and failed for good. */
  counts: { pending: number; delivered: number; failed: number };
}

/** A new endpoint or a rotated secret: the secret is shown this once and never again. */
export interface WebhookSecretShown {
  endpoint: WebhookEndpointView;
  secret: string;
}

export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRow {
  id: number;
  messageId: string;
  type: WebhookMessageType;
  endpointId: number;
  url: string;
  state: WebhookDeliveryState;
  attempts: number;
  /** The last answer's status; null when none came (a timeout, a refused connection). */
  lastStatus: number | null;
  lastLatencyMs: number | null;
  /** The first bytes of the last answer, or why there was none. */
  lastResponse: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the next attempt is due, while pending. */
  nextAttemptAt: string | null;
}

/** The body of every webhook: Standard Webhooks' shape, with the original system's names too. */
export interface WebhookBody {
  type: WebhookMessageType;
  timestamp: string;
  event: string;
  data: Record<string, unknown>;
}

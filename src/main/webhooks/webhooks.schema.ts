import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { WebhookDeliveryState, WebhookEventType } from '../../shared/webhooks';

/*
 * Webhooks: the endpoints events go to (their secrets live in the keychain), the outbox of
 * messages (written in the same transaction as what they announce), and one delivery per message
 * and endpoint, each driven by a job of the durable runner.
 */

export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  events: text('events', { mode: 'json' }).$type<WebhookEventType[]>().notNull(),
  /** ISO 8601 UTC. */
  createdAt: text('created_at').notNull(),
  /** After a rotation: until when the previous secret signs too. */
  previousSecretUntil: text('previous_secret_until'),
  /** Set when removed: its deliveries' log stays readable. */
  removedAt: text('removed_at'),
  /** The environment variable that made it (`WEBHOOK_VOD_PUBLISHED`), made once at start-up. */
  sourceVariable: text('source_variable'),
});

/** The outbox: one row per event, with the exact body every endpoint gets. */
export const webhookMessages = sqliteTable('webhook_messages', {
  /** The `webhook-id`: the same on every attempt and every endpoint. */
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  body: text('body').notNull(),
  createdAt: text('created_at').notNull(),
});

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: text('message_id').notNull(),
    endpointId: integer('endpoint_id').notNull(),
    state: text('state').$type<WebhookDeliveryState>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastStatus: integer('last_status'),
    lastLatencyMs: integer('last_latency_ms'),
    lastResponse: text('last_response'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
    index('webhook_deliveries_message_idx').on(t.messageId),
  ],
);

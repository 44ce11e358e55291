import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { HealthService, HealthState } from '../../shared/health';

/**
 * Each service's changes of state, as the checks confirmed them: the Health screen's 24-hour
 * timeline, and "since when" after a restart. Rows older than a week are pruned.
 */
export const healthEvents = sqliteTable(
  'health_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    service: text('service').$type<HealthService>().notNull(),
    state: text('state').$type<HealthState>().notNull(),
    message: text('message').notNull(),
    /** ISO 8601 UTC. */
    at: text('at').notNull(),
  },
  (t) => [index('health_events_service_idx').on(t.service, t.at)],
);

import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ConnectionProblemKind } from '../../shared/connection';

/*
 * The connection's tables. drizzle-kit reads every `*.schema.ts` under src/main (see
 * drizzle.config.ts) to generate the numbered migrations under `drizzle/`.
 */

/** One row per "Test connection": what the Health screen shows as the connection's history. */
export const connectionChecks = sqliteTable('connection_checks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** ISO 8601 in UTC, as the connection tester reported it. */
  testedAt: text('tested_at').notNull(),
  ok: integer('ok', { mode: 'boolean' }).notNull(),
  apiBase: text('api_base'),
  serverVersion: text('server_version'),
  user: text('user'),
  /** null: the server did not say whether the account may write. */
  canWrite: integer('can_write', { mode: 'boolean' }),
  problemKind: text('problem_kind').$type<ConnectionProblemKind>(),
  /** The sentence shown to the operator: the problem's message, or the rights summary when ok. */
  message: text('message').notNull(),
  elapsedMs: integer('elapsed_ms').notNull(),
});

export type ConnectionCheckRow = typeof connectionChecks.$inferSelect;
export type NewConnectionCheckRow = typeof connectionChecks.$inferInsert;

import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ScheduleResult, ScheduleSpec, ScheduleTrigger } from '../../shared/schedules';

/*
 * The scheduler's table: one row per schedule a module declared, with what an operator changed
 * (its spec, its pause) and its last run. Each run is a job of the runner (kind `schedule:<id>`,
 * keyed by the time it was due), enqueued in the same transaction that moves `next_run_at` on: a
 * due time becomes exactly one job, across crashes and restarts. Times are epoch milliseconds.
 */
export const schedules = sqliteTable('schedules', {
  /** The declaring module's name for it: `catalog.sync`, `library.rescan`. */
  id: text('id').primaryKey(),
  /** What an operator set; null runs on the declared default. */
  spec: text('spec', { mode: 'json' }).$type<ScheduleSpec>(),
  paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
  /** When the next run is due; null while paused. */
  nextRunAt: integer('next_run_at'),
  lastTrigger: text('last_trigger').$type<ScheduleTrigger>(),
  lastScheduledFor: integer('last_scheduled_for'),
  lastStartedAt: integer('last_started_at'),
  lastFinishedAt: integer('last_finished_at'),
  lastResult: text('last_result').$type<ScheduleResult>(),
  lastMessage: text('last_message'),
  updatedAt: integer('updated_at').notNull(),
});

export type ScheduleRow = typeof schedules.$inferSelect;

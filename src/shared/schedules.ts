import { z } from 'zod';

/**
 * Recurring background work (catalog sync, storage-folder rescans, later auto-publish, health
 * checks and webhook deliveries): each schedule runs on an interval or at the times of a cron
 * expression in the station's time zone, and is kept, with its last run, in the local database.
 */

/** Every N seconds, counted from the end of the run before (shown in minutes or hours). */
export const IntervalSpecSchema = z
  .object({
    kind: z.literal('interval'),
    seconds: z
      .number()
      .int()
      .min(10)
      .max(7 * 24 * 3600),
  })
  .strict();

/**
 * Five fields (minute hour day-of-month month day-of-week), in the station's time zone:
 * `0 23 * * 1-5` is 23:00 on weekdays. Checked by the cron library when saved.
 */
export const CronSpecSchema = z
  .object({
    kind: z.literal('cron'),
    expression: z.string().trim().min(1).max(120),
  })
  .strict();

export const ScheduleSpecSchema = z.discriminatedUnion('kind', [
  IntervalSpecSchema,
  CronSpecSchema,
]);
export type ScheduleSpec = z.infer<typeof ScheduleSpecSchema>;

export const SCHEDULE_RESULTS = ['ok', 'failed', 'skipped', 'cancelled'] as const;
/** `skipped`: the run had nothing it could do (no server set up, a manual sync was running). */
export type ScheduleResult = (typeof SCHEDULE_RESULTS)[number];

/** What a run itself reports (`cancelled` is the scheduler's word for a run the app stopped). */
export type ScheduleOutcomeResult = Exclude<ScheduleResult, 'cancelled'>;

/** What started a run. */
export type ScheduleTrigger = 'schedule' | 'manual';

export interface ScheduleRun {
  trigger: ScheduleTrigger;
  /** The time it was due (a manual run: when it was asked for). ISO. */
  scheduledFor: string;
  startedAt: string;
  finishedAt: string | null;
  result: ScheduleResult | null;
  /** In words: what it did, or why it failed. */
  message: string | null;
  durationMs: number | null;
}

export interface ScheduleView {
  id: string;
  title: string;
  /** What it does, in one sentence. */
  description: string;
  spec: ScheduleSpec;
  /** The spec in words, in the station's time zone ("Every 15 minutes", "0 23 * * 1-5"). */
  summary: string;
  /** True when the spec is the schedule's default. */
  isDefault: boolean;
  paused: boolean;
  /** Why it does not run (a setting has it off), in words with what to do; null when it may run. */
  disabled: string | null;
  /** Queued or running now (a run never overlaps the one before). */
  state: 'idle' | 'queued' | 'running';
  /** ISO; null while paused or off. */
  nextRunAt: string | null;
  lastRun: ScheduleRun | null;
}

export interface SchedulesStatus {
  /** The IANA zone cron expressions are read in. */
  timeZone: string;
  schedules: ScheduleView[];
}

export const schedulesInputs = {
  IdInput: z.object({ id: z.string().min(1).max(80) }).strict(),
  UpdateInput: z
    .object({
      id: z.string().min(1).max(80),
      /** null: back to the schedule's default. */
      spec: ScheduleSpecSchema.nullable(),
    })
    .strict(),
};

/** "Every 15 minutes", "Every 2 hours", "Every 90 seconds". */
export function describeInterval(seconds: number): string {
  const unit = (n: number, word: string): string =>
    n === 1 ? `Every ${word}` : `Every ${n} ${word}s`;
  if (seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}

/** An IANA time zone the runtime knows ("America/Chicago", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

import { Cron } from 'croner';
import { AppError } from '../../shared/result';
import { describeInterval, isTimeZone, type ScheduleSpec } from '../../shared/schedules';

/**
 * When a schedule is next due, by the cron library (croner: five fields, Vixie-style OR of the two
 * day fields, wall-clock times in the zone, a time skipped by a DST change run once just after).
 */
export interface CompiledSpec {
  readonly spec: ScheduleSpec;
  /** The first due time strictly after `from` (epoch ms), or null when there is none. */
  nextAfter(from: number): number | null;
  /** In words, for the schedules list. */
  readonly summary: string;
}

/** Reads a spec; a bad cron expression or zone is INVALID_ARGUMENT naming `path`. */
export function compileSpec(spec: ScheduleSpec, timeZone: string, path = 'spec'): CompiledSpec {
  if (spec.kind === 'interval') {
    const ms = spec.seconds * 1000;
    return { spec, nextAfter: (from) => from + ms, summary: describeInterval(spec.seconds) };
  }
  if (!isTimeZone(timeZone)) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `The time zone "${timeZone}" is not one this computer knows (expected a name like America/Chicago).`,
      'schedules.timeZone',
    );
  }
  let cron: Cron;
  try {
    cron = new Cron(spec.expression, { timezone: timeZone, mode: '5-part', paused: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : '';
    throw new AppError(
      'INVALID_ARGUMENT',
      `The cron expression "${spec.expression}" cannot be read${reason ? ` (${reason})` : ''}. Use five fields: minute hour day-of-month month day-of-week, for example "0 23 * * 1-5" for 23:00 on weekdays.`,
      `${path}.expression`,
    );
  }
  if (cron.nextRun(new Date(0)) === null && cron.nextRun() === null) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `The cron expression "${spec.expression}" never matches a date.`,
      `${path}.expression`,
    );
  }
  return {
    spec,
    nextAfter: (from) => cron.nextRun(new Date(from))?.getTime() ?? null,
    summary: `${spec.expression} (${timeZone})`,
  };
}

/** The zone this computer runs in (the station's default). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

import {
  CronSpecSchema,
  IntervalSpecSchema,
  type ScheduleResult,
  type ScheduleSpec,
} from '../../../shared/schedules';

/** The schedule editor's fields as typed: an interval in minutes, or a cron expression. */
export interface ScheduleDraft {
  kind: ScheduleSpec['kind'];
  minutes: string;
  expression: string;
}

export function scheduleDraft(spec: ScheduleSpec): ScheduleDraft {
  return spec.kind === 'interval'
    ? { kind: 'interval', minutes: String(spec.seconds / 60), expression: '0 23 * * 1-5' }
    : { kind: 'cron', minutes: '15', expression: spec.expression };
}

const { min, max } = {
  min: IntervalSpecSchema.shape.seconds.minValue ?? 10,
  max: IntervalSpecSchema.shape.seconds.maxValue ?? 604_800,
};

/**
 * The spec the editor describes, or why it cannot be one. The cron expression itself is checked by
 * the core (its cron library), which names what is wrong with it.
 */
export function specFromDraft(
  draft: ScheduleDraft,
): { ok: true; spec: ScheduleSpec } | { ok: false; message: string; path: string } {
  if (draft.kind === 'interval') {
    const text = draft.minutes.trim();
    const minutes = Number(text);
    const seconds = Math.round(minutes * 60);
    if (text === '' || !Number.isFinite(minutes) || seconds < min || seconds > max) {
      return {
        ok: false,
        message: `The interval must be a number of minutes from ${min / 60} to ${max / 60} (${max / 86_400} days).`,
        path: 'spec.seconds',
      };
    }
    return { ok: true, spec: { kind: 'interval', seconds } };
  }
  const parsed = CronSpecSchema.safeParse({ kind: 'cron', expression: draft.expression });
  if (!parsed.success) {
    return {
      ok: false,
      message: 'Enter a cron expression of five fields, such as 0 23 * * 1-5 (23:00 on weekdays).',
      path: 'spec.expression',
    };
  }
  return { ok: true, spec: parsed.data };
}

/** "Fri, Dec 4, 11:00 PM" in the station's zone (the zone cron times are read in). */
export function formatWhen(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** "0.4 s", "12 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60)
    return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

export const RESULT_WORDS: Record<ScheduleResult, { word: string; tone: string }> = {
  ok: { word: 'Done', tone: 'tone-ok' },
  failed: { word: 'Failed', tone: 'tone-bad' },
  skipped: { word: 'Skipped', tone: 'tone-muted' },
  cancelled: { word: 'Stopped', tone: 'tone-warn' },
};

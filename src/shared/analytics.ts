import { toCsv } from './csv';
import { z } from 'zod';

/**
 * The Analytics screen's report: what was published and how well over a chosen period, in weeks
 * of the station's time zone (Monday to Sunday), and each chart's CSV.
 */

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give a date as YYYY-MM-DD.')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), 'Not a real date.');

/** The longest period a report covers: three years of weeks. */
export const ANALYTICS_MAX_DAYS = 3 * 366;

export const analyticsInputs = {
  ReportInput: z
    .object({
      /** The first station date of the period, inclusive. */
      from: Day,
      /** The last station date of the period, inclusive. */
      to: Day,
    })
    .strict()
    .superRefine((input, ctx) => {
      const days = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000;
      if (days < 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: 'The period ends before it starts.',
        });
      } else if (days >= ANALYTICS_MAX_DAYS) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: `A period is at most ${ANALYTICS_MAX_DAYS} days.`,
        });
      }
    }),
};
export type AnalyticsInput = z.infer<typeof analyticsInputs.ReportInput>;

/** The lead-time ranges the chart groups by, in hours (the last one open-ended). */
export const LEAD_TIME_BUCKETS: readonly { label: string; maxHours: number | null }[] = [
  { label: 'Within a day', maxHours: 24 },
  { label: '1–2 days', maxHours: 48 },
  { label: '2–3 days', maxHours: 72 },
  { label: '3–7 days', maxHours: 168 },
  { label: '1–2 weeks', maxHours: 336 },
  { label: 'Over 2 weeks', maxHours: null },
];

export interface WeekPublished {
  /** The week's Monday (station date). */
  week: string;
  /** Recordings published by an operator, and by auto-publish. */
  operator: number;
  auto: number;
  /** Publishes that failed and waited for a person. */
  failed: number;
}

export interface LeadTimeItem {
  recordingId: number;
  fileName: string;
  showId: number;
  showTitle: string | null;
  /** When it was recorded: the show's event date, else the date in the file's name, else the file's time. */
  recordedAt: string;
  recordedFrom: 'show' | 'name' | 'file';
  /** When the VOD was live (transcoded). */
  liveAt: string;
  hours: number;
}

export interface FailureReason {
  /** The step and the kind of failure, in words ("Uploading the video: Cablecast refused it"). */
  reason: string;
  count: number;
  /** The newest failure's own message. */
  example: string;
}

export interface WeekCoverage {
  week: string;
  /** Recordings with valid captions, invalid ones, none, and not yet checked. */
  valid: number;
  invalid: number;
  none: number;
  unchecked: number;
}

export interface ShowViews {
  showId: number;
  title: string;
  eventDate: string | null;
  vodId: number;
  views: number;
}

export interface AnalyticsReport {
  from: string;
  to: string;
  timeZone: string;
  generatedAt: string;
  /** Every week the period touches, by its Monday. */
  weeks: string[];
  published: WeekPublished[];
  /** Live VODs over live plus failures; null when nothing happened. */
  successRate: number | null;
  failureReasons: FailureReason[];
  leadTime: {
    buckets: { label: string; count: number }[];
    medianHours: number | null;
    p90Hours: number | null;
    items: LeadTimeItem[];
  };
  coverage: {
    weeks: WeekCoverage[];
    /** Recordings with valid captions over all recordings of the period; null when none. */
    rate: number | null;
    total: number;
  };
  views: {
    shows: ShowViews[];
    withVod: number;
    counted: number;
    totalViews: number;
    /** The catalog sync the counts are from; null before the first. */
    asOf: string | null;
  };
}

export type AnalyticsChart =
  'published' | 'leadTime' | 'outcomes' | 'failures' | 'coverage' | 'views';

/** A chart's data as CSV (with a header row), as its Export CSV button saves it. */
export function analyticsCsv(report: AnalyticsReport, chart: AnalyticsChart): string {
  switch (chart) {
    case 'published':
      return toCsv(
        ['week', 'published_by_operator', 'published_by_auto_publish', 'published_total'],
        report.published.map((w) => [w.week, w.operator, w.auto, w.operator + w.auto]),
      );
    case 'outcomes':
      return toCsv(
        ['week', 'published', 'failed', 'success_rate'],
        report.published.map((w) => {
          const live = w.operator + w.auto;
          const all = live + w.failed;
          return [w.week, live, w.failed, all === 0 ? null : round(live / all, 4)];
        }),
      );
    case 'failures':
      return toCsv(
        ['failure_reason', 'count', 'latest_message'],
        report.failureReasons.map((r) => [r.reason, r.count, r.example]),
      );
    case 'leadTime':
      return toCsv(
        [
          'recording_id',
          'file_name',
          'show_id',
          'show_title',
          'recorded_at',
          'recorded_from',
          'live_at',
          'lead_time_hours',
        ],
        report.leadTime.items.map((i) => [
          i.recordingId,
          i.fileName,
          i.showId,
          i.showTitle,
          i.recordedAt,
          i.recordedFrom,
          i.liveAt,
          round(i.hours, 2),
        ]),
      );
    case 'coverage':
      return toCsv(
        ['week', 'captions_valid', 'captions_invalid', 'no_captions', 'not_checked', 'coverage'],
        report.coverage.weeks.map((w) => {
          const all = w.valid + w.invalid + w.none + w.unchecked;
          return [
            w.week,
            w.valid,
            w.invalid,
            w.none,
            w.unchecked,
            all === 0 ? null : round(w.valid / all, 4),
          ];
        }),
      );
    case 'views':
      return toCsv(
        ['show_id', 'title', 'event_date', 'vod_id', 'views'],
        report.views.shows.map((s) => [s.showId, s.title, s.eventDate, s.vodId, s.views]),
      );
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

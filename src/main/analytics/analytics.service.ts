import {
  LEAD_TIME_BUCKETS,
  type AnalyticsInput,
  type AnalyticsReport,
  type FailureReason,
  type LeadTimeItem,
  type WeekCoverage,
  type WeekPublished,
} from '../../shared/analytics';
import { PUBLISH_STEP_LABELS } from '../../shared/publishing';
import type { ShowSummary, VodViewsReader } from '../catalog/show-reader';
import type { RecordingCoverage } from '../library/library-views';
import type { PublishHistory } from '../publishing/publishing.service';
import { dayOf, mondayOf, stationMidnight, weeksBetween } from './station-weeks';

/** What the report reads, each through the port its domain provides. */
export interface AnalyticsSources {
  /** Publications and failures over [from, to). */
  history(from: Date, to: Date): PublishHistory;
  /** Every present recording with when it was recorded and its captions. */
  recordings(): RecordingCoverage[];
  shows: { byIds(ids: readonly number[]): Map<number, ShowSummary> };
  views: VodViewsReader;
  /** The last catalog sync that finished (ISO 8601); null before the first. */
  lastSyncAt(): string | null;
  /** The station's IANA time zone. */
  timeZone(): string;
  now(): Date;
}

/** The shows the views chart lists, the most viewed first. */
const TOP_SHOWS = 20;

const ERROR_CLASS_WORDS: Record<string, string> = {
  refused: 'refused',
  rejected: 'Cablecast busy or unavailable',
  unreached: 'Cablecast not reached',
  ambiguous: 'no answer in time',
};

/** The report of a period: every chart of the Analytics screen, from the app's own records. */
export class AnalyticsService {
  constructor(private readonly sources: AnalyticsSources) {}

  report(input: AnalyticsInput): AnalyticsReport {
    const timeZone = this.sources.timeZone();
    const start = stationMidnight(input.from, timeZone);
    const nextDay = new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const end = stationMidnight(nextDay, timeZone);
    const weeks = weeksBetween(input.from, input.to);
    const history = this.sources.history(new Date(start), new Date(end));
    const recordings = new Map(this.sources.recordings().map((r) => [r.id, r]));

    const published = new Map<string, WeekPublished>(
      weeks.map((week) => [week, { week, operator: 0, auto: 0, failed: 0 }]),
    );
    const weekOf = (value: string): WeekPublished | undefined => {
      const day = dayOf(value, timeZone);
      return day === null ? undefined : published.get(mondayOf(day));
    };
    for (const p of history.published) {
      const week = weekOf(p.publishedAt);
      if (week) week[p.origin === 'auto' ? 'auto' : 'operator'] += 1;
    }
    for (const f of history.failures) {
      const week = weekOf(f.failedAt);
      if (week) week.failed += 1;
    }
    const live = history.published.length;
    const all = live + history.failures.length;

    return {
      from: input.from,
      to: input.to,
      timeZone,
      generatedAt: this.sources.now().toISOString(),
      weeks,
      published: [...published.values()],
      successRate: all === 0 ? null : live / all,
      failureReasons: failureReasons(history.failures),
      leadTime: this.leadTime(history, recordings, timeZone),
      coverage: coverage([...recordings.values()], weeks, input, timeZone),
      views: {
        ...this.sources.views.vodViews(input.from, input.to, TOP_SHOWS),
        asOf: this.sources.lastSyncAt(),
      },
    };
  }

  /** From recording to live VOD, for each VOD that went live in the period. */
  private leadTime(
    history: PublishHistory,
    recordings: ReadonlyMap<number, RecordingCoverage>,
    timeZone: string,
  ): AnalyticsReport['leadTime'] {
    const shows = this.sources.shows.byIds(history.published.map((p) => p.showId));
    const items: LeadTimeItem[] = [];
    for (const p of history.published) {
      const show = shows.get(p.showId);
      const recording = recordings.get(p.recordingId);
      const recorded: { at: string; from: LeadTimeItem['recordedFrom'] } | null = show?.eventDate
        ? { at: show.eventDate, from: 'show' }
        : recording
          ? { at: recording.recordedAt, from: recording.recordedFrom }
          : null;
      if (!recorded) continue;
      const recordedAt = /^\d{4}-\d{2}-\d{2}$/.test(recorded.at)
        ? stationMidnight(recorded.at, timeZone)
        : Date.parse(recorded.at);
      if (Number.isNaN(recordedAt)) continue;
      items.push({
        recordingId: p.recordingId,
        fileName: recording?.fileName ?? `recording ${p.recordingId}`,
        showId: p.showId,
        showTitle: show ? show.cgTitle || show.title : null,
        recordedAt: recorded.at,
        recordedFrom: recorded.from,
        liveAt: p.publishedAt,
        hours: (Date.parse(p.publishedAt) - recordedAt) / 3_600_000,
      });
    }
    const hours = items.map((i) => i.hours).sort((a, b) => a - b);
    const buckets = LEAD_TIME_BUCKETS.map((b) => ({ label: b.label, count: 0 }));
    for (const h of hours) {
      const index = LEAD_TIME_BUCKETS.findIndex((b) => b.maxHours === null || h < b.maxHours);
      const bucket = buckets[index === -1 ? buckets.length - 1 : index];
      if (bucket) bucket.count += 1;
    }
    return {
      buckets,
      medianHours: rank(hours, 0.5),
      p90Hours: rank(hours, 0.9),
      items,
    };
  }
}

/** The nearest-rank percentile of sorted values; null when there are none. */
function rank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

/** Failures grouped by the step they stopped at and how, the most frequent first. */
function failureReasons(failures: PublishHistory['failures']): FailureReason[] {
  const groups = new Map<string, FailureReason>();
  for (const f of failures) {
    // A step this version does not know (an older job's) is named as it was stored.
    const step = f.step
      ? ((PUBLISH_STEP_LABELS as Partial<Record<string, string>>)[f.step] ?? f.step)
      : 'Before the first step';
    const how = f.errorClass ? (ERROR_CLASS_WORDS[f.errorClass] ?? f.errorClass) : 'stopped';
    const reason = `${step}: ${how}`;
    const group = groups.get(reason);
    // Failures come oldest first: the last one seen is the newest example.
    if (group) {
      group.count += 1;
      group.example = f.reason;
    } else {
      groups.set(reason, { reason, count: 1, example: f.reason });
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** The recordings of each week of the period by the state of their captions. */
function coverage(
  recordings: readonly RecordingCoverage[],
  weeks: readonly string[],
  input: AnalyticsInput,
  timeZone: string,
): AnalyticsReport['coverage'] {
  const byWeek = new Map<string, WeekCoverage>(
    weeks.map((week) => [week, { week, valid: 0, invalid: 0, none: 0, unchecked: 0 }]),
  );
  let total = 0;
  let valid = 0;
  for (const r of recordings) {
    const day = dayOf(r.recordedAt, timeZone);
    if (day === null || day < input.from || day > input.to) continue;
    const week = byWeek.get(mondayOf(day));
    if (!week) continue;
    week[r.captions] += 1;
    total += 1;
    if (r.captions === 'valid') valid += 1;
  }
  return { weeks: [...byWeek.values()], rate: total === 0 ? null : valid / total, total };
}

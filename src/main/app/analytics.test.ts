import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyticsCsv, type AnalyticsReport } from '../../shared/analytics';
import type { PublishBatchView, PublishJobDetail } from '../../shared/publishing';
import { stationDay } from '../analytics/station-weeks';
import {
  call,
  prepareLibrary,
  publishingCore,
  publishingWorkspace,
  QUICK_VODS,
  TEST_CALLER,
  until,
  writeRecordings,
} from './testing/publish-fixture';

const ws = publishingWorkspace('archivist-analytics-', {
  seed: { shows: 40, randomSeed: 5 },
  ...QUICK_VODS,
});

const ZONE = 'America/Chicago';
const HOUR = 3_600_000;

describe('the analytics report', () => {
  it('counts what was published, how long it took, what failed and why, captions and views', async () => {
    // Three meetings held 30 hours ago, each with one reel and no VOD yet.
    const heldAt = new Date(Date.now() - 30 * HOUR);
    const showIds = [1, 2, 3].map((n) => {
      const show = ws.sim.data.addShow({
        title: `Planning Commission ${n}`,
        eventDate: heldAt.toISOString(),
      });
      ws.sim.data.addReel(show.id, { length: 3600 });
      return show.id;
    });
    const core = (ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url }));
    await call(core, 'settings.update', { schedules: { timeZone: ZONE } });
    await core.catalog.sync.runToEnd('full');
    const folder = join(ws.dataDir, 'recordings');
    writeRecordings(folder, showIds);
    // Two more recordings, without a show: one with no captions, one whose captions are broken.
    writeFileSync(join(folder, 'Budget Workshop.mp4'), 'not a video');
    writeFileSync(join(folder, 'Zoning Hearing.mp4'), 'not a video');
    writeFileSync(join(folder, 'Zoning Hearing.scc'), 'Scenarist_SCC V1.0\n\nnot a timecode\n');
    const recordingIds = await prepareLibrary(core, folder);
    expect(recordingIds).toHaveLength(3);

    // The first VOD create is refused: that publish fails, waits for a person, and is retried.
    ws.sim.addFault({ kind: 'status', value: 400, method: 'POST', path: /^\/vods$/, times: 1 });
    const batch = await call<PublishBatchView>(core, 'publish.enqueue', {
      recordingIds: [recordingIds[0]],
    });
    const failedId = batch.rows[0]!.id;
    await until(
      'the first publish to fail',
      () => call<PublishJobDetail>(core, 'publish.get', { id: failedId }),
      (j) => j.state === 'failed',
    );
    await call(core, 'publish.retry', { id: failedId });
    await call(core, 'publish.enqueue', { recordingIds: recordingIds.slice(1) });
    await until(
      'every publish to be live',
      () => core.database.sqlite.prepare('SELECT count(*) FROM vod_publications').pluck().get(),
      (n) => n === 3,
    );

    // Cablecast's view counts, read by the next sync.
    const views = new Map(showIds.map((id, i) => [id, [120, 45, 900][i]!]));
    for (const id of showIds) {
      const vodId = ws.sim.data.shows.get(id)!.vods[0]!;
      ws.sim.data.vods.get(vodId)!.views = views.get(id)!;
    }
    await core.catalog.sync.runToEnd('full');

    const today = stationDay(Date.now(), ZONE);
    const from = stationDay(Date.now() - 13 * 24 * HOUR, ZONE);
    const report = await call<AnalyticsReport>(core, 'analytics.report', { from, to: today });

    expect(report.timeZone).toBe(ZONE);
    expect(report.weeks.length).toBeGreaterThanOrEqual(2);
    const published = report.published.reduce((n, w) => n + w.operator + w.auto, 0);
    const failed = report.published.reduce((n, w) => n + w.failed, 0);
    expect([published, failed]).toEqual([3, 1]);
    // Everything happened this week, in the station's calendar.
    expect(report.published.at(-1)).toMatchObject({ operator: 3, auto: 0, failed: 1 });
    expect(report.successRate).toBeCloseTo(3 / 4, 6);

    // The failure is kept after its retry went live, under its step and kind.
    expect(report.failureReasons).toEqual([
      {
        reason: 'Making sure the show has a VOD: refused',
        count: 1,
        example: expect.stringMatching(/refused the request/),
      },
    ]);

    // From the meeting (the show's event date) to the live VOD: a little over 30 hours.
    expect(report.leadTime.items).toHaveLength(3);
    for (const item of report.leadTime.items) {
      expect(item.recordedFrom).toBe('show');
      expect(item.hours).toBeGreaterThan(30);
      expect(item.hours).toBeLessThan(31);
    }
    expect(report.leadTime.buckets.find((b) => b.label === '1–2 days')?.count).toBe(3);
    expect(report.leadTime.medianHours).toBeGreaterThan(30);

    // Five recordings made today (by their files' times): three valid, one broken, one without.
    expect(report.coverage.total).toBe(5);
    const coverageWeek = report.coverage.weeks.at(-1)!;
    expect(coverageWeek).toMatchObject({ valid: 3, invalid: 1, none: 1, unchecked: 0 });
    expect(report.coverage.rate).toBeCloseTo(3 / 5, 6);

    // Views of the period's shows, most viewed first, from the catalog as last synced.
    const inPeriod = [...ws.sim.data.shows.values()].filter((s) => {
      const day = s.eventDate?.slice(0, 10);
      return s.vods.length > 0 && day !== undefined && day >= from && day <= today;
    });
    expect(report.views.withVod).toBe(inPeriod.length);
    const ours = report.views.shows.filter((s) => showIds.includes(s.showId));
    expect(ours.map((s) => [s.showId, s.views])).toEqual(
      [...views].sort((a, b) => b[1] - a[1]).map(([id, n]) => [id, n]),
    );
    const counts = report.views.shows.map((s) => s.views);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(report.views.asOf).not.toBeNull();

    // Each chart as CSV: a header and a row per week, show or publish.
    const lead = analyticsCsv(report, 'leadTime').trimEnd().split('\r\n');
    expect(lead[0]).toMatch(/^recording_id,file_name,show_id,/);
    expect(lead).toHaveLength(4);
    expect(analyticsCsv(report, 'views')).toContain(',900\r\n');
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const core = (ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url }));
    const result = await core.dispatcher.dispatch(
      'analytics.report',
      { from: '2026-05-10', to: '2026-05-01' },
      TEST_CALLER,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', path: 'to' } });
  });
});

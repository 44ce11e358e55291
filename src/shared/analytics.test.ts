import { describe, expect, it } from 'vitest';
import { analyticsCsv, analyticsInputs, type AnalyticsReport } from './analytics';

function report(patch: Partial<AnalyticsReport> = {}): AnalyticsReport {
  return {
    from: '2026-11-01',
    to: '2026-11-30',
    timeZone: 'America/Chicago',
    generatedAt: '2026-12-01T00:00:00.000Z',
    weeks: ['2026-11-23'],
    published: [{ week: '2026-11-23', operator: 3, auto: 1, failed: 1 }],
    successRate: 0.8,
    failureReasons: [],
    leadTime: { buckets: [], medianHours: null, p90Hours: null, items: [] },
    coverage: { weeks: [], rate: null, total: 0 },
    views: { shows: [], withVod: 0, counted: 0, totalViews: 0, asOf: null },
    ...patch,
  };
}

describe('analytics CSV', () => {
  it('writes a header and a row per week, with totals and rates', () => {
    expect(analyticsCsv(report(), 'published')).toBe(
      'week,published_by_operator,published_by_auto_publish,published_total\r\n' +
        '2026-11-23,3,1,4\r\n',
    );
    expect(analyticsCsv(report(), 'outcomes')).toBe(
      'week,published,failed,success_rate\r\n2026-11-23,4,1,0.8\r\n',
    );
  });

  it('quotes commas, quotes and line breaks, and defuses what a spreadsheet would run', () => {
    const csv = analyticsCsv(
      report({
        views: {
          shows: [
            {
              showId: 1,
              title: 'Council, "Regular"\nSession',
              eventDate: null,
              vodId: 9,
              views: 5,
            },
            { showId: 2, title: '=HYPERLINK("http://x")', eventDate: null, vodId: 10, views: 3 },
          ],
          withVod: 2,
          counted: 2,
          totalViews: 8,
          asOf: null,
        },
      }),
      'views',
    );
    expect(csv).toBe(
      'show_id,title,event_date,vod_id,views\r\n' +
        '1,"Council, ""Regular""\nSession",,9,5\r\n' +
        `2,"'=HYPERLINK(""http://x"")",,10,3\r\n`,
    );
  });
});

describe('the report input', () => {
  it('takes a period of station dates, and names what is wrong with one', () => {
    expect(
      analyticsInputs.ReportInput.safeParse({ from: '2026-01-01', to: '2026-03-31' }).success,
    ).toBe(true);
    const backwards = analyticsInputs.ReportInput.safeParse({
      from: '2026-03-31',
      to: '2026-01-01',
    });
    expect(backwards.error?.issues[0]).toMatchObject({ path: ['to'], message: /ends before/ });
    const bad = analyticsInputs.ReportInput.safeParse({ from: '2026-02-30x', to: '2026-03-01' });
    expect(bad.error?.issues[0]?.path).toEqual(['from']);
    const long = analyticsInputs.ReportInput.safeParse({ from: '2020-01-01', to: '2026-01-01' });
    expect(long.error?.issues[0]?.message).toMatch(/at most/);
  });
});

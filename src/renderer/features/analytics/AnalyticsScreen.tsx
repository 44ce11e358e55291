import { useEffect, useState, type ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { analyticsCsv, type AnalyticsChart, type AnalyticsReport } from '../../../shared/analytics';
import { useAnalyticsStore } from '../../stores';
import { ANALYTICS_PERIODS } from '../../stores/analytics';
import { formatCount, formatInstant } from '../shows/format';

/** The theme's colours (SVG attributes cannot read CSS variables). */
const COLORS = {
  accent: '#e0a84f',
  ok: '#5cc98b',
  bad: '#f07b6c',
  info: '#6fb1e8',
  muted: '#9aa4b1',
  line: '#2b323c',
  text: '#e4e7eb',
  panel: '#1f242c',
};

const AXIS = { fill: COLORS.muted, fontSize: 12 };
const TOOLTIP = {
  contentStyle: { background: COLORS.panel, border: `1px solid ${COLORS.line}`, borderRadius: 6 },
  labelStyle: { color: COLORS.text },
  itemStyle: { color: COLORS.text },
  cursor: { fill: 'rgba(255,255,255,0.05)' },
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 23" for a week's Monday (a station date, shown as it is). */
function weekLabel(day: string): string {
  const [, month = '1', date = '1'] = day.split('-');
  return `${MONTHS[Number(month) - 1] ?? month} ${Number(date)}`;
}

/** The noun alone for a count (the figure is shown in bold before it). */
function noun(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)} %`;
}

function hours(value: number | null): string {
  if (value === null) return '–';
  if (value < 48) return `${value.toFixed(1)} h`;
  return `${(value / 24).toFixed(1)} days`;
}

/** Saves a chart's data as a CSV file through the browser's download. */
function download(report: AnalyticsReport, chart: AnalyticsChart): void {
  const blob = new Blob([analyticsCsv(report, chart)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `archivist-${chart}-${report.from}-to-${report.to}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function ChartCard(props: {
  id: AnalyticsChart;
  title: string;
  figure: ReactNode;
  report: AnalyticsReport;
  empty: string | null;
  children: ReactNode;
  note?: ReactNode;
}) {
  const titleId = `chart-${props.id}`;
  return (
    <section className="card analytics-card" aria-labelledby={titleId} data-chart={props.id}>
      <header className="analytics-card-head">
        <h2 id={titleId}>{props.title}</h2>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => download(props.report, props.id)}
          aria-label={`Export ${props.title} as CSV`}
        >
          Export CSV
        </button>
      </header>
      <p className="analytics-figure" data-testid={`figure-${props.id}`}>
        {props.figure}
      </p>
      {props.empty ? (
        <p className="analytics-empty muted">{props.empty}</p>
      ) : (
        <div className="analytics-chart" role="img" aria-label={`${props.title} chart`}>
          {props.children}
        </div>
      )}
      {props.note ? <p className="hint analytics-note">{props.note}</p> : null}
    </section>
  );
}

/** Stacked bars, one column per week: the shape of the weekly charts. */
function WeekBars(props: {
  data: ReadonlyArray<{ label: string }>;
  bars: ReadonlyArray<{ key: string; name: string; fill: string }>;
}) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={[...props.data]} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid stroke={COLORS.line} vertical={false} />
        <XAxis dataKey="label" tick={AXIS} stroke={COLORS.line} interval="preserveStartEnd" />
        <YAxis allowDecimals={false} tick={AXIS} stroke={COLORS.line} />
        <Tooltip {...TOOLTIP} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {props.bars.map((bar) => (
          <Bar key={bar.key} dataKey={bar.key} name={bar.name} stackId="week" fill={bar.fill} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

function PublishedChart({ report }: { report: AnalyticsReport }) {
  const total = report.published.reduce((n, w) => n + w.operator + w.auto, 0);
  const data = report.published.map((w) => ({ ...w, label: weekLabel(w.week) }));
  return (
    <ChartCard
      id="published"
      title="Recordings published per week"
      report={report}
      figure={
        <>
          <strong>{formatCount(total)}</strong> {noun(total, 'VOD')} live in the period
        </>
      }
      empty={total === 0 ? 'Nothing was published in this period.' : null}
    >
      <WeekBars
        data={data}
        bars={[
          { key: 'operator', name: 'By an operator', fill: COLORS.accent },
          { key: 'auto', name: 'By auto-publish', fill: COLORS.info },
        ]}
      />
    </ChartCard>
  );
}

function OutcomesChart({ report }: { report: AnalyticsReport }) {
  const data = report.published.map((w) => ({
    label: weekLabel(w.week),
    live: w.operator + w.auto,
    failed: w.failed,
  }));
  const failed = report.published.reduce((n, w) => n + w.failed, 0);
  const live = report.published.reduce((n, w) => n + w.operator + w.auto, 0);
  return (
    <ChartCard
      id="outcomes"
      title="Publish success rate"
      report={report}
      figure={
        <>
          <strong>{percent(report.successRate)}</strong> went live ({formatCount(live)} live,{' '}
          {formatCount(failed)} {noun(failed, 'failure')})
        </>
      }
      empty={report.successRate === null ? 'No publish ended in this period.' : null}
      note="A failure counts once each time a publish stopped and waited for a person, even if a retry then went live."
    >
      <WeekBars
        data={data}
        bars={[
          { key: 'live', name: 'Live', fill: COLORS.ok },
          { key: 'failed', name: 'Failed', fill: COLORS.bad },
        ]}
      />
    </ChartCard>
  );
}

function FailuresChart({ report }: { report: AnalyticsReport }) {
  const reasons = report.failureReasons;
  const total = reasons.reduce((n, r) => n + r.count, 0);
  return (
    <ChartCard
      id="failures"
      title="Failure reasons"
      report={report}
      figure={
        total === 0 ? (
          'No failures.'
        ) : (
          <>
            <strong>{formatCount(total)}</strong> {noun(total, 'failure')}; most often{' '}
            <em>{reasons[0]?.reason}</em>
          </>
        )
      }
      empty={total === 0 ? 'No publish failed in this period.' : null}
    >
      <ResponsiveContainer width="100%" height={Math.max(120, 36 * reasons.length + 40)}>
        <BarChart
          data={reasons}
          layout="vertical"
          margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
        >
          <CartesianGrid stroke={COLORS.line} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={AXIS} stroke={COLORS.line} />
          <YAxis type="category" dataKey="reason" width={230} tick={AXIS} stroke={COLORS.line} />
          <Tooltip {...TOOLTIP} />
          <Bar dataKey="count" name="Failures" fill={COLORS.bad} />
        </BarChart>
      </ResponsiveContainer>
      <ul className="analytics-examples">
        {reasons.slice(0, 3).map((r) => (
          <li key={r.reason} className="muted">
            {r.reason}: “{r.example}”
          </li>
        ))}
      </ul>
    </ChartCard>
  );
}

function LeadTimeChart({ report }: { report: AnalyticsReport }) {
  const lead = report.leadTime;
  return (
    <ChartCard
      id="leadTime"
      title="Lead time from recording to live VOD"
      report={report}
      figure={
        <>
          Median <strong>{hours(lead.medianHours)}</strong>, 9 in 10 within{' '}
          <strong>{hours(lead.p90Hours)}</strong>
        </>
      }
      empty={lead.items.length === 0 ? 'No VOD went live in this period.' : null}
      note="From the show's event date (else the date in the recording's name, else the file's time) to the moment its VOD finished transcoding."
    >
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={lead.buckets} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke={COLORS.line} vertical={false} />
          <XAxis dataKey="label" tick={AXIS} stroke={COLORS.line} interval={0} />
          <YAxis allowDecimals={false} tick={AXIS} stroke={COLORS.line} />
          <Tooltip {...TOOLTIP} />
          <Bar dataKey="count" name="VODs" fill={COLORS.accent} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

function CoverageChart({ report }: { report: AnalyticsReport }) {
  const data = report.coverage.weeks.map((w) => ({ ...w, label: weekLabel(w.week) }));
  return (
    <ChartCard
      id="coverage"
      title="Caption coverage of meetings"
      report={report}
      figure={
        <>
          <strong>{percent(report.coverage.rate)}</strong> of {formatCount(report.coverage.total)}{' '}
          {noun(report.coverage.total, 'recording')} have valid captions
        </>
      }
      empty={
        report.coverage.total === 0
          ? 'No recording in the storage folders is from this period.'
          : null
      }
      note="Recordings by the date in their name (else the video file's time)."
    >
      <WeekBars
        data={data}
        bars={[
          { key: 'valid', name: 'Valid captions', fill: COLORS.ok },
          { key: 'invalid', name: 'Invalid captions', fill: COLORS.bad },
          { key: 'none', name: 'No captions', fill: COLORS.muted },
          { key: 'unchecked', name: 'Not checked yet', fill: COLORS.info },
        ]}
      />
    </ChartCard>
  );
}

function ViewsChart({ report }: { report: AnalyticsReport }) {
  const views = report.views;
  // A long title is cut on the axis; the tooltip and the CSV have it whole.
  const data = views.shows.map((s) => ({
    ...s,
    label: s.title.length > 34 ? `${s.title.slice(0, 33)}…` : s.title,
  }));
  return (
    <ChartCard
      id="views"
      title="VOD views per show"
      report={report}
      figure={
        <>
          <strong>{formatCount(views.totalViews)}</strong> views of {formatCount(views.withVod)}{' '}
          {noun(views.withVod, 'VOD')} of the period&apos;s shows
        </>
      }
      empty={
        views.shows.length === 0 ? 'No show of this period has a VOD with views counted.' : null
      }
      note={
        <>
          Cablecast&apos;s view counts as of the last catalog sync
          {views.asOf ? ` (${formatInstant(views.asOf)})` : ''}, for shows whose event date is in
          the period; the {views.shows.length === 20 ? '20 ' : ''}most viewed are shown.
          {views.counted < views.withVod
            ? ` ${formatCount(views.withVod - views.counted)} not counted yet: they get their figure at their next sync.`
            : ''}
        </>
      }
    >
      <ResponsiveContainer width="100%" height={Math.max(140, 26 * data.length + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={COLORS.line} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={AXIS} stroke={COLORS.line} />
          <YAxis
            type="category"
            dataKey="label"
            width={250}
            interval={0}
            tick={{ ...AXIS, width: 250 }}
            stroke={COLORS.line}
          />
          <Tooltip
            {...TOOLTIP}
            labelFormatter={(label, payload) => {
              // The whole title: the axis may have cut it.
              const row = payload[0]?.payload as { title?: string } | undefined;
              return row?.title ?? (typeof label === 'string' ? label : '');
            }}
          />
          <Bar dataKey="views" name="Views" fill={COLORS.info} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

function PeriodPicker() {
  const period = useAnalyticsStore((s) => s.period);
  const from = useAnalyticsStore((s) => s.from);
  const to = useAnalyticsStore((s) => s.to);
  const [draft, setDraft] = useState({ from, to });
  useEffect(() => setDraft({ from, to }), [from, to]);
  const valid = draft.from !== '' && draft.to !== '' && draft.from <= draft.to;
  return (
    <form
      className="analytics-period"
      aria-label="Period"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) void useAnalyticsStore.getState().setRange(draft.from, draft.to);
      }}
    >
      <div className="btn-group" role="group" aria-label="Preset periods">
        {ANALYTICS_PERIODS.map((p) => (
          <button
            key={p.id}
            type="button"
            className={
              p.id === period ? 'btn btn-small btn-filter active' : 'btn btn-small btn-filter'
            }
            aria-pressed={p.id === period}
            onClick={() => void useAnalyticsStore.getState().setPeriod(p.id)}
          >
            {p.label}
          </button>
        ))}
      </div>
      <label>
        From{' '}
        <input
          type="date"
          value={draft.from}
          max={draft.to || undefined}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
      </label>
      <label>
        to{' '}
        <input
          type="date"
          value={draft.to}
          min={draft.from || undefined}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
      </label>
      <button type="submit" className="btn btn-small" disabled={!valid}>
        Show
      </button>
    </form>
  );
}

export function AnalyticsScreen() {
  const report = useAnalyticsStore((s) => s.report);
  const loading = useAnalyticsStore((s) => s.loading);
  const error = useAnalyticsStore((s) => s.error);

  useEffect(() => {
    const store = useAnalyticsStore.getState();
    store.watch(true);
    void store.load();
    return () => useAnalyticsStore.getState().watch(false);
  }, []);

  return (
    <section className="screen analytics-screen" aria-labelledby="screen-title" aria-busy={loading}>
      <header className="screen-head">
        <h1 id="screen-title">Analytics</h1>
      </header>
      <PeriodPicker />
      {error ? (
        <p className="alert alert-error" role="alert">
          The report could not be made: {error}
        </p>
      ) : null}
      {report ? (
        <>
          <p className="muted analytics-period-note" data-testid="analytics-period">
            {report.from} to {report.to}, in weeks from Monday ({report.timeZone}).
          </p>
          <div className="analytics-grid">
            <PublishedChart report={report} />
            <OutcomesChart report={report} />
            <LeadTimeChart report={report} />
            <FailuresChart report={report} />
            <CoverageChart report={report} />
            <ViewsChart report={report} />
          </div>
        </>
      ) : error ? null : (
        <p className="muted">Reading…</p>
      )}
    </section>
  );
}

/**
 * Prometheus metrics for the station's monitoring: read from the modules' own state at each
 * scrape (nothing is counted twice in memory, and a restart loses nothing), with the process's
 * default metrics beside them.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { HEALTH_SERVICES } from '../../shared/health';
import type { Core } from './core';

export interface Metrics {
  contentType: string;
  text(): Promise<string>;
}

export function createMetrics(core: Core, info: { version: string; host: string }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'archivist_' });
  const sqlite = core.database.sqlite;
  const count = (sql: string): number => sqlite.prepare(sql).pluck().get() as number;

  new Gauge({
    name: 'archivist_info',
    help: 'The running version (value 1).',
    labelNames: ['version', 'host'],
    registers: [registry],
    collect() {
      this.set({ version: info.version, host: info.host }, 1);
    },
  });
  new Gauge({
    name: 'archivist_catalog_shows',
    help: 'Live shows in the local catalog.',
    registers: [registry],
    collect() {
      this.set(core.catalog.repo.showCount());
    },
  });
  new Gauge({
    name: 'archivist_recordings',
    help: 'Recordings in the storage folders, by state.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      for (const [state, n] of Object.entries(core.library.service.status().counts)) {
        this.set({ state }, n);
      }
    },
  });
  new Gauge({
    name: 'archivist_publish_jobs',
    help: 'Publish jobs in the queue, by state.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      for (const [state, n] of Object.entries(core.publishing.service.status().counts)) {
        this.set({ state }, n);
      }
    },
  });
  new Counter({
    name: 'archivist_vod_publications_total',
    help: 'VODs published by this app, ever.',
    registers: [registry],
    collect() {
      // Kept in the database: the counter survives restarts, as Prometheus expects of it.
      this.reset();
      this.inc(count('SELECT count(*) FROM vod_publications'));
    },
  });
  new Counter({
    name: 'archivist_publish_failures_total',
    help: 'Publishes that failed and waited for a person, ever (a retry that went live keeps its failure).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(count('SELECT count(*) FROM publish_failures'));
    },
  });
  new Gauge({
    name: 'archivist_catalog_sync_duration_seconds',
    help: 'How long the last catalog sync took, by mode (full or incremental); absent before one finished.',
    labelNames: ['mode'],
    registers: [registry],
    collect() {
      this.reset();
      const status = core.catalog.sync.status();
      const last = status.running ? null : status;
      if (!last?.mode || !last.startedAt || !last.finishedAt) return;
      this.set(
        { mode: last.mode },
        (Date.parse(last.finishedAt) - Date.parse(last.startedAt)) / 1000,
      );
    },
  });
  new Gauge({
    name: 'archivist_webhook_deliveries',
    help: 'Webhook deliveries, by state.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const state of ['pending', 'delivered', 'failed']) this.set({ state }, 0);
      const rows = sqlite
        .prepare('SELECT state, count(*) AS n FROM webhook_deliveries GROUP BY state')
        .all() as { state: string; n: number }[];
      for (const { state, n } of rows) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'archivist_health_up',
    help: 'Whether each service was up at the last health check (1) or down (0); absent before it.',
    labelNames: ['service'],
    registers: [registry],
    collect() {
      this.reset();
      const report = core.health.monitor.last();
      if (!report) return;
      for (const service of HEALTH_SERVICES)
        this.set({ service }, report.services[service] ? 1 : 0);
    },
  });
  new Gauge({
    name: 'archivist_schedule_last_run_timestamp_seconds',
    help: 'When each schedule last finished a run.',
    labelNames: ['schedule', 'result'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of core.schedules.scheduler.status().schedules) {
        const run = s.lastRun;
        if (!run?.finishedAt) continue;
        this.set(
          { schedule: s.id, result: run.result ?? 'unknown' },
          Date.parse(run.finishedAt) / 1000,
        );
      }
    },
  });

  new Gauge({
    name: 'archivist_schedule_last_run_duration_seconds',
    help: "How long each schedule's last run took (the catalog syncs, the rescan, auto-publish...).",
    labelNames: ['schedule'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of core.schedules.scheduler.status().schedules) {
        const ms = s.lastRun?.durationMs;
        if (typeof ms === 'number') this.set({ schedule: s.id }, ms / 1000);
      }
    },
  });

  return { contentType: registry.contentType, text: () => registry.metrics() };
}

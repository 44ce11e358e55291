/**
 * The health of everything the app depends on: Cablecast, the VOD pipeline, the webhook
 * receivers, each storage folder and the local database. Every check has a timeout, and the
 * storage folders are probed in a child process that is abandoned if a share hangs, so no check
 * can block the app. A service's change of state counts once two runs in a row agree (no
 * flapping); a change to down, and back, raises a `system.alert` and an event for the tray.
 */
import { statSync, statfsSync } from 'node:fs';
import { errorMessage } from '../../shared/errors';
import {
  HEALTH_SERVICES,
  type HealthCheckView,
  type HealthReport,
  type HealthService,
  type HealthServiceView,
  type HealthSpan,
  type HealthState,
  type HealthTimeline,
} from '../../shared/health';
import type { HealthSettings } from '../../shared/settings';
import type { ConnectionTestResult } from '../../shared/connection';
import type { AppDatabase } from '../db/database';
import type { Logger } from '../logging/logger';
import { quickCheck as runQuickCheck } from './integrity-check';
import type { FolderProbe, StorageProber } from './storage-probe';

const GB = 1024 ** 3;
const DAY = 24 * 3_600_000;
/** The integrity check reads the whole file: at most this often. */
const QUICK_CHECK_EVERY_MS = 10 * 60_000;

export interface VodPipelineState {
  /** Jobs in their transcode step, with when that step began (ISO). */
  transcoding: { jobId: number; since: string; show: string }[];
  /** Publishes that failed in the last 24 hours and wait for a person. */
  failed: number;
}

export interface WebhooksState {
  /** Endpoints whose latest delivery failed, with what they answered. */
  failing: { url: string; answer: string | null }[];
  /** Deliveries given up in the last 24 hours. */
  deadLetters: number;
  endpoints: number;
}

export interface HealthMonitorOptions {
  database: Pick<AppDatabase, 'sqlite'>;
  /** The data folder: the database's disk. */
  dataDir: string;
  databaseFile: string;
  settings: () => HealthSettings;
  /** Tests the Cablecast connection; null when no server is set up. */
  cablecast: (signal: AbortSignal) => Promise<ConnectionTestResult | null>;
  vod: () => VodPipelineState;
  webhooks: () => WebhooksState;
  /** The storage folders' paths. */
  storageFolders: () => string[];
  prober: StorageProber;
  logger: Logger;
  now?: () => number;
  /** A service's confirmed change of state (alert, tray, notification). */
  onChange?: (change: {
    service: HealthService;
    from: HealthState;
    to: HealthState;
    message: string;
    report: HealthReport;
  }) => void;
}

function worst(states: readonly HealthState[]): HealthState {
  if (states.includes('down')) return 'down';
  if (states.includes('warn')) return 'warn';
  return 'ok';
}

function gb(bytes: number): string {
  return `${(bytes / GB).toFixed(1)} GB`;
}

async function withTimeout<T>(
  what: string,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${what} did not answer within ${ms / 1000} s.`));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class HealthMonitor {
  private readonly now: () => number;
  private report: HealthReport | null = null;
  /** The state each service was last confirmed in, and a pending change seen once. */
  private confirmed = new Map<HealthService, { state: HealthState; since: string }>();
  private pending = new Map<HealthService, HealthState>();
  /** What the last run saw, and since when: what the screen and the endpoint say. */
  private observed = new Map<HealthService, { state: HealthState; since: string }>();
  private quickCheck: { at: number; result: string } | null = null;
  private running: Promise<HealthReport> | null = null;

  constructor(private readonly o: HealthMonitorOptions) {
    this.now = o.now ?? Date.now;
    // "Since when" survives a restart: the last confirmed state of each service.
    const rows = o.database.sqlite
      .prepare(
        `SELECT service, state, at FROM health_events e
         WHERE id = (SELECT max(id) FROM health_events WHERE service = e.service)`,
      )
      .all() as { service: HealthService; state: HealthState; at: string }[];
    for (const row of rows) {
      this.confirmed.set(row.service, { state: row.state, since: row.at });
      this.observed.set(row.service, { state: row.state, since: row.at });
    }
  }

  /** The last report (null before the first run). */
  last(): HealthReport | null {
    return this.report;
  }

  /** Runs every check now (a run already going is joined, not doubled). */
  check(): Promise<HealthReport> {
    this.running ??= this.runChecks().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * For the health endpoint: the newest report within `waitMs`. A fresh one is started when the
   * last is older than `maxAgeMs`; if it does not finish in time the last one answers.
   */
  async within(waitMs: number, maxAgeMs: number): Promise<HealthReport> {
    const last = this.report;
    if (last?.checkedAt && this.now() - Date.parse(last.checkedAt) <= maxAgeMs) return last;
    const fresh = this.check();
    const late = new Promise<null>((r) => setTimeout(() => r(null), waitMs).unref());
    const first = await Promise.race([fresh, late]);
    return first ?? last ?? this.unknownReport();
  }

  timeline(hours = 24): HealthTimeline {
    const to = this.now();
    const from = to - hours * 3_600_000;
    const fromIso = new Date(from).toISOString();
    const spans: HealthSpan[] = [];
    for (const service of HEALTH_SERVICES) {
      const rows = this.o.database.sqlite
        .prepare(
          `SELECT state, message, at FROM health_events WHERE service = ? AND id >= coalesce(
             (SELECT max(id) FROM health_events WHERE service = ? AND at <= ?), 0)
           ORDER BY id`,
        )
        .all(service, service, fromIso) as { state: HealthState; message: string; at: string }[];
      rows.forEach((row, i) => {
        const next = rows[i + 1];
        spans.push({
          service,
          state: row.state,
          message: row.message,
          from: row.at < fromIso ? fromIso : row.at,
          to: next ? next.at : null,
        });
      });
    }
    return { from: fromIso, to: new Date(to).toISOString(), spans };
  }

  // ---- the run -------------------------------------------------------------------------------

  private async runChecks(): Promise<HealthReport> {
    const settings = this.o.settings();
    const timed = async (
      service: HealthService,
      fallback: { id: string; label: string },
      work: (signal: AbortSignal) => Promise<HealthCheckView[]> | HealthCheckView[],
    ): Promise<HealthCheckView[]> => {
      const started = performance.now();
      try {
        return await withTimeout(fallback.label, settings.checkTimeoutMs, async (signal) =>
          work(signal),
        );
      } catch (error) {
        return [
          {
            ...fallback,
            service,
            state: 'down',
            message: errorMessage(error),
            action: 'See the message; the check runs again every minute.',
            elapsedMs: Math.round(performance.now() - started),
          },
        ];
      }
    };
    const results = await Promise.all([
      timed('cablecast', { id: 'cablecast', label: 'Cablecast' }, (signal) =>
        this.checkCablecast(signal),
      ),
      timed('vod', { id: 'vod', label: 'VOD pipeline' }, () => this.checkVod(settings)),
      timed('webhooks', { id: 'webhooks', label: 'Webhooks' }, () => this.checkWebhooks()),
      // The probe has its own timeout (it kills its child); this one is the backstop.
      timed('storage', { id: 'storage', label: 'Storage folders' }, () =>
        this.checkStorage(settings),
      ),
      timed('database', { id: 'database', label: 'Local database' }, (signal) =>
        this.checkDatabase(settings, signal),
      ),
    ]);
    const checks = results.flat();
    return this.settle(checks);
  }

  private async checkCablecast(signal: AbortSignal): Promise<HealthCheckView[]> {
    const started = performance.now();
    const result = await this.o.cablecast(signal);
    const elapsedMs = Math.round(performance.now() - started);
    const base = { id: 'cablecast', service: 'cablecast' as const, label: 'Cablecast', elapsedMs };
    if (result === null) {
      return [
        {
          ...base,
          state: 'warn',
          message: 'No Cablecast server is set up.',
          action: 'Enter the server in Settings › Cablecast connection, or use the demo server.',
        },
      ];
    }
    if (!result.ok) {
      return [
        {
          ...base,
          state: 'down',
          message: result.problem?.message ?? 'Cablecast did not answer.',
          action:
            'Check the server address and the account in Settings, and that the server is up.',
        },
      ];
    }
    const version = result.serverVersion ? `version ${result.serverVersion}` : 'version unknown';
    if (result.canWrite === false) {
      return [
        {
          ...base,
          state: 'warn',
          message: `Reachable (${version}), but the account may only read: publishing will fail.`,
          action: 'Use an account that may edit shows and VODs.',
        },
      ];
    }
    return [
      { ...base, state: 'ok', message: `Reachable, ${version}. ${result.rights}`, action: null },
    ];
  }

  private checkVod(settings: HealthSettings): HealthCheckView[] {
    const state = this.o.vod();
    const now = this.now();
    const limit = settings.stuckTranscodeMinutes * 60_000;
    const stuck = state.transcoding.filter((t) => now - Date.parse(t.since) > limit);
    const base = { id: 'vod', service: 'vod' as const, label: 'VOD pipeline', elapsedMs: 0 };
    if (stuck.length > 0) {
      return [
        {
          ...base,
          state: 'down',
          message: `${stuck.length === 1 ? '1 VOD has' : `${stuck.length} VODs have`} been transcoding for more than ${settings.stuckTranscodeMinutes} minutes (${stuck.map((s) => s.show).join(', ')}).`,
          action: 'Look at the VOD queue in Cablecast; then Check on server in the Publish queue.',
        },
      ];
    }
    if (state.failed > 0) {
      return [
        {
          ...base,
          state: 'warn',
          message: `${state.failed === 1 ? '1 publish' : `${state.failed} publishes`} failed in the last 24 hours and ${state.failed === 1 ? 'waits' : 'wait'} for a person.`,
          action: 'Open the Publish queue: retry, or mark done.',
        },
      ];
    }
    const running = state.transcoding.length;
    return [
      {
        ...base,
        state: 'ok',
        message: running === 0 ? 'Nothing is transcoding.' : `${running} transcoding, none stuck.`,
        action: null,
      },
    ];
  }

  private checkWebhooks(): HealthCheckView[] {
    const state = this.o.webhooks();
    const base = { id: 'webhooks', service: 'webhooks' as const, label: 'Webhooks', elapsedMs: 0 };
    if (state.failing.length > 0) {
      return [
        {
          ...base,
          state: state.failing.length === state.endpoints ? 'down' : 'warn',
          message: `Deliveries are failing to ${state.failing.map((f) => `${f.url}${f.answer ? ` (${f.answer.slice(0, 80)})` : ''}`).join(', ')}.`,
          action: 'Check the receiver; the deliveries are retried for hours and can be resent.',
        },
      ];
    }
    if (state.deadLetters > 0) {
      return [
        {
          ...base,
          state: 'warn',
          message: `${state.deadLetters} ${state.deadLetters === 1 ? 'delivery was' : 'deliveries were'} given up in the last 24 hours.`,
          action: 'Resend them from the delivery log in Settings › Webhooks.',
        },
      ];
    }
    return [
      {
        ...base,
        state: 'ok',
        message:
          state.endpoints === 0
            ? 'No endpoints are set up.'
            : `${state.endpoints} ${state.endpoints === 1 ? 'endpoint' : 'endpoints'}, delivering.`,
        action: null,
      },
    ];
  }

  private async checkStorage(settings: HealthSettings): Promise<HealthCheckView[]> {
    const paths = this.o.storageFolders();
    if (paths.length === 0) {
      return [
        {
          id: 'storage',
          service: 'storage',
          label: 'Storage folders',
          state: 'warn',
          message: 'No storage folder is set up.',
          action: 'Add the folder the recordings are saved in (Settings or Transcriptions).',
          elapsedMs: 0,
        },
      ];
    }
    const started = performance.now();
    const probes = await this.o.prober(paths, settings.checkTimeoutMs);
    const elapsedMs = Math.round(performance.now() - started);
    return probes.map((p) => this.folderCheck(p, settings, elapsedMs));
  }

  private folderCheck(
    p: FolderProbe,
    settings: HealthSettings,
    elapsedMs: number,
  ): HealthCheckView {
    const base = {
      id: `storage:${p.path}`,
      service: 'storage' as const,
      label: `Storage folder ${p.path}`,
      elapsedMs,
    };
    const down = (message: string, action: string): HealthCheckView => ({
      ...base,
      state: 'down',
      message,
      action,
    });
    if (!p.exists) {
      return down(
        `Not found${p.error ? ` (${p.error})` : ''}.`,
        'Mount the share or connect the drive, or remove the folder from the list.',
      );
    }
    if (!p.isDirectory) return down('It is a file, not a folder.', 'Remove it and add its folder.');
    if (!p.readable) {
      return down(
        `Cannot be read (${p.error ?? 'no reason given'}).`,
        'Give this computer’s account read access.',
      );
    }
    const mount = p.mountPoint ? 'a mounted volume' : 'on the system disk';
    const free = p.freeBytes === null ? 'free space unknown' : `${gb(p.freeBytes)} free`;
    if (p.freeBytes !== null && p.freeBytes < settings.minFreeGb * GB) {
      return {
        ...base,
        state: 'warn',
        message: `Only ${gb(p.freeBytes)} free (less than ${settings.minFreeGb} GB), ${mount}.`,
        action: 'Free some space, or lower the threshold in Settings › Health.',
      };
    }
    if (!p.writable) {
      return {
        ...base,
        state: 'warn',
        message: `Readable but not writable (${p.error ?? 'no reason given'}), ${mount}, ${free}.`,
        action: 'Captions and summaries written beside the videos need write access.',
      };
    }
    return {
      ...base,
      state: 'ok',
      message: `Readable and writable, ${mount}, ${free}.`,
      action: null,
    };
  }

  private async checkDatabase(
    settings: HealthSettings,
    signal: AbortSignal,
  ): Promise<HealthCheckView[]> {
    const started = performance.now();
    const now = this.now();
    if (!this.quickCheck || now - this.quickCheck.at > QUICK_CHECK_EVERY_MS) {
      const { result } = await runQuickCheck(this.o.databaseFile, this.o.database.sqlite, {
        signal,
      });
      this.quickCheck = { at: now, result };
    }
    const size = statSync(this.o.databaseFile).size;
    const fs = statfsSync(this.o.dataDir);
    const free = Number(fs.bavail) * Number(fs.bsize);
    const base = {
      id: 'database',
      service: 'database' as const,
      label: 'Local database',
      elapsedMs: Math.round(performance.now() - started),
    };
    if (this.quickCheck.result !== 'ok') {
      return [
        {
          ...base,
          state: 'down',
          message: `The integrity check found a problem: ${this.quickCheck.result.slice(0, 200)}`,
          action:
            'Close the app, keep a copy of the data folder, and restore the database from a backup.',
        },
      ];
    }
    if (free < settings.minFreeGb * GB) {
      return [
        {
          ...base,
          state: 'warn',
          message: `${gb(size)} database; only ${gb(free)} free on its disk.`,
          action: 'Free some space on the data folder’s disk.',
        },
      ];
    }
    return [
      {
        ...base,
        state: 'ok',
        message: `Intact, ${gb(size)}, ${gb(free)} free on its disk.`,
        action: null,
      },
    ];
  }

  // ---- states --------------------------------------------------------------------------------

  /** Folds the checks into services, confirms changes seen twice in a row, and keeps the report. */
  private settle(checks: HealthCheckView[]): HealthReport {
    const at = new Date(this.now()).toISOString();
    const changes: {
      service: HealthService;
      from: HealthState;
      to: HealthState;
      message: string;
    }[] = [];
    const details = {} as Record<HealthService, HealthServiceView>;
    for (const service of HEALTH_SERVICES) {
      const own = checks.filter((c) => c.service === service);
      const state = worst(own.map((c) => c.state));
      const lead = own.find((c) => c.state === state) ?? own[0];
      const message = lead?.message ?? '';
      const before = this.confirmed.get(service);
      if (!before) {
        // The first run: nothing to debounce against.
        this.confirm(service, state, message, at);
      } else if (before.state !== state) {
        if (this.pending.get(service) === state) {
          this.pending.delete(service);
          this.confirm(service, state, message, at);
          changes.push({ service, from: before.state, to: state, message });
        } else {
          this.pending.set(service, state);
        }
      } else {
        this.pending.delete(service);
      }
      const seen = this.observed.get(service);
      const since = seen?.state === state ? seen.since : at;
      this.observed.set(service, { state, since });
      details[service] = {
        state,
        since,
        message:
          this.confirmed.get(service)?.state === state
            ? message
            : `${message} (seen once: an alert follows if the next check agrees)`,
        action: lead?.action ?? null,
        checks: own,
      };
    }
    const services = Object.fromEntries(
      HEALTH_SERVICES.map((s) => [s, details[s].state !== 'down']),
    ) as Record<HealthService, boolean>;
    const report: HealthReport = {
      healthy: Object.values(services).every(Boolean),
      timestamp: at,
      services,
      details,
      checkedAt: at,
    };
    this.report = report;
    for (const change of changes) {
      this.o.logger[change.to === 'ok' ? 'info' : 'warn']('health changed', change);
      this.o.onChange?.({ ...change, report });
    }
    return report;
  }

  private confirm(service: HealthService, state: HealthState, message: string, at: string): void {
    this.confirmed.set(service, { state, since: at });
    const db = this.o.database.sqlite;
    db.prepare('INSERT INTO health_events (service, state, message, at) VALUES (?, ?, ?, ?)').run(
      service,
      state,
      message,
      at,
    );
    db.prepare('DELETE FROM health_events WHERE at < ?').run(
      new Date(this.now() - 7 * DAY).toISOString(),
    );
  }

  private unknownReport(): HealthReport {
    const at = new Date(this.now()).toISOString();
    const details = Object.fromEntries(
      HEALTH_SERVICES.map((s) => [
        s,
        { state: 'warn', since: at, message: 'Not checked yet.', action: null, checks: [] },
      ]),
    ) as unknown as Record<HealthService, HealthServiceView>;
    return {
      healthy: false,
      timestamp: at,
      services: Object.fromEntries(HEALTH_SERVICES.map((s) => [s, false])) as Record<
        HealthService,
        boolean
      >,
      details,
      checkedAt: null,
    };
  }
}

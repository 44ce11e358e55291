import type { CoreModule, EventHub } from '../contract';
import type { ScheduleDefinition } from '../jobs';
import type { Logger } from '../logging/logger';
import { buildDiagnostics, type DiagnosticsSources } from './diagnostics';
import { HealthMonitor, type HealthMonitorOptions } from './health-monitor';

type HealthMethod = 'health.status' | 'health.check' | 'health.timeline' | 'health.diagnostics';

export interface HealthModule extends CoreModule<HealthMethod> {
  readonly monitor: HealthMonitor;
}

export interface HealthModuleOptions extends Omit<HealthMonitorOptions, 'onChange' | 'logger'> {
  hub: EventHub;
  logger: Logger;
  /** A service went down or came back: the `system.alert` webhook. */
  alert: (alert: { service: string; level: 'error' | 'info'; message: string }) => void;
  /** What "Copy diagnostics" reports besides the health: the app, its log, its settings. */
  diagnostics: Omit<DiagnosticsSources, 'report' | 'dataDir' | 'now'>;
}

/** The health checks, their schedule, and the contract handlers that reach them. */
export function createHealthModule(options: HealthModuleOptions): HealthModule {
  const { hub, logger, alert, diagnostics, ...rest } = options;
  const monitor = new HealthMonitor({
    ...rest,
    logger,
    onChange: (change) => {
      const { service, from, to, message } = change;
      hub.emit('health.changed', change);
      if (to === 'down') {
        alert({ service, level: 'error', message });
      } else if (from === 'down') {
        alert({ service, level: 'info', message: `Back: ${message}` });
      }
    },
  });
  const schedule: ScheduleDefinition = {
    id: 'health.check',
    title: 'Health checks',
    description:
      'Checks Cablecast, the VOD pipeline, webhooks, each storage folder and the database.',
    defaultSpec: { kind: 'interval', seconds: 60 },
    run: async () => {
      const report = await monitor.check();
      const down = Object.entries(report.details)
        .filter(([, d]) => d.state === 'down')
        .map(([s]) => s);
      return {
        result: 'ok',
        message: down.length === 0 ? 'All services are up.' : `Down: ${down.join(', ')}.`,
      };
    },
  };
  let unsubscribe: (() => void) | null = null;
  let stopTimer: (() => void) | null = null;
  return {
    name: 'health',
    monitor,
    schedules: [schedule],
    handlers: {
      'health.status': () => monitor.within(5_000, 90_000),
      'health.check': () => monitor.check(),
      'health.timeline': ({ hours }) => monitor.timeline(hours),
      'health.diagnostics': () =>
        buildDiagnostics({
          ...diagnostics,
          dataDir: options.dataDir,
          ...(options.now ? { now: options.now } : {}),
          // The last report when it is recent, else a fresh one (or the last, if that hangs).
          report: () => monitor.within(5_000, 90_000),
        }),
    },
    start() {
      const run = () =>
        void monitor
          .check()
          .catch((error: unknown) => logger.warn('health check failed', { error }));
      // A first report soon after start, without holding the start up; and a fresh one soon
      // after the settings change (a new server, a threshold), not a minute later.
      run();
      let timer: ReturnType<typeof setTimeout> | null = null;
      unsubscribe = hub.subscribe((event) => {
        if (event !== 'settings.changed' || timer) return;
        timer = setTimeout(() => {
          timer = null;
          run();
        }, 1_000);
        timer.unref();
      });
      stopTimer = () => {
        if (timer) clearTimeout(timer);
      };
    },
    dispose: () => {
      unsubscribe?.();
      stopTimer?.();
      return Promise.resolve();
    },
  };
}

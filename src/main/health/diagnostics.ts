/**
 * "Copy diagnostics": what an operator pastes into an email to station IT. Plain text, readable
 * without the app: the version and host, the runtime and OS, the folders, the settings without a
 * secret, each service's health, and the last lines of the log.
 */
import { arch, platform, release } from 'node:os';
import { dirname } from 'node:path';
import { HEALTH_SERVICES, type HealthDiagnostics, type HealthReport } from '../../shared/health';
import type { SettingsView } from '../../shared/settings';
import { LOG_KEEP, LOG_MAX_BYTES, readLogTail } from '../logging/logger';
import { scrubSecrets } from '../logging/scrub';

/** How many log lines the report ends with. */
export const DIAGNOSTICS_LOG_LINES = 200;

export interface DiagnosticsSources {
  appVersion: string;
  host: 'electron' | 'browser';
  dataDir: string;
  /** The log file (its folder holds the rotated ones). */
  logFile: string;
  /** The settings as `settings.get` answers them: no password, no secret, no token. */
  settings: () => Promise<SettingsView>;
  /** The health report to show: the latest, or a fresh one. */
  report: () => Promise<HealthReport>;
  now?: () => number;
  /** For tests: the runtime's versions and the OS. */
  versions?: Partial<Record<string, string>>;
  os?: { platform: string; release: string; arch: string };
}

function settingsLines(view: SettingsView): string[] {
  const lines: string[] = [];
  for (const [section, fields] of Object.entries(view.settings)) {
    for (const [field, value] of Object.entries(fields as Record<string, unknown>)) {
      const path = `${section}.${field}`;
      const variable = view.fromEnvironment[path];
      const source = variable ? `from ${variable}` : (view.sources[path] ?? 'default');
      lines.push(`${path} = ${JSON.stringify(value)} (${source})`);
    }
  }
  lines.push(
    `Cablecast password: ${view.passwordSet ? `set, in the system keychain${view.passwordFromEnvironment ? ' (from CABLECAST_PASSWORD)' : ''}` : 'not set'}`,
  );
  for (const warning of view.warnings) lines.push(`Warning: ${warning}`);
  return lines;
}

function healthLines(report: HealthReport): string[] {
  const lines = [
    report.checkedAt
      ? `${report.healthy ? 'Healthy' : 'NOT healthy'} (checked ${report.checkedAt})`
      : 'Not checked yet',
  ];
  for (const service of HEALTH_SERVICES) {
    const d = report.details[service];
    lines.push(`${service.padEnd(9)} ${d.state.padEnd(4)} since ${d.since}  ${d.message}`);
    if (d.action && d.state !== 'ok') lines.push(`          What to do: ${d.action}`);
    if (d.checks.length > 1) {
      for (const c of d.checks) lines.push(`          - ${c.state} ${c.label}: ${c.message}`);
    }
  }
  return lines;
}

/** Builds the report. Never fails for a part it cannot read: that part says why instead. */
export async function buildDiagnostics(o: DiagnosticsSources): Promise<HealthDiagnostics> {
  const now = o.now ?? Date.now;
  const generatedAt = new Date(now()).toISOString();
  const versions = o.versions ?? process.versions;
  const os = o.os ?? { platform: platform(), release: release(), arch: arch() };
  const logsDir = dirname(o.logFile);
  const attempt = async <T>(what: () => Promise<T>, show: (value: T) => string[]) => {
    try {
      return show(await what());
    } catch (error) {
      return [`(could not be read: ${error instanceof Error ? error.message : String(error)})`];
    }
  };
  const runtime = [
    `Node ${versions.node ?? 'unknown'}`,
    ...(versions.electron ? [`Electron ${versions.electron}`] : []),
    ...(versions.chrome ? [`Chromium ${versions.chrome}`] : []),
  ];
  let logLines: string[] = [];
  const logPart = await attempt(
    () => Promise.resolve(readLogTail(o.logFile, { lines: DIAGNOSTICS_LOG_LINES })),
    (lines) => {
      logLines = lines;
      return lines.length > 0 ? lines : ['(the log is empty)'];
    },
  );
  const sections: [string, string[]][] = [
    [
      'App',
      [
        `Version: ${o.appVersion}`,
        `Host: ${o.host === 'electron' ? 'electron (the desktop app)' : 'browser (the browser host)'}`,
        `Runtime: ${runtime.join(', ')}`,
        `OS: ${os.platform} ${os.release} (${os.arch})`,
        `Data folder: ${o.dataDir}`,
        `Log folder: ${logsDir} (${o.logFile.slice(logsDir.length + 1)}, rotated at ${LOG_MAX_BYTES / 1024 / 1024} MiB, ${LOG_KEEP} old files kept)`,
      ],
    ],
    ['Health', await attempt(o.report, healthLines)],
    [
      'Settings (without secrets: passwords, client secrets, webhook secrets and tokens stay in the keychain)',
      await attempt(o.settings, settingsLines),
    ],
    [`Log, last ${logLines.length} lines (oldest first)`, logPart],
  ];
  const text = scrubSecrets(
    [
      `Archivist Desktop diagnostics, ${generatedAt}`,
      ...sections.map(([title, lines]) => `\n== ${title} ==\n${lines.join('\n')}`),
    ].join('\n') + '\n',
  );
  return { text, generatedAt, logsDir, logLines: logLines.length };
}

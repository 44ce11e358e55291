import { HEALTH_SERVICES, type HealthReport } from '../shared/health';

export const HEALTH_HELP = `  archivist health [--url http://127.0.0.1:PORT] [--data-dir DIR] [--json]
      The health of Cablecast, the VOD pipeline, webhooks, each storage folder and the local
      database: each service's state, since when, and what to do. With --url it asks the running
      browser host (GET /api/health); otherwise it runs the checks on the data folder itself.
      --json prints the report as the health endpoint serves it. Exit 0 healthy, 1 not.
`;

const MARK: Record<string, string> = { ok: 'ok  ', warn: 'WARN', down: 'DOWN' };

/** The report as lines a terminal or a monitoring script reads. */
export function formatHealth(report: HealthReport): string {
  const lines = [
    `${report.healthy ? 'Healthy' : 'Not healthy'} (checked ${report.checkedAt ?? 'never'})`,
  ];
  for (const service of HEALTH_SERVICES) {
    const detail = report.details[service];
    lines.push(
      `${MARK[detail.state]} ${service.padEnd(9)} since ${detail.since}: ${detail.message}`,
    );
    for (const check of detail.checks) {
      if (detail.checks.length > 1 || check.state !== detail.state) {
        lines.push(`       ${MARK[check.state]} ${check.label}: ${check.message}`);
      }
      if (check.action && check.state !== 'ok')
        lines.push(`            What to do: ${check.action}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Reads a running host's `/api/health` (200 healthy, 503 not; either way the body is the report). */
export async function fetchHealth(url: string, timeoutMs = 5_000): Promise<HealthReport> {
  const target = new URL('/api/health', url);
  const response = await fetch(target, { signal: AbortSignal.timeout(timeoutMs) });
  if (response.status !== 200 && response.status !== 503) {
    throw new Error(`${target.href} answered ${response.status}: is it Archivist's browser host?`);
  }
  return (await response.json()) as HealthReport;
}

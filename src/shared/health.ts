/** The services the health panel watches (the original system's four, and the local database). */
export const HEALTH_SERVICES = ['cablecast', 'vod', 'webhooks', 'storage', 'database'] as const;
export type HealthService = (typeof HEALTH_SERVICES)[number];

/** `ok`; `warn`: works, but someone should look; `down`: not working. */
export type HealthState = 'ok' | 'warn' | 'down';

/** One check's finding, in words an operator can act on. */
export interface HealthCheckView {
  /** `cablecast`, `storage:/mnt/recordings`, … */
  id: string;
  service: HealthService;
  /** What was checked, for the screen: "Storage folder /mnt/recordings". */
  label: string;
  state: HealthState;
  message: string;
  /** What to do about it; null when all is well. */
  action: string | null;
  /** How long the check took. */
  elapsedMs: number;
}

export interface HealthServiceView {
  state: HealthState;
  /** Since when it has been in this state (the first check that found it so). */
  since: string;
  message: string;
  action: string | null;
  checks: HealthCheckView[];
}

/**
 * The health report: the original system's shape (`healthy`, `timestamp`, a boolean per service)
 * that existing monitors read, and the detail of every check.
 */
export interface HealthReport {
  healthy: boolean;
  timestamp: string;
  services: Record<HealthService, boolean>;
  details: Record<HealthService, HealthServiceView>;
  /** When the checks last ran; null before the first run. */
  checkedAt: string | null;
}

/** A service's confirmed change of state (two checks in a row agreed), with the report. */
export interface HealthChanged {
  service: HealthService;
  from: HealthState;
  to: HealthState;
  message: string;
  report: HealthReport;
}

/** One stretch of a service's 24-hour timeline. */
export interface HealthSpan {
  service: HealthService;
  state: HealthState;
  from: string;
  /** Null for the current stretch. */
  to: string | null;
  message: string;
}

export interface HealthTimeline {
  from: string;
  to: string;
  spans: HealthSpan[];
}

/**
 * "Copy diagnostics": a plain-text report an operator pastes into an email to station IT (the
 * app's version and host, the runtime and OS, the folders, the settings without secrets, each
 * service's health and the last lines of the log).
 */
export interface HealthDiagnostics {
  text: string;
  generatedAt: string;
  /** The folder the log files are in (`archivist.log`, rotated as `.1` … `.5`). */
  logsDir: string;
  /** How many log lines the text ends with. */
  logLines: number;
}

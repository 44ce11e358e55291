import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|cookie|api[-_]?key/i;
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Replaces the values of secret-looking keys, at any depth, before a line is written. This is a
 * second line of defence: code should not hand secrets to the logger in the first place.
 */
function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: value.message };
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

/** JSON lines to a file (and warnings and errors to stderr), so station IT can read them. */
export function createFileLogger(options: {
  file: string | null;
  level?: LogLevel;
  echo?: boolean;
}): Logger {
  const min = LEVELS[options.level ?? 'info'];
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });
  function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < min) return;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      message,
      ...(fields ? (redact(fields) as Record<string, unknown>) : {}),
    });
    if (options.file) {
      try {
        appendFileSync(options.file, line + '\n');
      } catch {
        // A full disk must not take the app down with it; stderr still gets errors below.
      }
    }
    if (options.echo && LEVELS[level] >= LEVELS.warn) process.stderr.write(line + '\n');
  }
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

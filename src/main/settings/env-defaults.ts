import type { CablecastSettings } from '../../shared/settings';
import {
  checkField,
  fieldPath,
  fieldRequirement,
  hasUrlCredentials,
  type CablecastField,
} from './settings-fields';

/**
 * The original system was configured only through environment variables; here they act as
 * defaults. Precedence, per field: a value saved in the settings screen, else the environment,
 * else the built-in default. So a station can roll the app out with its old environment and
 * still let an operator change one field in the UI, and the UI says which fields came from where.
 *
 * A bad variable never stops the app: it is ignored and reported as a warning naming the
 * variable and what is wrong with it. An empty variable counts as unset (`-e VAR=` in Docker).
 */
const CABLECAST_ENV = {
  serverUrl: 'CABLECAST_API_URL',
  locationId: 'CABLECAST_LOCATION_ID',
  username: 'CABLECAST_USER_ID',
  timeoutMs: 'CABLECAST_TIMEOUT',
  maxRetries: 'CABLECAST_MAX_RETRIES',
  retryDelayMs: 'CABLECAST_RETRY_DELAY',
} as const satisfies Partial<Record<CablecastField, string>>;

/** Goes to the keychain, never into settings (see SettingsService.init). */
export const CABLECAST_PASSWORD_ENV = 'CABLECAST_PASSWORD';

type EnvField = keyof typeof CABLECAST_ENV;

export interface EnvDefaults {
  /** The valid values, as a partial of the Cablecast settings. */
  values: Partial<CablecastSettings>;
  /** `cablecast.serverUrl` → `CABLECAST_API_URL`, for every value in `values`. */
  variables: Record<string, string>;
  /** The password from CABLECAST_PASSWORD, or null. Never logged, never in a warning. */
  password: string | null;
  /** One sentence per ignored variable. */
  warnings: string[];
}

type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)?$/i;

/**
 * The original system's durations were whole seconds; `30`, `30s`, `0.5`, `1500ms` all work here.
 * Returns milliseconds, or null for anything else.
 */
export function parseDurationMs(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match?.[1]) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const ms = unit === 'ms' ? amount : amount * 1000;
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

function parseWholeNumber(text: string): Parsed {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed)
    ? { ok: true, value: Number(trimmed) }
    : { ok: false, problem: 'it is not a whole number' };
}

function parseDuration(text: string): Parsed {
  const ms = parseDurationMs(text);
  return ms === null
    ? { ok: false, problem: 'expected seconds ("30"), or a number with s or ms ("30s", "1500ms")' }
    : { ok: true, value: ms };
}

const PARSERS: Record<EnvField, (text: string) => Parsed> = {
  serverUrl: (text) => {
    const trimmed = text.trim();
    if (/\s/.test(trimmed)) return { ok: false, problem: 'an address cannot contain spaces' };
    if (hasUrlCredentials(trimmed)) {
      return {
        ok: false,
        problem:
          'it contains a user name or password; use CABLECAST_USER_ID and CABLECAST_PASSWORD',
      };
    }
    return { ok: true, value: trimmed };
  },
  locationId: parseWholeNumber,
  username: (text) => ({ ok: true, value: text.trim() }),
  timeoutMs: parseDuration,
  maxRetries: parseWholeNumber,
  retryDelayMs: parseDuration,
};

/** Quotes a value for a warning without letting a huge or multi-line value swamp it. */
function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine);
}

export function readEnvDefaults(env: Record<string, string | undefined>): EnvDefaults {
  const values: Partial<Record<CablecastField, unknown>> = {};
  const variables: Record<string, string> = {};
  const warnings: string[] = [];

  for (const field of Object.keys(CABLECAST_ENV) as EnvField[]) {
    const variable = CABLECAST_ENV[field];
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = PARSERS[field](raw);
    if (!parsed.ok) {
      warnings.push(`${variable}=${quote(raw)} was ignored: ${parsed.problem}.`);
      continue;
    }
    if (!checkField(field, parsed.value).success) {
      warnings.push(`${variable}=${quote(raw)} was ignored: ${fieldRequirement(field)}`);
      continue;
    }
    values[field] = parsed.value;
    variables[fieldPath(field)] = variable;
  }

  const password = env[CABLECAST_PASSWORD_ENV];
  return {
    // Each value passed its field's schema above.
    values: values as Partial<CablecastSettings>,
    variables,
    // Not trimmed: leading or trailing spaces may be part of a password.
    password: password === undefined || password === '' ? null : password,
    warnings,
  };
}

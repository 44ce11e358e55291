import type { Settings, SettingsSection } from '../../shared/settings';
import {
  checkField,
  fieldEnvironment,
  fieldPath,
  fieldRequirement,
  sectionFields,
} from './settings-fields';

/**
 * The original system was configured only through environment variables; here they act as
 * defaults. Precedence, per field: a value saved in the settings screen, else the environment,
 * else the built-in default. So a station can roll the app out with its old environment and
 * still let an operator change one field in the UI, and the UI says which fields came from where.
 * Which variable feeds which field, and how its text is read, is in each section's field table
 * (`settings-fields.ts`).
 *
 * A bad variable never stops the app: it is ignored and reported as a warning naming the
 * variable and what is wrong with it. An empty variable counts as unset (`-e VAR=` in Docker).
 */

/** Goes to the keychain, never into settings (see SettingsService.init). */
export const CABLECAST_PASSWORD_ENV = 'CABLECAST_PASSWORD';

export interface SectionEnvDefaults<S extends SettingsSection> {
  /** The valid values, as a partial of the section's settings. */
  values: Partial<Settings[S]>;
  /** `cablecast.serverUrl` → `CABLECAST_API_URL`, for every value in `values`. */
  variables: Record<string, string>;
  /** One sentence per ignored variable. */
  warnings: string[];
}

/** The Cablecast section's defaults, and the password that goes with them. */
export interface EnvDefaults extends SectionEnvDefaults<'cablecast'> {
  /** The password from CABLECAST_PASSWORD, or null. Never logged, never in a warning. */
  password: string | null;
}

/** Quotes a value for a warning without letting a huge or multi-line value swamp it. */
function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine);
}

/** Reads the variables of one section's field table. */
export function readSectionEnvDefaults<S extends SettingsSection>(
  section: S,
  env: Record<string, string | undefined>,
): SectionEnvDefaults<S> {
  const values: Record<string, unknown> = {};
  const variables: Record<string, string> = {};
  const warnings: string[] = [];

  for (const field of sectionFields(section)) {
    const source = fieldEnvironment(section, field);
    if (source === undefined) continue;
    const raw = env[source.variable];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = source.parse(raw);
    if (!parsed.ok) {
      warnings.push(`${source.variable}=${quote(raw)} was ignored: ${parsed.problem}.`);
      continue;
    }
    if (!checkField(section, field, parsed.value).success) {
      warnings.push(
        `${source.variable}=${quote(raw)} was ignored: ${fieldRequirement(section, field)}`,
      );
      continue;
    }
    values[field] = parsed.value;
    variables[fieldPath(section, field)] = source.variable;
  }

  // Each value passed its field's schema above.
  return { values: values as Partial<Settings[S]>, variables, warnings };
}

/** The CABLECAST_* variables: the Cablecast section's defaults and the password. */
export function readEnvDefaults(env: Record<string, string | undefined>): EnvDefaults {
  const password = env[CABLECAST_PASSWORD_ENV];
  const section = readSectionEnvDefaults('cablecast', env);
  // The original system took an API key; Cablecast itself signs callers in with a user name and
  // password, so a key set here would silently do nothing.
  if ((env.CABLECAST_API_KEY ?? '').trim() !== '') {
    section.warnings.push(
      'CABLECAST_API_KEY was ignored: Cablecast signs callers in with a user name and password, not an API key. Set CABLECAST_USER_ID and CABLECAST_PASSWORD (or enter them in Settings) instead.',
    );
  }
  return {
    ...section,
    // Not trimmed: leading or trailing spaces may be part of a password.
    password: password === undefined || password === '' ? null : password,
  };
}

import { errorMessage, formatZodPath } from '../../shared/errors';
import { normalizeApiBase } from '../cablecast/api-base';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { AppError } from '../../shared/result';
import {
  DEFAULT_SETTINGS,
  SETTINGS_SECTIONS,
  SettingsPatchSchema,
  SettingsSchema,
  type CablecastSettings,
  type Settings,
  type SettingsSection,
  type SettingSource,
  type SettingsPatch,
  type SettingsView,
} from '../../shared/settings';
import type { Logger } from '../logging/logger';
import { SECRET_KEYS, type SecretStore } from '../secrets/secret-store';
import {
  CABLECAST_PASSWORD_ENV,
  readEnvDefaults,
  readSectionEnvDefaults,
  type SectionEnvDefaults,
} from './env-defaults';
import { hasUrlCredentials } from './env-parsers';
import {
  fieldPath,
  fieldRequirement,
  isSettingField,
  isSettingsSection,
  sectionFields,
} from './settings-fields';
import {
  emptySettingsDocument,
  SettingsDocumentSchema,
  SettingsFileUnreadableError,
  SETTINGS_DOCUMENT_VERSION,
  type SettingsDocument,
  type SettingsStore,
} from './settings-store';

interface SettingsServiceOptions {
  store: SettingsStore;
  secrets: SecretStore;
  /** The process environment (or a test's); read once, at construction. */
  env: Record<string, string | undefined>;
  /** Called with the new view after every change that was saved. */
  onChange?: (view: SettingsView) => void;
  now?: () => Date;
  logger?: Logger;
}

const MAX_PASSWORD_LENGTH = 1_024;

/** Turns the first zod issue of a settings patch into INVALID_ARGUMENT with the field's path. */
function patchError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  if (!issue) return new AppError('INVALID_ARGUMENT', 'The settings change was not accepted.');
  const segments = issue.path
    .filter((p): p is string | number => typeof p !== 'symbol')
    .map(String);
  if (issue.code === 'unrecognized_keys') {
    const path = [...segments, issue.keys[0] ?? '?'].join('.');
    return new AppError('INVALID_ARGUMENT', `${path} is not a setting.`, path);
  }
  const path = segments.join('.');
  const [section, field] = segments;
  if (section !== undefined && isSettingsSection(section) && isSettingField(section, field)) {
    return new AppError('INVALID_ARGUMENT', fieldRequirement(section, field), path);
  }
  return new AppError(
    'INVALID_ARGUMENT',
    `Invalid setting${path ? ` ${path}` : ''}: ${issue.message}`,
    path || undefined,
  );
}

/** What is saved in one section of the document: nothing at all for a section added later. */
function savedSection<S extends SettingsSection>(
  document: SettingsDocument,
  section: S,
): Partial<Settings[S]> {
  return document[section] ?? {};
}

/**
 * The saved section after a change. A field whose value is unchanged and not already saved stays
 * where it came from: the settings screen submits every field, and saving the form must not
 * freeze the environment's (or the built-in) defaults into settings.json.
 */
function applyChanges(
  saved: Record<string, unknown>,
  changes: Record<string, unknown>,
  effective: Record<string, unknown>,
): Record<string, unknown> {
  const next = { ...saved };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (next[field] === undefined && isDeepStrictEqual(value, effective[field])) continue;
    next[field] = value;
  }
  return next;
}

/**
 * The settings: what the operator saved (settings.json in the data folder), over the environment's
 * defaults, over the built-in defaults; and the Cablecast password, which lives only in the
 * keychain, keyed by server and user.
 *
 * Mutations run one at a time, so two quick saves cannot interleave their file writes or their
 * change events.
 */
export class SettingsService {
  private readonly store: SettingsStore;
  private readonly secrets: SecretStore;
  /** Each section's defaults from the environment, read once. */
  private readonly env: { [S in SettingsSection]: SectionEnvDefaults<S> };
  private readonly envPassword: string | null;
  private readonly onChange: ((view: SettingsView) => void) | undefined;
  private readonly now: () => Date;
  private readonly logger: Logger | undefined;

  private document: SettingsDocument | null = null;
  private readonly startupWarnings: string[] = [];
  private keychainProblem: string | null = null;
  /**
   * CABLECAST_PASSWORD for this session only, when the keychain could not take it at start-up
   * (a headless box without a Secret Service). In memory, never on disk.
   */
  private sessionPassword: { key: string; value: string } | null = null;
  /**
   * Whether the keychain holds a password, per key, as last seen. Every view needs it, and a
   * keychain read can be slow (or wait on an unlock prompt), so it is read once per key and then
   * kept in step by our own set/clear; `getPassword` always reads afresh.
   */
  private readonly passwordKnown = new Map<string, boolean>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: SettingsServiceOptions) {
    this.store = options.store;
    this.secrets = options.secrets;
    // The Cablecast section's variables come with the password, which never joins the settings.
    const cablecast = readEnvDefaults(options.env);
    this.env = {
      cablecast,
      publishing: readSectionEnvDefaults('publishing', options.env),
      schedules: readSectionEnvDefaults('schedules', options.env),
      notifications: readSectionEnvDefaults('notifications', options.env),
      webhooks: readSectionEnvDefaults('webhooks', options.env),
      health: readSectionEnvDefaults('health', options.env),
      sso: readSectionEnvDefaults('sso', options.env),
      host: readSectionEnvDefaults('host', options.env),
      desktop: readSectionEnvDefaults('desktop', options.env),
    };
    this.envPassword = cablecast.password;
    this.onChange = options.onChange;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger;
    for (const section of SETTINGS_SECTIONS) {
      this.startupWarnings.push(...this.env[section].warnings);
    }
  }

  /**
   * Loads settings.json (setting a damaged one aside) and, if CABLECAST_PASSWORD is set, puts it
   * in the keychain. Returns the warnings for the operator (also in `warnings()`). Never throws
   * for a bad file or a missing keychain; only for a settings file it cannot read at all.
   */
  init(): Promise<string[]> {
    return this.exclusive(async () => {
      this.load();
      await this.adoptEnvironmentPassword();
      return this.warnings();
    });
  }

  /** Things the operator should know: ignored variables, a damaged settings file, keychain trouble. */
  warnings(): string[] {
    return this.keychainProblem === null
      ? [...this.startupWarnings]
      : [...this.startupWarnings, this.keychainProblem];
  }

  /** The effective settings. A fresh copy: callers may change it freely. */
  get(): Settings {
    const document = this.load();
    const settings = Object.fromEntries(
      SETTINGS_SECTIONS.map((section) => [
        section,
        {
          ...DEFAULT_SETTINGS[section],
          ...this.env[section].values,
          ...savedSection(document, section),
        },
      ]),
    );
    // Every layer was validated field by field; this guards against a future cross-field rule.
    const checked = SettingsSchema.safeParse(settings);
    if (!checked.success) {
      throw new AppError(
        'INTERNAL',
        `The effective settings are invalid: ${checked.error.issues[0]?.message ?? ''}`,
      );
    }
    return checked.data;
  }

  /** Where each field's effective value comes from, by dotted path. */
  sources(): Record<string, SettingSource> {
    const document = this.load();
    const out: Record<string, SettingSource> = {};
    for (const section of SETTINGS_SECTIONS) {
      const saved = savedSection(document, section);
      const fromEnv = this.env[section].values;
      for (const field of sectionFields(section)) {
        out[fieldPath(section, field)] =
          saved[field] !== undefined
            ? 'saved'
            : fromEnv[field] !== undefined
              ? 'environment'
              : 'default';
      }
    }
    return out;
  }

  async view(): Promise<SettingsView> {
    const settings = this.get();
    const document = this.load();
    const fromEnvironment: Record<string, string> = {};
    for (const section of SETTINGS_SECTIONS) {
      const saved = savedSection(document, section);
      for (const field of sectionFields(section)) {
        const path = fieldPath(section, field);
        const variable = this.env[section].variables[path];
        if (variable !== undefined && saved[field] === undefined) fromEnvironment[path] = variable;
      }
    }
    const key = this.passwordKey(settings.cablecast);
    const passwordSet = key !== null && (await this.hasPassword(key));
    return {
      settings,
      fromEnvironment,
      sources: this.sources(),
      passwordSet,
      passwordFromEnvironment:
        passwordSet &&
        (this.load().keychain.cablecastPasswordFromEnvironment === key ||
          this.sessionPassword?.key === key),
      warnings: this.warnings(),
    };
  }

  /**
   * What `update` would refuse, refused without saving anything (a settings file is checked
   * whole before any of it applies). Returns the patch as the schema reads it.
   */
  check(patch: SettingsPatch): SettingsPatch {
    const parsed = SettingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw patchError(parsed.error);
    const changes = parsed.data;
    const serverUrl = changes.cablecast?.serverUrl;
    if (serverUrl !== undefined && hasUrlCredentials(serverUrl)) {
      throw new AppError(
        'INVALID_ARGUMENT',
        'Enter the server address without a user name or password; those have their own fields (the password is kept in the system keychain).',
        'cablecast.serverUrl',
      );
    }
    // An address that cannot be a Cablecast server is refused now, not at the first sync.
    if (serverUrl !== undefined && serverUrl.trim() !== '') {
      normalizeApiBase(serverUrl);
    }
    return changes;
  }

  /** The fields of `patch` whose value differs from the effective one (`publishing.concurrency`). */
  differences(patch: SettingsPatch): string[] {
    const effective = this.get();
    const out: string[] = [];
    for (const section of SETTINGS_SECTIONS) {
      const changes = (patch[section] ?? {}) as Record<string, unknown>;
      const current = effective[section] as Record<string, unknown>;
      for (const [field, value] of Object.entries(changes)) {
        if (!isDeepStrictEqual(value, current[field])) out.push(`${section}.${field}`);
      }
    }
    return out;
  }

  /**
   * Saves the fields in `patch`, in any of the sections. A field whose value is unchanged and not
   * already saved stays where it came from (see `applyChanges`).
   */
  update(patch: SettingsPatch): Promise<SettingsView> {
    return this.exclusive(async () => {
      const changes = this.check(patch);
      const document = this.load();
      const effective = this.get();
      let next = document;
      for (const section of SETTINGS_SECTIONS) {
        const sectionChanges = changes[section];
        if (sectionChanges === undefined) continue;
        const saved = savedSection(document, section);
        const merged = applyChanges(saved, sectionChanges, effective[section]);
        if (!isDeepStrictEqual(merged, saved)) next = { ...next, [section]: merged };
      }
      if (next !== document) {
        this.save(next);
        return this.changed();
      }
      return this.view();
    });
  }

  /** The password for the effective server and user, or null. */
  async getPassword(): Promise<string | null> {
    const key = this.passwordKey(this.get().cablecast);
    if (key === null) return null;
    const session = this.sessionPassword?.key === key ? this.sessionPassword.value : null;
    try {
      const stored = await this.secrets.get(key);
      this.keychainProblem = null;
      this.passwordKnown.set(key, stored !== null);
      return stored ?? session;
    } catch (error) {
      if (session !== null) return session;
      throw error;
    }
  }

  /** Keeps `password` in the keychain for the effective server and user (save those first). */
  setPassword(password: string): Promise<SettingsView> {
    return this.exclusive(async () => {
      if (
        typeof password !== 'string' ||
        password === '' ||
        password.length > MAX_PASSWORD_LENGTH
      ) {
        throw new AppError(
          'INVALID_ARGUMENT',
          `The password must be 1 to ${MAX_PASSWORD_LENGTH} characters long.`,
          'password',
        );
      }
      const key = this.requirePasswordKey();
      await this.secrets.set(key, password);
      this.passwordKnown.set(key, true);
      this.keychainProblem = null;
      if (this.sessionPassword?.key === key) this.sessionPassword = null;
      this.markEnvironmentPassword(key, false);
      return this.changed();
    });
  }

  /** Removes the password for the effective server and user from the keychain. */
  clearPassword(): Promise<SettingsView> {
    return this.exclusive(async () => {
      const key = this.passwordKey(this.get().cablecast);
      if (key === null) return this.view();
      await this.secrets.delete(key);
      this.passwordKnown.set(key, false);
      this.keychainProblem = null;
      if (this.sessionPassword?.key === key) this.sessionPassword = null;
      this.markEnvironmentPassword(key, false);
      return this.changed();
    });
  }

  // ---------------------------------------------------------------------------------------------

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private passwordKey(cablecast: CablecastSettings): string | null {
    return SECRET_KEYS.cablecastPassword({
      serverUrl: cablecast.serverUrl,
      username: cablecast.username,
    });
  }

  private requirePasswordKey(): string {
    const { cablecast } = this.get();
    const key = this.passwordKey(cablecast);
    if (key !== null) return key;
    const missingServer =
      SECRET_KEYS.cablecastPassword({ serverUrl: cablecast.serverUrl, username: 'x' }) === null;
    throw new AppError(
      'FAILED_PRECONDITION',
      `Save the ${missingServer ? 'server address' : 'user name'} before the password: the password is kept for one user on one server.`,
      missingServer ? 'cablecast.serverUrl' : 'cablecast.username',
    );
  }

  private async hasPassword(key: string): Promise<boolean> {
    const session = this.sessionPassword?.key === key;
    const known = this.passwordKnown.get(key);
    if (known !== undefined) return known || session;
    try {
      const stored = await this.secrets.get(key);
      this.keychainProblem = null;
      this.passwordKnown.set(key, stored !== null);
      return stored !== null || session;
    } catch (error) {
      // The settings screen must still open; it shows this among the warnings.
      this.keychainProblem = `The system keychain could not be read: ${errorMessage(error)}`;
      return session;
    }
  }

  private load(): SettingsDocument {
    if (this.document !== null) return this.document;
    let raw: unknown;
    try {
      raw = this.store.read();
    } catch (error) {
      if (error instanceof SettingsFileUnreadableError)
        return this.recover(`it is not valid JSON: ${error.reason}`);
      throw error;
    }
    if (
      raw === undefined ||
      (typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0)
    ) {
      this.document = emptySettingsDocument();
      return this.document;
    }
    const parsed = SettingsDocumentSchema.safeParse(raw);
    if (!parsed.success) {
      const version =
        typeof raw === 'object' && raw !== null && 'version' in raw ? raw.version : undefined;
      if (typeof version === 'number' && version > SETTINGS_DOCUMENT_VERSION) {
        return this.recover(
          `it was written by a newer version of Archivist Desktop (format ${version})`,
        );
      }
      const issue = parsed.error.issues[0];
      const where = issue ? formatZodPath(issue.path) : '';
      return this.recover(
        `${where === '' ? '' : `${where}: `}${issue?.message ?? 'not in the expected format'}`,
      );
    }
    this.document = parsed.data;
    return this.document;
  }

  /** A damaged file must not stop the app: keep a copy for support, start from defaults, say so. */
  private recover(reason: string): SettingsDocument {
    const document = emptySettingsDocument();
    this.document = document;
    let kept: string;
    try {
      const backup = this.store.setAside(this.now());
      kept = backup === null ? '' : ` The damaged file was kept as ${backup}.`;
      this.store.write(document);
    } catch (error) {
      kept = ` It could not be replaced (${errorMessage(error)}); changes may not be saved.`;
    }
    const where = this.store.path ?? 'settings';
    this.startupWarnings.push(
      `The settings file ${where} could not be used (${reason}), so the default settings are in effect.${kept}`,
    );
    return document;
  }

  private save(document: SettingsDocument): void {
    this.store.write(document);
    this.document = document;
  }

  private markEnvironmentPassword(key: string, fromEnvironment: boolean): void {
    const document = this.load();
    const current = document.keychain.cablecastPasswordFromEnvironment;
    const next = fromEnvironment ? key : current === key ? null : current;
    if (next !== current)
      this.save({ ...document, keychain: { cablecastPasswordFromEnvironment: next } });
  }

  /**
   * CABLECAST_PASSWORD goes into the keychain under the effective server and user, and settings
   * only remember that it came from there. A password the operator typed into the app for the same
   * account wins, in line with saved settings winning over the environment.
   */
  private async adoptEnvironmentPassword(): Promise<void> {
    const password = this.envPassword;
    if (password === null) return;
    const key = this.passwordKey(this.get().cablecast);
    if (key === null) {
      this.startupWarnings.push(
        `${CABLECAST_PASSWORD_ENV} is set, but no server address and user name are (CABLECAST_API_URL and CABLECAST_USER_ID, or in Settings), so it was not used.`,
      );
      return;
    }
    try {
      const existing = await this.secrets.get(key);
      const fromEnvironment = this.load().keychain.cablecastPasswordFromEnvironment === key;
      if (existing !== null && !fromEnvironment) {
        this.startupWarnings.push(
          `${CABLECAST_PASSWORD_ENV} was not used: a password saved in Archivist Desktop for this server and user takes precedence. Forget the saved password to use the environment's.`,
        );
        return;
      }
      if (existing !== password) await this.secrets.set(key, password);
      this.passwordKnown.set(key, true);
      this.markEnvironmentPassword(key, true);
    } catch (error) {
      this.sessionPassword = { key, value: password };
      this.startupWarnings.push(
        `${CABLECAST_PASSWORD_ENV} is used for this session only, because the system keychain could not store it: ${errorMessage(error)}`,
      );
      this.logger?.warn('keychain unavailable at start-up', { error: errorMessage(error) });
    }
  }

  private async changed(): Promise<SettingsView> {
    const view = await this.view();
    if (this.onChange) {
      try {
        this.onChange(view);
      } catch (error) {
        // The change is saved; a listener's failure is the listener's to report.
        this.logger?.error('settings change listener failed', { error: errorMessage(error) });
      }
    }
    return view;
  }
}

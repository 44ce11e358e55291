import { z } from 'zod';
import {
  CablecastSettingsSchema,
  PublishingSettingsSchema,
  NotificationsSettingsSchema,
  SchedulesSettingsSchema,
  WebhooksSettingsSchema,
  HealthSettingsSchema,
  SsoSettingsSchema,
  HostSettingsSchema,
  DesktopSettingsSchema,
} from '../../shared/settings';

/**
 * What `settings.json` holds: only the values the operator saved (a field that is absent falls
 * back to the environment, then the built-in default), plus non-secret bookkeeping. Never a
 * password: those live in the keychain, and this file only says which keychain entry came from
 * CABLECAST_PASSWORD.
 *
 *   { "version": 1,
 *     "cablecast": { "serverUrl": "https://station.example", "timeoutMs": 20000 },
 *     "publishing": { "concurrency": 4 },
 *     "keychain": { "cablecastPasswordFromEnvironment": "cablecast:https://…/cablecastapi/v1:ops" } }
 */
export const SETTINGS_DOCUMENT_VERSION = 1;

export const SettingsDocumentSchema = z.object({
  version: z.literal(SETTINGS_DOCUMENT_VERSION),
  // Not strict: keys this build does not know (a newer build's, or hand-added) are dropped rather
  // than making the whole file count as damaged.
  cablecast: CablecastSettingsSchema.partial().default({}),
  // Added after version 1 was first written, without a new version: a file without it (from an
  // earlier build) simply has nothing saved there, and an earlier build reading a file with it
  // drops it as an unknown key. It is written only once something in it is saved.
  publishing: PublishingSettingsSchema.partial().optional(),
  // Added the same way, later still.
  schedules: SchedulesSettingsSchema.partial().optional(),
  notifications: NotificationsSettingsSchema.partial().optional(),
  webhooks: WebhooksSettingsSchema.partial().optional(),
  health: HealthSettingsSchema.partial().optional(),
  sso: SsoSettingsSchema.partial().optional(),
  host: HostSettingsSchema.partial().optional(),
  desktop: DesktopSettingsSchema.partial().optional(),
  keychain: z
    .object({
      /** The keychain key whose password was put there from CABLECAST_PASSWORD, if any. */
      cablecastPasswordFromEnvironment: z.string().nullable().default(null),
    })
    .default({ cablecastPasswordFromEnvironment: null }),
});

export type SettingsDocument = z.output<typeof SettingsDocumentSchema>;

export function emptySettingsDocument(): SettingsDocument {
  return {
    version: SETTINGS_DOCUMENT_VERSION,
    cablecast: {},
    keychain: { cablecastPasswordFromEnvironment: null },
  };
}

/** The file exists but is not JSON at all (truncated, overwritten, edited badly). */
export class SettingsFileUnreadableError extends Error {
  override readonly name = 'SettingsFileUnreadableError';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The settings file ${path} is not valid JSON: ${reason}`, options);
  }
}

/**
 * Where the settings document is kept: `conf` in Node (`ConfSettingsStore`), electron-store in the
 * Electron shell (`createElectronSettingsStore`), a variable in tests (`MemorySettingsStore`).
 * Validation and defaults are the service's job, so every store behaves the same.
 */
export interface SettingsStore {
  /** The file's path, for messages; null when nothing is on disk. */
  readonly path: string | null;
  /**
   * The stored document as parsed JSON, unvalidated; `undefined` when nothing has been saved yet.
   * Throws `SettingsFileUnreadableError` when the file is not JSON, an AppError when it cannot be
   * read at all (permissions).
   */
  read(): unknown;
  /** Replaces the whole document, atomically where the platform allows. */
  write(document: SettingsDocument): void;
  /**
   * Moves a damaged file aside as `<file>.corrupt-<timestamp>` so support can still look at it,
   * and returns that path (null when there was no file).
   */
  setAside(now: Date): string | null;
}

/** A timestamp that is also a valid file name on Windows (no colons). */
export function fileTimestamp(now: Date): string {
  return now.toISOString().replace(/:/g, '-').replace(/\./g, '-');
}

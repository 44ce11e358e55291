import { z } from 'zod';

/**
 * The one settings schema. Non-secret values only: the Cablecast password, webhook secrets and API
 * tokens live in the OS keychain and never appear here.
 */
export const OFFSET_MODES = ['auto', 'page', 'index'] as const;
export type OffsetMode = (typeof OFFSET_MODES)[number];

export const CablecastSettingsSchema = z.object({
  /** `demo` runs the built-in simulator; `server` talks to `serverUrl`. */
  mode: z.enum(['server', 'demo']),
  /** Any form of the server address: host, origin, or a URL ending in /cablecastapi/v1 (any case). */
  serverUrl: z.string().max(2048),
  locationId: z.number().int().positive().nullable(),
  username: z.string().max(256),
  timeoutMs: z.number().int().min(500).max(300_000),
  maxRetries: z.number().int().min(0).max(10),
  retryDelayMs: z.number().int().min(0).max(60_000),
  /** How the server reads `offset`: as a page number, an item index, or detected on first use. */
  offsetMode: z.enum(OFFSET_MODES),
});

export const SettingsSchema = z.object({
  cablecast: CablecastSettingsSchema,
});

export type CablecastSettings = z.infer<typeof CablecastSettingsSchema>;
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z
  .object({
    cablecast: CablecastSettingsSchema.partial().strict(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  cablecast: {
    mode: 'server',
    serverUrl: '',
    locationId: null,
    username: '',
    timeoutMs: 10_000,
    maxRetries: 3,
    retryDelayMs: 500,
    offsetMode: 'auto',
  },
};

/** Where each effective value came from, so the Settings screen can say "set by CABLECAST_API_URL". */
export type SettingSource = 'default' | 'saved' | 'environment';

export interface SettingsView {
  settings: Settings;
  /** Dotted path (e.g. `cablecast.serverUrl`) → the environment variable that supplies it. */
  fromEnvironment: Record<string, string>;
  passwordSet: boolean;
  /** True when the password in the keychain came from CABLECAST_PASSWORD. */
  passwordFromEnvironment: boolean;
  /** Problems an operator should see: an ignored environment variable, a damaged settings file, no keychain. */
  warnings: string[];
}

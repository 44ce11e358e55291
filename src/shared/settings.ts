import { z } from 'zod';
import { isLoopbackAddress } from './loopback';
import { isTimeZone, ScheduleSpecSchema } from './schedules';

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

/**
 * An absolute path on the machine the core runs on: `/mnt/content`, `C:\Content` or `C:/Content`,
 * or a UNC share (`\\flex\content`). Checked as text only: whether it is mounted is the health
 * check's business, not a reason to refuse the setting.
 */
export function isAbsolutePath(path: string): boolean {
  return /^\//.test(path) || /^[a-z]:[\\/]/i.test(path) || /^\\\\[^\\]/.test(path);
}

export const AUTO_PUBLISH_APPROVAL = ['required', 'trusted'] as const;
export type AutoPublishApproval = (typeof AUTO_PUBLISH_APPROVAL)[number];

export const PublishingSettingsSchema = z.object({
  /** How many publishes run at once. */
  concurrency: z.number().int().min(1).max(8),
  /** The VOD transcode quality id for new VODs; null lets the server use its "Auto" quality. */
  defaultQuality: z.number().int().positive().nullable(),
  /** How long one upload request (one chunk) may take. */
  uploadTimeoutMs: z.number().int().min(10_000).max(3_600_000),
  /** The VOD configuration for new VODs; null uses the one of the show's location. */
  vodConfigurationId: z.number().int().positive().nullable(),
  /**
   * The Cablecast file store uploads go to; null uses the first store the last sync found (store 1
   * when it found none).
   */
  destinationStoreId: z.number().int().positive().nullable(),
  /** The batch dialog's defaults: publish captions, publish chapters. */
  captions: z.boolean(),
  chapters: z.boolean(),
  /**
   * Where the station mounted its content drive; when set, videos and sidecars are copied there
   * (atomically) instead of uploaded. '' uploads.
   */
  contentShare: z
    .string()
    .max(1024)
    .refine((path) => path === '' || isAbsolutePath(path), 'Expected a full path or nothing.'),
  /** The chunk size of chunked uploads, in MB. */
  uploadChunkMb: z.number().int().min(1).max(100),
  /** Auto-publish queues ready recordings at its scheduled times (Settings › Schedules). */
  autoPublish: z.boolean(),
  /**
   * `required`: auto-publish takes only recordings whose draft a person approved; `trusted`: any
   * recording with a saved draft.
   */
  autoPublishApproval: z.enum(AUTO_PUBLISH_APPROVAL),
});

export const SchedulesSettingsSchema = z.object({
  /**
   * The station's IANA time zone ("America/Chicago"), in which cron schedules are read; '' uses
   * this computer's.
   */
  timeZone: z
    .string()
    .max(64)
    .refine(
      (zone) => zone === '' || isTimeZone(zone),
      'Expected a time zone like America/Chicago.',
    ),
});

/** Which news reaches the operator as a desktop (or browser) notification; the in-app notices stay. */
export const NotificationsSettingsSchema = z.object({
  /** A VOD went live. */
  vodLive: z.boolean(),
  /** A publish failed and waits for a person. */
  publishFailed: z.boolean(),
  /** A metadata sync found a show changed here and on Cablecast. */
  metadataConflicts: z.boolean(),
  /** A service went down, or came back (the health checks). */
  health: z.boolean(),
});

/** How webhook deliveries are attempted (the endpoints themselves are kept in the database). */
export const WebhooksSettingsSchema = z.object({
  /** How long one attempt waits for the receiver's answer. */
  timeoutMs: z.number().int().min(1_000).max(120_000),
  /** Attempts after the first, spread over hours, before a delivery is given up. */
  retries: z.number().int().min(0).max(12),
  /** The first retry's delay; later ones are minutes, then hours, after it. */
  retryDelayMs: z.number().int().min(1_000).max(600_000),
});

/** When the health checks call something unhealthy. */
export const HealthSettingsSchema = z.object({
  /** How long one check may take before it counts as failed (a hung share, a silent server). */
  checkTimeoutMs: z.number().int().min(1_000).max(120_000),
  /** A VOD transcoding longer than this is stuck. */
  stuckTranscodeMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  /** Free space below this on a storage folder or the data folder's disk is a problem (GB). */
  minFreeGb: z.number().min(0).max(100_000),
});

/** Who may sign in to the station host, how, and with what role (OpenID Connect). */
export const SSO_DEFAULT_ROLES = ['none', 'viewer'] as const;
const url = z.string().max(2_000);
export const SsoSettingsSchema = z.object({
  /** Sign-in required on the browser host (the per-run link stops working). */
  enabled: z.boolean(),
  /** The identity provider's issuer, whose discovery document gives the endpoints. */
  issuerUrl: url,
  clientId: z.string().max(500),
  /**
   * The desktop app's own client (a native, public one with a loopback redirect), when the
   * provider keeps it apart from the browser host's; empty: the same client.
   */
  desktopClientId: z.string().max(500),
  /** Space-separated; `openid` is always asked for. */
  scopes: z.string().max(500),
  /** The claim (in the ID token or from userinfo) that carries the user's roles or groups. */
  roleClaim: z.string().max(200),
  /** Comma-separated claim values that make an admin, an operator, a viewer. */
  adminValues: z.string().max(1_000),
  operatorValues: z.string().max(1_000),
  viewerValues: z.string().max(1_000),
  /** The role of someone whose claim names none of those: nobody (refused) or a viewer. */
  defaultRole: z.enum(SSO_DEFAULT_ROLES),
  /** How long a sign-in lasts. */
  sessionHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  /** For a provider without discovery: its endpoints, given one by one. */
  authUrl: url,
  tokenUrl: url,
  userinfoUrl: url,
});

/**
 * Where `archivist serve` listens. Another address than this computer's own needs TLS or an
 * explicit acknowledgement of plain http. Read when the host starts.
 */
export const HostSettingsSchema = z.object({
  /** 127.0.0.1 (this computer only), an address of this computer, or 0.0.0.0 (every one). */
  bindAddress: z.string().min(1).max(100),
  /** 0: a free port, chosen at start. */
  port: z.number().int().min(0).max(65_535),
  /** The address operators open (`https://archivist.station.local:8443`); empty: derived. */
  publicUrl: url,
  tlsCertPath: z.string().max(1_000),
  tlsKeyPath: z.string().max(1_000),
  /** The station accepts sign-ins, tokens and recordings crossing its network unencrypted. */
  allowPlainHttp: z.boolean(),
  /** The desktop app serves the REST API (API tokens only) on 127.0.0.1 while it runs. */
  desktopApi: z.boolean(),
  desktopApiPort: z.number().int().min(1).max(65_535),
});

/**
 * Where updates come from: https, or http only from this computer (a feed being tried out). An
 * update is a program the workstation runs, so it never crosses the network unencrypted.
 */
export function isUpdateFeedUrl(value: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  return (
    parsed.protocol === 'https:' ||
    (parsed.protocol === 'http:' && isLoopbackAddress(parsed.hostname))
  );
}

export const UPDATE_SOURCES = ['generic', 'github'] as const;
export type UpdateSource = (typeof UPDATE_SOURCES)[number];

/** `owner/name` of a public GitHub repository. */
export const GITHUB_REPO_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** The desktop app on this workstation: how it starts and how it is kept up to date. */
export const DesktopSettingsSchema = z.object({
  /** The app starts, in the tray, when the operator signs in to the computer. */
  startAtLogin: z.boolean(),
  /**
   * Checked daily, downloaded in the background, installed when the app quits with an empty queue.
   * Off by default: many stations pin versions.
   */
  updates: z.boolean(),
  /** A folder on the station's server (`generic`) or a GitHub repository's releases. */
  updateSource: z.enum(UPDATE_SOURCES),
  /** The folder holding `latest.yml` and the installers; empty: none set. */
  updateUrl: z
    .string()
    .max(2_000)
    .refine(
      (value) => value === '' || isUpdateFeedUrl(value),
      'Expected an https:// address (http only on this computer), or nothing.',
    ),
  /** `owner/name`; empty: none set. */
  updateGithubRepo: z
    .string()
    .max(200)
    .refine(
      (value) => value === '' || GITHUB_REPO_PATTERN.test(value),
      'Expected owner/name, such as station/archivist-desktop, or nothing.',
    ),
});

export const SettingsSchema = z.object({
  cablecast: CablecastSettingsSchema,
  publishing: PublishingSettingsSchema,
  schedules: SchedulesSettingsSchema,
  notifications: NotificationsSettingsSchema,
  webhooks: WebhooksSettingsSchema,
  health: HealthSettingsSchema,
  sso: SsoSettingsSchema,
  host: HostSettingsSchema,
  desktop: DesktopSettingsSchema,
});

export type CablecastSettings = z.infer<typeof CablecastSettingsSchema>;
export type PublishingSettings = z.infer<typeof PublishingSettingsSchema>;
export type SchedulesSettings = z.infer<typeof SchedulesSettingsSchema>;
export type NotificationsSettings = z.infer<typeof NotificationsSettingsSchema>;
export type NotificationKind = keyof NotificationsSettings;
export type WebhooksSettings = z.infer<typeof WebhooksSettingsSchema>;
export type HealthSettings = z.infer<typeof HealthSettingsSchema>;
export type SsoSettings = z.infer<typeof SsoSettingsSchema>;
export type HostSettings = z.infer<typeof HostSettingsSchema>;
export type DesktopSettings = z.infer<typeof DesktopSettingsSchema>;
export type Settings = z.infer<typeof SettingsSchema>;

/** The sections of the settings document, each one object of fields. */
export type SettingsSection = keyof Settings;
export const SETTINGS_SECTIONS = Object.keys(SettingsSchema.shape) as SettingsSection[];

export const SettingsPatchSchema = z
  .object({
    cablecast: CablecastSettingsSchema.partial().strict(),
    publishing: PublishingSettingsSchema.partial().strict(),
    schedules: SchedulesSettingsSchema.partial().strict(),
    notifications: NotificationsSettingsSchema.partial().strict(),
    webhooks: WebhooksSettingsSchema.partial().strict(),
    health: HealthSettingsSchema.partial().strict(),
    sso: SsoSettingsSchema.partial().strict(),
    host: HostSettingsSchema.partial().strict(),
    desktop: DesktopSettingsSchema.partial().strict(),
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
  publishing: {
    concurrency: 2,
    defaultQuality: null,
    uploadTimeoutMs: 120_000,
    vodConfigurationId: null,
    destinationStoreId: null,
    captions: true,
    chapters: true,
    contentShare: '',
    uploadChunkMb: 5,
    autoPublish: false,
    autoPublishApproval: 'required',
  },
  schedules: {
    timeZone: '',
  },
  notifications: {
    vodLive: true,
    publishFailed: true,
    metadataConflicts: true,
    health: true,
  },
  webhooks: {
    timeoutMs: 15_000,
    retries: 6,
    retryDelayMs: 5_000,
  },
  health: {
    checkTimeoutMs: 10_000,
    stuckTranscodeMinutes: 120,
    minFreeGb: 10,
  },
  sso: {
    enabled: false,
    issuerUrl: '',
    clientId: '',
    desktopClientId: '',
    scopes: 'openid profile email',
    roleClaim: 'roles',
    adminValues: 'admin',
    operatorValues: 'operator',
    viewerValues: 'viewer',
    defaultRole: 'none',
    sessionHours: 12,
    authUrl: '',
    tokenUrl: '',
    userinfoUrl: '',
  },
  host: {
    bindAddress: '127.0.0.1',
    port: 0,
    publicUrl: '',
    tlsCertPath: '',
    tlsKeyPath: '',
    allowPlainHttp: false,
    desktopApi: false,
    desktopApiPort: 8712,
  },
  desktop: {
    startAtLogin: false,
    updates: false,
    updateSource: 'generic',
    updateUrl: '',
    updateGithubRepo: '',
  },
};

/** Where each effective value came from, so the Settings screen can say "set by CABLECAST_API_URL". */
export type SettingSource = 'default' | 'saved' | 'environment';

export interface SettingsView {
  settings: Settings;
  /**
   * Dotted path (e.g. `cablecast.serverUrl`, `publishing.concurrency`) → the environment variable
   * that supplies it.
   */
  fromEnvironment: Record<string, string>;
  /** Dotted path → where its value comes from: saved on this machine, the environment, or built in. */
  sources: Record<string, SettingSource>;
  passwordSet: boolean;
  /** True when the password in the keychain came from CABLECAST_PASSWORD. */
  passwordFromEnvironment: boolean;
  /** Problems an operator should see: an ignored environment variable, a damaged settings file, no keychain. */
  warnings: string[];
  /**
   * In the answer to a change only: what applying it did beyond saving, in words (work that was
   * talking to the previous Cablecast server, stopped).
   */
  applied?: string[];
}

/** What a settings file says it is, so another JSON file is refused by name. */
export const SETTINGS_FILE_FORMAT = 'archivist-desktop-settings';

/** A schedule as a settings file carries it: its spec (null: the default) and its pause. */
export const ScheduleSettingSchema = z
  .object({
    id: z.string().min(1).max(80),
    spec: ScheduleSpecSchema.nullable(),
    paused: z.boolean(),
  })
  .strict();
export type ScheduleSetting = z.infer<typeof ScheduleSettingSchema>;

/**
 * Settings › Export and Import: every setting and schedule, never a secret (the keychain's
 * passwords stay on the machine). Sections are partial, so a file from an earlier version, which
 * lacks later fields, still imports; unknown fields are refused.
 */
export const SettingsFileSchema = z
  .object({
    format: z.literal(SETTINGS_FILE_FORMAT),
    version: z.literal(1),
    exportedAt: z.string().max(64),
    settings: SettingsPatchSchema,
    schedules: z.array(ScheduleSettingSchema).max(200).default([]),
  })
  .strict();
export type SettingsFile = z.infer<typeof SettingsFileSchema>;

export interface SettingsExport {
  /** A suggested name: `archivist-settings-2026-12-04.json`. */
  fileName: string;
  /** The file's text (JSON). */
  content: string;
}

export interface SettingsImportResult {
  view: SettingsView;
  /** What changed, in words ("publishing.concurrency", "schedule catalog.sync"); empty: nothing. */
  changed: string[];
}

import type { z } from 'zod';
import {
  CablecastSettingsSchema,
  PublishingSettingsSchema,
  SettingsSchema,
  WebhooksSettingsSchema,
  HealthSettingsSchema,
  SsoSettingsSchema,
  HostSettingsSchema,
  DesktopSettingsSchema,
  SETTINGS_SECTIONS,
  type Settings,
  type SettingsSection,
} from '../../shared/settings';
import {
  parseBoolean,
  parseDuration,
  parseQualityId,
  parseServerAddress,
  parseText,
  parseWholeNumber,
  type EnvParser,
} from './env-parsers';

/**
 * One table per settings section: each field's words, and the original system's environment
 * variable that supplies its default with the parser for it. Shared by the environment reader and
 * the service's validation, so "CABLECAST_TIMEOUT" and the settings screen explain a bad timeout
 * the same way. Numeric ranges are read from the shared schema, never restated.
 */
export type SettingField<S extends SettingsSection> = keyof Settings[S] & string;

export interface FieldSpec {
  /** The field as the subject of a sentence: "The request timeout". */
  label: string;
  /** What the field accepts, for when a value was refused. */
  requirement: string;
  /** The environment variable that supplies a default, and how its text is read. */
  env?: { variable: string; parse: EnvParser };
}

type Requirement = (label: string) => string;

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

function bounds(schema: z.ZodNumber): { min: number; max: number } {
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER };
}

/** A duration kept in milliseconds and shown in seconds. */
function duration(schema: z.ZodNumber): Requirement {
  const { min, max } = bounds(schema);
  return (label) => `${label} must be between ${seconds(min)} and ${seconds(max)}.`;
}

function wholeNumber(schema: z.ZodNumber): Requirement {
  const { min, max } = bounds(schema);
  return (label) => `${label} must be a whole number from ${min} to ${max}.`;
}

/** A server id, or null for "none chosen". */
const optionalId: Requirement = (label) =>
  `${label} must be a whole number of 1 or more (or empty).`;

function oneOf(schema: { options: readonly string[] }): Requirement {
  return (label) => `${label} must be one of: ${schema.options.join(', ')}.`;
}

const onOrOff: Requirement = (label) => `${label} must be on or off (true or false).`;

const text: Requirement = (label) => `${label} is too long.`;

function field(
  label: string,
  requirement: Requirement,
  env?: { variable: string; parse: EnvParser },
): FieldSpec {
  return env
    ? { label, requirement: requirement(label), env }
    : { label, requirement: requirement(label) };
}

const cablecast = CablecastSettingsSchema.shape;
const publishing = PublishingSettingsSchema.shape;
const webhooks = WebhooksSettingsSchema.shape;
const health = HealthSettingsSchema.shape;
const sso = SsoSettingsSchema.shape;
const hostFields = HostSettingsSchema.shape;
const desktop = DesktopSettingsSchema.shape;

const address: Requirement = (label) =>
  `${label} must be empty or a full address such as https://login.example.org/realms/station.`;

export const SETTING_FIELDS: { [S in SettingsSection]: Record<SettingField<S>, FieldSpec> } = {
  cablecast: {
    mode: field('Server mode', oneOf(cablecast.mode)),
    serverUrl: field('The server address', text, {
      variable: 'CABLECAST_API_URL',
      parse: parseServerAddress,
    }),
    locationId: field('The location ID', optionalId, {
      variable: 'CABLECAST_LOCATION_ID',
      parse: parseWholeNumber,
    }),
    username: field('The user name', text, { variable: 'CABLECAST_USER_ID', parse: parseText }),
    timeoutMs: field('The request timeout', duration(cablecast.timeoutMs), {
      variable: 'CABLECAST_TIMEOUT',
      parse: parseDuration,
    }),
    maxRetries: field('The number of retries', wholeNumber(cablecast.maxRetries), {
      variable: 'CABLECAST_MAX_RETRIES',
      parse: parseWholeNumber,
    }),
    retryDelayMs: field('The first retry delay', duration(cablecast.retryDelayMs), {
      variable: 'CABLECAST_RETRY_DELAY',
      parse: parseDuration,
    }),
    offsetMode: field('The offset mode', oneOf(cablecast.offsetMode)),
  },
  publishing: {
    // The original system published this many recordings at a time.
    concurrency: field('The number of publishes at once', wholeNumber(publishing.concurrency), {
      variable: 'VOD_BATCH_SIZE',
      parse: parseWholeNumber,
    }),
    defaultQuality: field('The default quality', optionalId, {
      variable: 'VOD_DEFAULT_QUALITY',
      parse: parseQualityId,
    }),
    uploadTimeoutMs: field('The upload timeout', duration(publishing.uploadTimeoutMs), {
      variable: 'VOD_UPLOAD_TIMEOUT',
      parse: parseDuration,
    }),
    vodConfigurationId: field('The VOD configuration', optionalId),
    destinationStoreId: field('The file store', optionalId),
    captions: field('Publishing captions', onOrOff),
    chapters: field('Publishing chapters', onOrOff),
    contentShare: field(
      'The content share',
      (label) =>
        `${label} must be empty (to upload) or a full path such as /mnt/content or \\\\server\\content, of at most ${publishing.contentShare.maxLength ?? 0} characters.`,
    ),
    uploadChunkMb: field('The upload chunk size (MB)', wholeNumber(publishing.uploadChunkMb)),
    autoPublish: field('Auto-publish', onOrOff, {
      variable: 'AUTO_PUBLISH_TO_VOD',
      parse: parseBoolean,
    }),
    autoPublishApproval: field('Approval for auto-publish', oneOf(publishing.autoPublishApproval)),
  },
  schedules: {
    timeZone: field(
      "The station's time zone",
      (label) =>
        `${label} must be empty (this computer's) or a time zone name such as America/Chicago or Europe/London.`,
    ),
  },
  notifications: {
    vodLive: field('Notifying when a VOD goes live', onOrOff),
    publishFailed: field('Notifying when a publish fails', onOrOff),
    metadataConflicts: field('Notifying of metadata conflicts', onOrOff),
    health: field('Notifying of services down and back', onOrOff),
  },
  webhooks: {
    timeoutMs: field('The webhook timeout', duration(webhooks.timeoutMs), {
      variable: 'WEBHOOK_TIMEOUT',
      parse: parseDuration,
    }),
    retries: field('The number of webhook retries', wholeNumber(webhooks.retries), {
      variable: 'WEBHOOK_RETRIES',
      parse: parseWholeNumber,
    }),
    retryDelayMs: field('The first webhook retry delay', duration(webhooks.retryDelayMs), {
      variable: 'WEBHOOK_RETRY_DELAY',
      parse: parseDuration,
    }),
  },
  health: {
    checkTimeoutMs: field('The health check timeout', duration(health.checkTimeoutMs)),
    stuckTranscodeMinutes: field(
      'The minutes after which a transcode is stuck',
      wholeNumber(health.stuckTranscodeMinutes),
    ),
    minFreeGb: field(
      'The least free space (GB)',
      (label) => `${label} must be a number from 0 to 100000.`,
    ),
  },
  sso: {
    enabled: field('Sign-in', onOrOff, { variable: 'SSO_ENABLED', parse: parseBoolean }),
    issuerUrl: field('The issuer', address, { variable: 'SSO_ISSUER_URL', parse: parseText }),
    clientId: field('The client ID', text, { variable: 'SSO_CLIENT_ID', parse: parseText }),
    desktopClientId: field("The desktop app's client ID", text),
    scopes: field('The scopes', text),
    roleClaim: field('The role claim', text),
    adminValues: field('The admin values', text),
    operatorValues: field('The operator values', text),
    viewerValues: field('The viewer values', text),
    defaultRole: field('The role of everyone else', oneOf(sso.defaultRole)),
    sessionHours: field('The sign-in length (hours)', wholeNumber(sso.sessionHours)),
    authUrl: field('The authorization endpoint', address, {
      variable: 'SSO_AUTH_URL',
      parse: parseText,
    }),
    tokenUrl: field('The token endpoint', address, {
      variable: 'SSO_TOKEN_URL',
      parse: parseText,
    }),
    userinfoUrl: field('The userinfo endpoint', address, {
      variable: 'SSO_USERINFO_URL',
      parse: parseText,
    }),
  },
  host: {
    bindAddress: field(
      'The address to listen on',
      (label) => `${label} must be an address of this computer, such as 127.0.0.1 or 0.0.0.0.`,
    ),
    port: field('The port', wholeNumber(hostFields.port)),
    publicUrl: field('The public address', address),
    tlsCertPath: field('The TLS certificate file', text),
    tlsKeyPath: field('The TLS key file', text),
    allowPlainHttp: field('Plain http on the network', onOrOff),
    desktopApi: field("The desktop app's REST API", onOrOff),
    desktopApiPort: field(
      "The desktop app's REST API port",
      wholeNumber(hostFields.desktopApiPort),
    ),
  },
  desktop: {
    startAtLogin: field('Starting at login', onOrOff, {
      variable: 'ARCHIVIST_START_AT_LOGIN',
      parse: parseBoolean,
    }),
    updates: field('Updates', onOrOff, { variable: 'ARCHIVIST_UPDATES', parse: parseBoolean }),
    updateSource: field('The update source', oneOf(desktop.updateSource), {
      variable: 'ARCHIVIST_UPDATE_SOURCE',
      parse: parseText,
    }),
    updateUrl: field(
      'The update folder',
      (label) =>
        `${label} must be empty or an https:// address such as https://archivist.station.local/updates/ (http only on this computer).`,
      { variable: 'ARCHIVIST_UPDATE_URL', parse: parseText },
    ),
    updateGithubRepo: field(
      'The GitHub repository',
      (label) => `${label} must be empty or owner/name, such as station/archivist-desktop.`,
      { variable: 'ARCHIVIST_UPDATE_GITHUB_REPO', parse: parseText },
    ),
  },
};

export function isSettingsSection(name: PropertyKey): name is SettingsSection {
  return typeof name === 'string' && (SETTINGS_SECTIONS as string[]).includes(name);
}

/** The fields of a section, in the schema's order. */
export function sectionFields<S extends SettingsSection>(section: S): SettingField<S>[] {
  return Object.keys(SettingsSchema.shape[section].shape) as SettingField<S>[];
}

export function isSettingField<S extends SettingsSection>(
  section: S,
  name: PropertyKey | undefined,
): name is SettingField<S> {
  return typeof name === 'string' && Object.hasOwn(SETTING_FIELDS[section], name);
}

function spec<S extends SettingsSection>(section: S, name: SettingField<S>): FieldSpec {
  // The mapped table type does not narrow by a generic section; each section's table is complete.
  return (SETTING_FIELDS[section] as Record<string, FieldSpec>)[name] as FieldSpec;
}

/** A sentence about what the field accepts, for when a value was refused. */
export function fieldRequirement<S extends SettingsSection>(
  section: S,
  name: SettingField<S>,
): string {
  return spec(section, name).requirement;
}

/** The environment variable that supplies the field's default, and its parser, if any. */
export function fieldEnvironment<S extends SettingsSection>(
  section: S,
  name: SettingField<S>,
): FieldSpec['env'] {
  return spec(section, name).env;
}

/** `cablecast.timeoutMs`-style paths, as ErrorInfo.path and SettingsView.fromEnvironment use. */
export function fieldPath<S extends SettingsSection>(section: S, name: SettingField<S>): string {
  return `${section}.${name}`;
}

/** Checks one value against the shared schema's rule for that field. */
export function checkField<S extends SettingsSection>(
  section: S,
  name: SettingField<S>,
  value: unknown,
): z.ZodSafeParseResult<unknown> {
  const shape = SettingsSchema.shape[section].shape as Record<string, z.ZodType>;
  return (shape[name] as z.ZodType).safeParse(value);
}

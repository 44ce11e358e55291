import { z } from 'zod';
import {
  AuditQuerySchema,
  SsoSecretSchema,
  TokenCreateSchema,
  TokenIdSchema,
  type ApiTokenCreated,
  type ApiTokenView,
  type AuditPage,
  type SsoStatus,
  type SsoTestResult,
  type WhoAmI,
} from './access';
import { analyticsInputs, type AnalyticsReport } from './analytics';
import {
  ShowEditDiscardSchema,
  ShowEditPushSchema,
  ShowEditResolveSchema,
  ShowEditSchema,
  ShowQuerySchema,
  ShowSearchSchema,
  type CatalogFacets,
  type MetadataSyncResult,
  type ShowEdits,
  type ShowEditsChanged,
  type ShowMetadataView,
  type FileStoreOption,
  type ShowChapters,
  type ShowDetail,
  type ShowPage,
  type SyncStatus,
} from './catalog';
import type { ConnectionTestResult } from './connection';
import type { HealthChanged, HealthDiagnostics, HealthReport, HealthTimeline } from './health';
import {
  DraftProposeSchema,
  DraftSaveSchema,
  LibraryListSchema,
  libraryInputs,
  type CaptionPreview,
  type LibraryStatus,
  type RecordingDetail,
  type RecordingDraft,
  type RecordingRow,
  type RecordingState,
  type TranscriptionCompleted,
} from './library';
import {
  publishingInputs,
  type PublishBatchView,
  type PublishFailed,
  type PublishJobDetail,
  type PublishJobRow,
  type PublishPlan,
  type PublishQueueStatus,
  type VodPublished,
} from './publishing';
import type { Result } from './result';
import { schedulesInputs, type ScheduleView, type SchedulesStatus } from './schedules';
import {
  WebhookDeliveriesSchema,
  WebhookEndpointAddSchema,
  WebhookEndpointIdSchema,
  WebhookResendSchema,
  WebhookRotateSchema,
  type WebhookDeliveryRow,
  type WebhookEndpointView,
  type WebhookSecretShown,
} from './webhooks';
import {
  SettingsPatchSchema,
  SsoSettingsSchema,
  type SettingsExport,
  type SettingsImportResult,
  type SettingsView,
} from './settings';

/**
 * The API contract: every method the renderer (or an automation client of the browser host) may
 * call, with the zod schema its input must pass and the type of its result, and every event the
 * core pushes. Main validates input against these schemas before a handler runs; both shells
 * (Electron IPC and the browser host's HTTP) carry exactly this map.
 */

/** A type-only marker for a method's result: no runtime check is made on what the core returns. */
function returns<T>(): T {
  return undefined as unknown as T;
}

const NoInput = z.object({}).strict();
const ShowIdInput = z.object({ id: z.number().int().positive() }).strict();

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'browser';
  dataDir: string;
  /** The demo server's address while it runs. */
  demoServerUrl: string | null;
}

/**
 * What a method asks of its caller: `read` looks, `operate` does an operator's work (sync, link,
 * publish), `admin` changes how the station is set up (settings, credentials, storage folders).
 */
export const ACCESS_LEVELS = ['read', 'operate', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/** One method of the contract: the access it needs, its input's schema, its result's type. */
interface MethodSpec {
  readonly access: Access;
  readonly input: z.ZodType;
  readonly output: unknown;
}

export const methods = {
  'app.info': { access: 'read', input: NoInput, output: returns<AppInfo>() },
  'settings.get': { access: 'read', input: NoInput, output: returns<SettingsView>() },
  'settings.update': {
    access: 'admin',
    input: SettingsPatchSchema,
    output: returns<SettingsView>(),
  },
  /** Every setting and schedule as a file, without secrets. */
  'settings.export': { access: 'admin', input: NoInput, output: returns<SettingsExport>() },
  /** A settings file, checked whole before any of it applies: all or nothing. */
  'settings.import': {
    access: 'admin',
    input: z.object({ content: z.string().max(1_000_000) }).strict(),
    output: returns<SettingsImportResult>(),
  },
  'connection.setPassword': {
    access: 'admin',
    input: z.object({ password: z.string().min(1, 'The password is empty.').max(1024) }).strict(),
    output: returns<SettingsView>(),
  },
  'connection.clearPassword': { access: 'admin', input: NoInput, output: returns<SettingsView>() },
  'connection.test': { access: 'read', input: NoInput, output: returns<ConnectionTestResult>() },
  /** Switch to the built-in simulator (seeded with sample data) as the Cablecast server. */
  'demo.use': { access: 'admin', input: NoInput, output: returns<SettingsView>() },

  /** A window of the show list: the rows from `offset`, and how many match in all. */
  'shows.search': { access: 'read', input: ShowSearchSchema, output: returns<ShowPage>() },
  /** Every id matching the query, in order: "select all matching the filter". */
  'shows.ids': { access: 'read', input: ShowQuerySchema, output: returns<{ ids: number[] }>() },
  'shows.get': { access: 'read', input: ShowIdInput, output: returns<ShowDetail>() },
  /** The show's VOD chapters, read from Cablecast (or the last copy when it does not answer). */
  'shows.chapters': { access: 'read', input: ShowIdInput, output: returns<ShowChapters>() },
  /** What a show's metadata is on Cablecast (the catalog's copy) and may be set to. */
  'shows.metadata': {
    access: 'read',
    input: ShowIdInput,
    output: returns<ShowMetadataView>(),
  },
  /** Edits a show's metadata here; a metadata sync writes it to Cablecast (null: no edits left). */
  'shows.edit': { access: 'operate', input: ShowEditSchema, output: returns<ShowEdits | null>() },
  /** Drops edits (some fields, or all): the show stays as Cablecast has it. */
  'shows.discardEdits': {
    access: 'operate',
    input: ShowEditDiscardSchema,
    output: returns<ShowEdits | null>(),
  },
  /** Settles conflicts field by field, then syncs the show in the background. */
  'shows.resolveEdits': {
    access: 'operate',
    input: ShowEditResolveSchema,
    output: returns<ShowEdits | null>(),
  },
  /** Runs a metadata sync now (some shows, or every show with edits) and says what it did. */
  'shows.pushEdits': {
    access: 'operate',
    input: ShowEditPushSchema,
    output: returns<MetadataSyncResult>(),
  },
  /** How many shows have edits not yet on Cablecast, and how many of them are in conflict. */
  'shows.editCounts': {
    access: 'read',
    input: NoInput,
    output: returns<{ unpushed: number; inConflict: number }>(),
  },
  'catalog.facets': { access: 'read', input: NoInput, output: returns<CatalogFacets>() },
  /** The Cablecast file stores the last sync found (where uploads may go). */
  'catalog.fileStores': {
    access: 'read',
    input: NoInput,
    output: returns<{ fileStores: FileStoreOption[] }>(),
  },
  'sync.status': { access: 'read', input: NoInput, output: returns<SyncStatus>() },
  /** Starts a sync in the background; CONFLICT while one runs. Progress comes as `sync.progress`. */
  'sync.start': {
    access: 'operate',
    input: z.object({ mode: z.enum(['full', 'incremental']) }).strict(),
    output: returns<SyncStatus>(),
  },
  'sync.cancel': { access: 'operate', input: NoInput, output: returns<SyncStatus>() },

  /** The health of every service, from the checks of the last minute (or now). */
  'health.status': { access: 'read', input: NoInput, output: returns<HealthReport>() },
  /** Runs every health check now. */
  'health.check': { access: 'operate', input: NoInput, output: returns<HealthReport>() },
  /** Each service's states over the last hours (24 unless asked). */
  'health.timeline': {
    access: 'read',
    input: z.object({ hours: z.number().int().min(1).max(168).default(24) }).strict(),
    output: returns<HealthTimeline>(),
  },
  /**
   * A plain-text report for station IT: versions, OS, folders, the settings without secrets, each
   * service's health and the last lines of the log. `operate`, not `read`: the log says more than
   * the screens a viewer may see, and the report is made to leave the station, so the audit trail
   * keeps who took one.
   */
  'health.diagnostics': {
    access: 'operate',
    input: NoInput,
    output: returns<HealthDiagnostics>(),
  },
  /**
   * What was published and how well over a period of station dates: per week, lead time, success
   * rate and failure reasons, caption coverage, VOD views.
   */
  'analytics.report': {
    access: 'read',
    input: analyticsInputs.ReportInput,
    output: returns<AnalyticsReport>(),
  },
  /** Webhook endpoints (never their secrets). */
  /** The station host's API tokens (never the tokens themselves). */
  'tokens.list': {
    access: 'admin',
    input: NoInput,
    output: returns<{ tokens: ApiTokenView[] }>(),
  },
  /** Makes a token for a script or another system: it is in the result this once. */
  'tokens.create': {
    access: 'admin',
    input: TokenCreateSchema,
    output: returns<ApiTokenCreated>(),
  },
  'tokens.revoke': {
    access: 'admin',
    input: TokenIdSchema,
    output: returns<{ tokens: ApiTokenView[] }>(),
  },
  /** The audit trail, newest first, filtered; `before` pages back. */
  'audit.list': { access: 'admin', input: AuditQuerySchema, output: returns<AuditPage>() },
  /** Every entry matching the filter (up to 100,000) as CSV. */
  'audit.export': {
    access: 'admin',
    input: AuditQuerySchema,
    output: returns<{ csv: string; count: number }>(),
  },
  /** Who is calling: the signed-in user, the token, or the local user, with the access it has. */
  'session.whoami': { access: 'read', input: NoInput, output: returns<WhoAmI>() },
  'sso.status': { access: 'admin', input: NoInput, output: returns<SsoStatus>() },
  /** Keeps the identity provider's client secret in the keychain. */
  'sso.setClientSecret': { access: 'admin', input: SsoSecretSchema, output: returns<SsoStatus>() },
  'sso.clearClientSecret': { access: 'admin', input: NoInput, output: returns<SsoStatus>() },
  /**
   * Reads the provider's discovery document (or checks the endpoints given one by one), with the
   * saved sign-in settings or the form's unsaved ones.
   */
  'sso.test': {
    access: 'admin',
    input: z.object({ settings: SsoSettingsSchema.partial().strict().optional() }).strict(),
    output: returns<SsoTestResult>(),
  },

  'webhooks.list': {
    access: 'admin',
    input: NoInput,
    output: returns<{ endpoints: WebhookEndpointView[] }>(),
  },
  /** A new endpoint with a new secret, shown this once. */
  'webhooks.add': {
    access: 'admin',
    input: WebhookEndpointAddSchema,
    output: returns<WebhookSecretShown>(),
  },
  /** Stops sending to an endpoint; its delivery log stays. */
  'webhooks.remove': {
    access: 'admin',
    input: WebhookEndpointIdSchema,
    output: returns<{ endpoints: WebhookEndpointView[] }>(),
  },
  /** A new secret, shown once; the old one signs too for the grace period. */
  'webhooks.rotate': {
    access: 'admin',
    input: WebhookRotateSchema,
    output: returns<WebhookSecretShown>(),
  },
  /** Sends a test event to one endpoint. */
  'webhooks.test': {
    access: 'admin',
    input: WebhookEndpointIdSchema,
    output: returns<WebhookDeliveryRow>(),
  },
  /** The delivery log, newest first. */
  'webhooks.deliveries': {
    access: 'read',
    input: WebhookDeliveriesSchema,
    output: returns<{ deliveries: WebhookDeliveryRow[] }>(),
  },
  /** A delivery sent again from its first attempt, with the same webhook-id. */
  'webhooks.resend': {
    access: 'operate',
    input: WebhookResendSchema,
    output: returns<WebhookDeliveryRow>(),
  },

  /** Storage folders, the scan, counts by state, and whether ffprobe can read videos. */
  'library.status': { access: 'read', input: NoInput, output: returns<LibraryStatus>() },
  /** Adds a storage folder (a local folder or a mounted share) and scans it. */
  'library.folders.add': {
    access: 'admin',
    input: libraryInputs.FolderInput,
    output: returns<LibraryStatus>(),
  },
  /** Stops watching a folder; its recordings, links and drafts stay in the store. */
  'library.folders.remove': {
    access: 'admin',
    input: libraryInputs.FolderInput,
    output: returns<LibraryStatus>(),
  },
  /** Rescans now (CONFLICT-free: joins a scan already running). */
  'library.scan': { access: 'operate', input: NoInput, output: returns<LibraryStatus>() },
  'library.schedule': {
    access: 'admin',
    input: libraryInputs.ScheduleInput,
    output: returns<LibraryStatus>(),
  },
  'library.list': {
    access: 'read',
    input: LibraryListSchema,
    output: returns<{ rows: RecordingRow[] }>(),
  },
  'library.get': {
    access: 'read',
    input: libraryInputs.RecordingIdInput,
    output: returns<RecordingDetail>(),
  },
  /** The captions as WebVTT for the video's track, and the cues for the transcript. */
  'library.captions': {
    access: 'read',
    input: libraryInputs.RecordingIdInput,
    output: returns<CaptionPreview>(),
  },
  /** Links the recording to a show (a confirmed suggestion or one picked by search). */
  'library.link': {
    access: 'operate',
    input: libraryInputs.LinkInput,
    output: returns<RecordingDetail>(),
  },
  'library.unlink': {
    access: 'operate',
    input: libraryInputs.RecordingIdInput,
    output: returns<RecordingDetail>(),
  },
  /** A proposed draft from the summary or a pasted agenda; nothing is saved until `draft.save`. */
  'library.draft.propose': {
    access: 'operate',
    input: DraftProposeSchema,
    output: returns<RecordingDraft>(),
  },
  /** Saves the draft; chapters come back sorted, snapped to the video's frames, inside its length. */
  'library.draft.save': {
    access: 'operate',
    input: DraftSaveSchema,
    output: returns<RecordingDraft>(),
  },

  /** What publishing these recordings (or the recordings linked to these shows) will do. */
  'publish.plan': {
    access: 'read',
    input: publishingInputs.PlanInput,
    output: returns<PublishPlan>(),
  },
  /** Queues the recordings as one batch; a recording already queued joins its job. */
  'publish.enqueue': {
    access: 'operate',
    input: publishingInputs.EnqueueInput,
    output: returns<PublishBatchView>(),
  },
  'publish.list': {
    access: 'read',
    input: publishingInputs.ListInput,
    output: returns<{ rows: PublishJobRow[]; status: PublishQueueStatus }>(),
  },
  'publish.get': {
    access: 'read',
    input: publishingInputs.JobIdInput,
    output: returns<PublishJobDetail>(),
  },
  'publish.batch': {
    access: 'read',
    input: publishingInputs.BatchInput,
    output: returns<PublishBatchView>(),
  },
  /** Pauses the whole queue: running steps finish, nothing new starts. */
  'publish.pause': { access: 'operate', input: NoInput, output: returns<PublishQueueStatus>() },
  'publish.resume': { access: 'operate', input: NoInput, output: returns<PublishQueueStatus>() },
  'publish.cancel': {
    access: 'operate',
    input: publishingInputs.JobIdInput,
    output: returns<PublishJobDetail>(),
  },
  /** A failed or cancelled job runs again from the step it stopped at. */
  'publish.retry': {
    access: 'operate',
    input: publishingInputs.JobIdInput,
    output: returns<PublishJobDetail>(),
  },
  /** Looks the job's steps up on the server and records what is there. */
  'publish.check': {
    access: 'operate',
    input: publishingInputs.JobIdInput,
    output: returns<PublishJobDetail>(),
  },
  /** A person says a failed job is done (they finished it in Cablecast). */
  'publish.markDone': {
    access: 'operate',
    input: publishingInputs.MarkDoneInput,
    output: returns<PublishJobDetail>(),
  },
  /** Moves a queued job before another (or to the end). */
  'publish.reorder': {
    access: 'operate',
    input: publishingInputs.ReorderInput,
    output: returns<{ rows: PublishJobRow[]; status: PublishQueueStatus }>(),
  },
  /** Every schedule with its spec, last run and next run, and the station's time zone. */
  'schedules.list': { access: 'read', input: NoInput, output: returns<SchedulesStatus>() },
  /** Runs a schedule now (CONFLICT while a run of it is queued or running). */
  'schedules.runNow': {
    access: 'operate',
    input: schedulesInputs.IdInput,
    output: returns<ScheduleView>(),
  },
  'schedules.pause': {
    access: 'operate',
    input: schedulesInputs.IdInput,
    output: returns<ScheduleView>(),
  },
  /** Runs again from its next due time; what was missed while paused does not run. */
  'schedules.resume': {
    access: 'operate',
    input: schedulesInputs.IdInput,
    output: returns<ScheduleView>(),
  },
  /** A new interval or cron expression (null: the default), from now on. */
  'schedules.update': {
    access: 'admin',
    input: schedulesInputs.UpdateInput,
    output: returns<ScheduleView>(),
  },
} as const satisfies Record<string, MethodSpec>;

/** A type-only marker for an event's payload, like `returns` for a method's result. */
function payload<T>(): T {
  return undefined as unknown as T;
}

/**
 * Every event the core pushes, with its payload type. The event type and the list of names both
 * come from this one map, so an event cannot be emitted that a bridge would drop.
 */
export const events = {
  'settings.changed': payload<SettingsView>(),
  'connection.tested': payload<ConnectionTestResult>(),
  'sync.progress': payload<SyncStatus>(),
  /** The local catalog changed (a sync committed rows): lists re-query. */
  'catalog.changed': payload<{ showCount: number }>(),
  /** A service's health changed (confirmed by two checks in a row). */
  'health.changed': payload<HealthChanged>(),
  /** Webhook endpoints or deliveries changed: the log re-reads. */
  'webhooks.changed': payload<Record<string, never>>(),
  /** Metadata edits were made, pushed, dropped or found in conflict. */
  'shows.editsChanged': payload<ShowEditsChanged>(),
  /** Recordings were found, changed, linked or lost: lists re-query. */
  'library.changed': payload<{ counts: Record<RecordingState, number>; scanning: boolean }>(),
  /** A recording became ready: valid captions and a summary (later delivered by webhook). */
  'transcription.completed': payload<TranscriptionCompleted>(),
  /** Jobs were queued, moved, or changed state: the queue re-queries. */
  'publish.changed': payload<{ status: PublishQueueStatus; jobIds: number[] }>(),
  /** A running job's step or progress (throttled). */
  'publish.progress': payload<Pick<PublishJobRow, 'id' | 'step' | 'progress'>>(),
  /** A VOD went live (the tray notification; later the `vod.published` webhook). */
  'vod.published': payload<VodPublished>(),
  /** A publish failed for good and waits for a person. */
  'publish.failed': payload<PublishFailed>(),
  /** A schedule was changed, or one of its runs started or ended: the list re-reads. */
  'schedules.changed': payload<SchedulesStatus>(),
} as const;

export type MethodName = keyof typeof methods;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
export type MethodOutput<M extends MethodName> = (typeof methods)[M]['output'];
export type AppEvents = { [E in keyof typeof events]: (typeof events)[E] };
export type EventName = keyof AppEvents;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The access a method declares. */
export function accessOf(method: MethodName): Access {
  return methods[method].access;
}

/**
 * Methods that need more than read access yet change nothing (they list what only an admin may
 * see, or look something up): the audit trail keeps who changed what, not every glance. Exports
 * are not here: data leaving the station is worth a line.
 */
const LOOKS_ONLY: ReadonlySet<MethodName> = new Set<MethodName>([
  'tokens.list',
  'audit.list',
  'sso.status',
  'sso.test',
  'webhooks.list',
  'library.draft.propose',
  'health.check',
]);

/** Whether a call of this method goes into the audit trail (when a person or a token made it). */
export function isAudited(method: MethodName): boolean {
  return accessOf(method) !== 'read' && !LOOKS_ONLY.has(method);
}

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(methods, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

/** What the preload exposes as `window.archivist`, and what the browser host's client implements. */
export interface ArchivistBridge {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
  /** A URL the page may play a recording's video from (served by the shell, never a file path). */
  mediaUrl(recordingId: number): string;
  /** The path of a file or folder dropped onto the window (Electron only; null in a browser). */
  pathForFile(file: File): string | null;
  /**
   * The desktop app's sign-in (when Settings › Sign-in is on): who is signed in, and signing in
   * through the system browser or out. Absent in a browser, where the host's pages do it.
   */
  session?: {
    get(): Promise<Result<DesktopSession>>;
    signIn(): Promise<Result<DesktopSession>>;
    signOut(): Promise<Result<DesktopSession>>;
  };
}

/** What the desktop app says of its sign-in. */
export interface DesktopSession {
  signInRequired: boolean;
  who: WhoAmI | null;
}

/** IPC channel names: one for calls, one for events, one for the desktop app's sign-in. */
export const IPC_SESSION_CHANNEL = 'archivist:session';
export const IPC_INVOKE_CHANNEL = 'archivist:invoke';
export const IPC_EVENT_CHANNEL = 'archivist:event';

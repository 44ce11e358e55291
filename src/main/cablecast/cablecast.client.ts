import type { z } from 'zod';
import { formatZodPath } from '../../shared/errors';
import { AppError } from '../../shared/result';
import type { OffsetMode } from '../../shared/settings';
import { normalizeApiBase } from './api-base';
import {
  describeIssue,
  emptySideloads,
  expectEnvelope,
  parseList,
  parseListLenient,
  parseMeta,
  parseResource,
  parseSideloads,
  schemaError,
  type IncludeName,
  type InvalidRecord,
  type OnInvalid,
  type ResponseContext,
  type Sideloads,
} from './cablecast.envelope';
import { CablecastError } from './cablecast.errors';
import {
  AssetSchema,
  CategorySchema,
  ChapterSchema,
  FileStoreSchema,
  FileUploadSchema,
  FieldDefinitionSchema,
  LocationSchema,
  ProducerSchema,
  ProjectSchema,
  ReelSchema,
  SavedShowSearchSchema,
  SavedShowSearchSummarySchema,
  SessionSchema,
  ShowFieldSchema,
  ShowSchema,
  ShowSearchQuerySchema,
  SystemInfoSchema,
  VodConfigurationSchema,
  VodSchema,
  VodStatusSchema,
  VodTranscodeQualitySchema,
  type Asset,
  type Category,
  type Chapter,
  type FileStore,
  type FileUpload,
  type FieldDefinition,
  type Location,
  type PagingMeta,
  type Producer,
  type Project,
  type Reel,
  type SavedShowSearchSummary,
  type Session,
  type Show,
  type ShowField,
  type ShowPatch,
  type ShowSearchQuery,
  type SystemInfo,
  type Vod,
  type VodConfiguration,
  type VodStatus,
  type VodTranscodeQuality,
} from './cablecast.schemas';
import type { CircuitBreaker } from './circuit-breaker';
import {
  CablecastHttp,
  type FetchLike,
  type HttpMethod,
  type Query,
  type RequestOptions,
  type Sleep,
} from './http';
import { multipartBody, type BodyPart } from './multipart-body';

export interface CablecastClientOptions {
  /** Any form of the server address; normalised with `normalizeApiBase` (throws INVALID_ARGUMENT). */
  serverUrl: string;
  username?: string;
  password?: string;
  timeoutMs: number;
  maxRetries: number;
  retryDelayMs: number;
  offsetMode: OffsetMode;
  fetch?: FetchLike;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  /** Share one breaker between clients of the same server (e.g. across settings changes). */
  breaker?: CircuitBreaker;
  maxBackoffMs?: number;
  maxRetryAfterMs?: number;
}

/** Per-call knobs every method accepts. */
export type CallOptions = Pick<
  RequestOptions,
  'signal' | 'timeoutMs' | 'maxRetries' | 'forceThroughBreaker' | 'onRetry'
>;

interface ShowBatch {
  /** Valid shows, in the order their ids were asked for. */
  shows: Show[];
  included: Sideloads;
  /** Records left out because they broke the schema (also reported through `onInvalid`). */
  invalid: InvalidRecord[];
  /** Ids asked for that the server did not return (deleted meanwhile, or never existed). */
  missingIds: number[];
}

interface ShowBatchOptions extends CallOptions {
  include?: readonly IncludeName[];
  onInvalid?: OnInvalid;
}

interface ShowsByIdsOptions extends ShowBatchOptions {
  /** Batches in flight at once. Default 2: kind to a station server, still quick. */
  concurrency?: number;
}

interface ListShowsOptions extends CallOptions {
  location?: number;
  search?: string;
  /** Default 100. */
  pageSize?: number;
  include?: readonly IncludeName[];
  onInvalid?: OnInvalid;
}

export interface ShowPage {
  /** Valid shows not already yielded by an earlier page. */
  shows: Show[];
  included: Sideloads;
  invalid: InvalidRecord[];
  meta: PagingMeta | null;
  /** Zero-based page number of this page. */
  pageIndex: number;
  /** The `offset` value sent for this page. */
  offset: number;
  offsetMode: 'page' | 'index';
  /** Total matching shows when the server says (`meta.count`). */
  total: number | null;
}

/** Show ids in the order the server gave them, and the server's clock at the answer. */
export interface ShowIdList {
  ids: number[];
  /** Epoch ms from the response's `Date` header; null when the server sent none. */
  serverTime: number | null;
}

interface ChapterList {
  chapters: Chapter[];
  invalid: InvalidRecord[];
}

interface ShowFields {
  showFields: ShowField[];
  fieldDefinitions: FieldDefinition[];
}

export interface FileUploadInput {
  /** The name the file gets on the store, e.g. the file key `21413-1-council.mp4`. */
  fileName: string;
  /** The file store id. */
  destinationStore: number;
  totalSegments: number;
  /** Bytes of the whole file. */
  size: number;
}

export interface UploadSegmentOptions extends CallOptions {
  /** Bytes of a stream chunk, so it is sent with a Content-Length (a Buffer knows its own). */
  length?: number;
  /** The file name in the part's Content-Disposition. Default `segment-{index}`. */
  fileName?: string;
}

/** A reel as `POST /reels` and `POST /reels/batch` take it ([EX]). */
export interface ReelInput {
  show: number;
  reelNumber: number;
  media?: number | null;
  cue?: number;
  /** Seconds. */
  length?: number;
  /** An asset path: links that file to the reel without renaming it. */
  userFileName?: string | null;
  title?: string | null;
}

export interface VodInput {
  show: number;
  vodConfiguration: number;
  /** A VodTranscodeQuality id; omitted or null means the configuration's default. */
  quality?: number | null;
}

/** A chapter as `POST /chapters` takes it ([AH]); `offset` in seconds from the VOD's start. */
export interface ChapterInput {
  vod: number;
  title: string;
  offset: number;
  body?: string;
  operatorNote?: string;
  quickAdded?: boolean;
  order?: number | null;
  deleted?: boolean;
}

export type ReelPatch = Partial<z.input<typeof ReelSchema>> & Record<string, unknown>;
export type VodPatch = Partial<z.input<typeof VodSchema>> & Record<string, unknown>;
export type ChapterPatch = Partial<z.input<typeof ChapterSchema>> & Record<string, unknown>;

/** A show with the reels and VODs sideloaded by `include=reel,vod`. */
export interface ShowWithRelations {
  show: Show;
  reels: Reel[];
  vods: Vod[];
}

/** The name after the last `/` or `\`, lower-cased: how a store path is compared to a name. */
function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
}

/** At most this many ids per `GET /shows?ids[]=` (what TRMS's own sync uses). */
export const SHOW_BATCH_SIZE = 100;

/** Used for "modified since the beginning": some servers may not accept an empty filter group. */
const BEGINNING_OF_TIME = '1900-01-01T00:00:00';

function assertId(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `${what} must be a positive whole number, got ${String(value)}.`,
    );
  }
  return value;
}

function includeParam(include: readonly IncludeName[] | undefined): string | undefined {
  return include === undefined || include.length === 0 ? undefined : include.join(',');
}

function mergeSideloads(target: Sideloads, source: Sideloads): void {
  for (const key of Object.keys(target) as (keyof Sideloads)[]) {
    (target[key] as unknown[]).push(...source[key]);
  }
}

/** Ids of the raw records under `shows`, for offset detection (no full validation needed). */
function rawShowIds(body: unknown, context: ResponseContext): unknown[] {
  const root = expectEnvelope(body, context);
  const shows = root.shows;
  if (!Array.isArray(shows)) {
    throw schemaError(context, 'shows', 'expected a list');
  }
  return shows.map((item: unknown) =>
    typeof item === 'object' && item !== null ? (item as Record<string, unknown>).id : undefined,
  );
}

/**
 * Typed access to one Cablecast server's REST API (shared/docs/cablecast-api.md).
 *
 * Later features add calls with `getOne` / `getMany` / `send`, which share the HTTP layer's auth,
 * timeouts, retry rules and circuit breaker, and the envelope validation.
 */
export class CablecastClient {
  readonly apiBase: string;
  readonly http: CablecastHttp;
  private readonly offsetModeSetting: OffsetMode;
  private readonly configuredUser: string | undefined;
  private detectedOffsetMode: 'page' | 'index' | null = null;
  private detecting: Promise<'page' | 'index'> | null = null;
  readonly now: () => number;

  constructor(options: CablecastClientOptions) {
    this.apiBase = normalizeApiBase(options.serverUrl);
    const username = options.username;
    if (username !== undefined && username.includes(':')) {
      // HTTP Basic cannot carry a colon in the user name; better to say so than to get a 401.
      throw new AppError(
        'INVALID_ARGUMENT',
        'The Cablecast user name cannot contain a colon (":").',
        'cablecast.username',
      );
    }
    this.now = options.now ?? Date.now;
    this.http = new CablecastHttp({
      apiBase: this.apiBase,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      retryDelayMs: options.retryDelayMs,
      now: this.now,
      ...(username === undefined ? {} : { username }),
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.breaker === undefined ? {} : { breaker: options.breaker }),
      ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
      ...(options.maxRetryAfterMs === undefined
        ? {}
        : { maxRetryAfterMs: options.maxRetryAfterMs }),
    });
    this.offsetModeSetting = options.offsetMode;
    const trimmed = username?.trim() ?? '';
    this.configuredUser = trimmed === '' ? undefined : trimmed;
  }

  /** `https://host` (or with its path prefix), for messages. */
  get server(): string {
    return this.http.server;
  }

  get hasCredentials(): boolean {
    return this.http.hasCredentials;
  }

  /** The user name requests are signed with (undefined when anonymous). */
  get username(): string | undefined {
    return this.http.username;
  }

  /** The user name from the settings, even when no password came with it. */
  get configuredUsername(): string | undefined {
    return this.configuredUser;
  }

  /** The offset reading in use: the setting, or what detection found (null until detected). */
  get offsetMode(): 'page' | 'index' | null {
    return this.offsetModeSetting === 'auto' ? this.detectedOffsetMode : this.offsetModeSetting;
  }

  private context(method: string, path: string, query?: Query): ResponseContext {
    return { server: this.server, method, url: this.http.urlFor(path, query) };
  }

  // -------------------------------------------------------------------------------------------
  // Building blocks for any endpoint

  /** GET a single resource `{ [key]: {...} }` and validate it. */
  async getOne<S extends z.ZodType>(
    path: string,
    key: string,
    schema: S,
    options: CallOptions & {
      query?: Query;
      what?: string;
      aliases?: readonly string[];
      allowBare?: boolean;
    } = {},
  ): Promise<z.output<S>> {
    const { query, what, aliases, allowBare, ...call } = options;
    const body = await this.http.getJson(path, query, {
      ...call,
      ...(what === undefined ? {} : { what }),
    });
    return parseResource(body, key, schema, this.context('GET', path, query), {
      ...(aliases === undefined ? {} : { aliases }),
      ...(allowBare === undefined ? {} : { allowBare }),
    });
  }

  /** GET a list `{ [key]: [...] }`; one broken record fails the call (small reference lists). */
  async getMany<S extends z.ZodType>(
    path: string,
    key: string,
    schema: S,
    options: CallOptions & { query?: Query } = {},
  ): Promise<z.output<S>[]> {
    const { query, ...call } = options;
    const body = await this.http.getJson(path, query, call);
    return parseList(body, key, schema, this.context('GET', path, query));
  }

  /**
   * A change (POST/PUT/DELETE) with body `{ [key]: payload }`, answered by `{ [key]: {...} }`.
   * Never retried here: a caller that needs a retry owns the decision (and the duplicate risk);
   * a `CablecastError` with `reachedServer: false` says it is safe.
   * Returns undefined when the server answers with an empty body.
   */
  async send<S extends z.ZodType>(
    method: Exclude<HttpMethod, 'GET' | 'HEAD'>,
    path: string,
    key: string,
    payload: unknown,
    schema: S,
    options: CallOptions & { what?: string } = {},
  ): Promise<z.output<S> | undefined> {
    const { what, ...call } = options;
    const response = await this.http.request({
      ...call,
      ...(what === undefined ? {} : { what }),
      method,
      path,
      ...(payload === undefined ? {} : { json: { [key]: payload } }),
    });
    if (response.json === undefined) return undefined;
    return parseResource(response.json, key, schema, this.context(method, path));
  }

  // -------------------------------------------------------------------------------------------
  // Server and session

  /** `GET /systeminfo`; the DTO may come bare or as `{ systemInfo }` (the doc leaves it open). */
  async getSystemInfo(options: CallOptions = {}): Promise<SystemInfo> {
    return this.getOne('systeminfo', 'systemInfo', SystemInfoSchema, {
      ...options,
      what: 'system information (/systeminfo)',
      allowBare: true,
    });
  }

  /**
   * `GET /usersession`: who the credentials belong to and what they may do. Accepts `{ session }`,
   * `{ userSession }` or the session bare. Returns null when the server has no such endpoint (404).
   */
  async getUserSession(options: CallOptions = {}): Promise<Session | null> {
    let session: Session;
    try {
      session = await this.getOne('usersession', 'session', SessionSchema, {
        ...options,
        what: 'user session endpoint (/usersession)',
        aliases: ['userSession'],
        allowBare: true,
      });
    } catch (error) {
      if (error instanceof CablecastError && error.kind === 'not-found') return null;
      throw error;
    }
    if (this.hasCredentials) this.http.markCredentialsVerified();
    return session;
  }

  // -------------------------------------------------------------------------------------------
  // Reference lists

  async getLocations(options: CallOptions = {}): Promise<Location[]> {
    return this.getMany('locations', 'locations', LocationSchema, options);
  }

  async getCategories(options: CallOptions & { location?: number } = {}): Promise<Category[]> {
    const { location, ...call } = options;
    return this.getMany('categories', 'categories', CategorySchema, {
      ...call,
      query: { location },
    });
  }

  async getProducers(options: CallOptions & { location?: number } = {}): Promise<Producer[]> {
    const { location, ...call } = options;
    return this.getMany('producers', 'producers', ProducerSchema, { ...call, query: { location } });
  }

  async getProjects(options: CallOptions & { location?: number } = {}): Promise<Project[]> {
    const { location, ...call } = options;
    return this.getMany('projects', 'projects', ProjectSchema, { ...call, query: { location } });
  }

  /** `GET /showfields` → both the fields and their definitions (names, types, options). */
  async getShowFields(options: CallOptions = {}): Promise<ShowFields> {
    const body = await this.http.getJson('showfields', undefined, options);
    const context = this.context('GET', 'showfields');
    const root = expectEnvelope(body, context);
    return {
      showFields: parseList(root, 'showFields', ShowFieldSchema, context),
      // Older servers may not sideload definitions; an absent list is not an error.
      fieldDefinitions:
        root.fieldDefinitions === undefined || root.fieldDefinitions === null
          ? []
          : parseList(root, 'fieldDefinitions', FieldDefinitionSchema, context),
    };
  }

  async getVodConfigurations(
    options: CallOptions & { location?: number } = {},
  ): Promise<VodConfiguration[]> {
    const { location, ...call } = options;
    return this.getMany('vodconfigurations', 'vodConfigurations', VodConfigurationSchema, {
      ...call,
      query: { location },
    });
  }

  /**
   * `GET /vodtranscodequalities`: every transcode profile the server offers; a configuration's
   * `vodTranscodeQualities` names which of them it takes. A server without the endpoint answers
   * 404 (a `not-found` CablecastError): callers decide whether that matters.
   */
  async getVodTranscodeQualities(options: CallOptions = {}): Promise<VodTranscodeQuality[]> {
    return this.getMany(
      'vodtranscodequalities',
      'vodTranscodeQualities',
      VodTranscodeQualitySchema,
      options,
    );
  }

  async getVodTranscodeQuality(
    id: number,
    options: CallOptions = {},
  ): Promise<VodTranscodeQuality> {
    assertId(id, 'A VOD transcode quality id');
    return this.getOne(
      `vodtranscodequalities/${id}`,
      'vodTranscodeQuality',
      VodTranscodeQualitySchema,
      {
        ...options,
        what: `VOD transcode quality ${id}`,
      },
    );
  }

  /**
   * `GET /filestores`: where uploads may go (`destinationStore`). (inferred) The answer's shape is
   * not documented: `{ fileStores: [...] }` and the list bare are both read.
   */
  async getFileStores(options: CallOptions = {}): Promise<FileStore[]> {
    const body = await this.http.getJson('filestores', undefined, {
      ...options,
      what: 'file stores (/filestores)',
    });
    return parseList(body, 'fileStores', FileStoreSchema, this.context('GET', 'filestores'), {
      allowBare: true,
    });
  }

  async getFileStore(id: number, options: CallOptions = {}): Promise<FileStore> {
    assertId(id, 'A file store id');
    return this.getOne(`filestores/${id}`, 'fileStore', FileStoreSchema, {
      ...options,
      what: `file store ${id}`,
      allowBare: true,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Shows and VODs

  async getShow(id: number, options: CallOptions = {}): Promise<Show> {
    assertId(id, 'A show id');
    return this.getOne(`shows/${id}`, 'show', ShowSchema, { ...options, what: `show ${id}` });
  }

  async getVod(id: number, options: CallOptions = {}): Promise<Vod> {
    assertId(id, 'A VOD id');
    return this.getOne(`vods/${id}`, 'vod', VodSchema, { ...options, what: `VOD ${id}` });
  }

  /**
   * One `GET /shows?ids[]=…` (at most `SHOW_BATCH_SIZE` ids), validated record by record: a show
   * that breaks the schema is reported through `onInvalid` and left out, the others are kept.
   * Callers that want parallelism can run several of these at once.
   */
  async getShowsBatch(ids: readonly number[], options: ShowBatchOptions = {}): Promise<ShowBatch> {
    if (ids.length > SHOW_BATCH_SIZE) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `At most ${SHOW_BATCH_SIZE} show ids per batch, got ${ids.length}.`,
      );
    }
    ids.forEach((id) => assertId(id, 'A show id'));
    if (ids.length === 0) {
      return { shows: [], included: emptySideloads(), invalid: [], missingIds: [] };
    }
    const { include, onInvalid, ...call } = options;
    const query: Query = {
      'ids[]': ids,
      // The default page size (50) would otherwise cut a batch of 100 in half; offset 0 means
      // the same under both readings of `offset`.
      page_size: ids.length,
      offset: 0,
      include: includeParam(include),
    };
    const body = await this.http.getJson('shows', query, call);
    const context = this.context('GET', 'shows', query);
    const { items, invalid } = parseListLenient(body, 'shows', ShowSchema, context, onInvalid);
    const included = parseSideloads(body, context, {
      lenient: true,
      invalid,
      ...(onInvalid === undefined ? {} : { onInvalid }),
    });
    const byId = new Map(items.map((show) => [show.id, show]));
    const invalidIds = new Set(invalid.filter((i) => i.key === 'shows').map((i) => i.id));
    const shows: Show[] = [];
    const missingIds: number[] = [];
    for (const id of ids) {
      const show = byId.get(id);
      if (show !== undefined) shows.push(show);
      else if (!invalidIds.has(id)) missingIds.push(id);
    }
    return { shows, included, invalid, missingIds };
  }

  /** Any number of ids, fetched in batches of 100 (`concurrency` at a time), in the order given. */
  async getShowsByIds(ids: readonly number[], options: ShowsByIdsOptions = {}): Promise<ShowBatch> {
    const { concurrency = 2, ...batchOptions } = options;
    const unique = [...new Set(ids)];
    const batches: number[][] = [];
    for (let i = 0; i < unique.length; i += SHOW_BATCH_SIZE) {
      batches.push(unique.slice(i, i + SHOW_BATCH_SIZE));
    }
    const results: ShowBatch[] = new Array<ShowBatch>(batches.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const index = next;
        next += 1;
        results[index] = await this.getShowsBatch(batches[index] ?? [], batchOptions);
      }
    };
    const workers = Math.max(1, Math.min(Math.floor(concurrency), batches.length));
    await Promise.all(Array.from({ length: workers }, worker));
    const merged: ShowBatch = {
      shows: [],
      included: emptySideloads(),
      invalid: [],
      missingIds: [],
    };
    for (const result of results) {
      merged.shows.push(...result.shows);
      mergeSideloads(merged.included, result.included);
      merged.invalid.push(...result.invalid);
      merged.missingIds.push(...result.missingIds);
    }
    return merged;
  }

  /**
   * Finds how this server reads `offset` (doc §4: item index per the overview page, page number
   * per TRMS's own clients) by asking for `page_size=2` at offsets 0 and 1: under index semantics
   * the second answer starts with the first answer's second show. The answer is cached.
   */
  async detectOffsetMode(options: CallOptions = {}): Promise<'page' | 'index'> {
    if (this.offsetModeSetting !== 'auto') return this.offsetModeSetting;
    if (this.detectedOffsetMode !== null) return this.detectedOffsetMode;
    this.detecting ??= this.runOffsetDetection(options).finally(() => {
      this.detecting = null;
    });
    return this.detecting;
  }

  private async runOffsetDetection(options: CallOptions): Promise<'page' | 'index'> {
    const first = { page_size: 2, offset: 0 };
    const second = { page_size: 2, offset: 1 };
    const a = rawShowIds(
      await this.http.getJson('shows', first, options),
      this.context('GET', 'shows', first),
    );
    if (a.length < 2) {
      // One show or none: every listing fits in the first page, where both readings agree.
      // Not cached, so a later listing on a fuller catalogue detects properly.
      return 'page';
    }
    const b = rawShowIds(
      await this.http.getJson('shows', second, options),
      this.context('GET', 'shows', second),
    );
    let mode: 'page' | 'index';
    if (b.length === 0 || (b[0] !== a[1] && b[0] !== a[0])) mode = 'page';
    else if (b[0] === a[1]) mode = 'index';
    else {
      // The second request returned the first show again: the server seems to ignore `offset`.
      // Guess the reading real clients use; the listing itself stops if pages repeat.
      return 'page';
    }
    this.detectedOffsetMode = mode;
    return mode;
  }

  /**
   * Pages through `GET /shows` (optionally filtered by location or free text). Works under both
   * readings of `offset`; shows already yielded are not yielded again (a catalogue that changes
   * while we page can shift items between pages).
   */
  async *listShows(options: ListShowsOptions = {}): AsyncGenerator<ShowPage, void, undefined> {
    const { location, search, pageSize = 100, include, onInvalid, ...call } = options;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `The page size must be a positive whole number, got ${pageSize}.`,
      );
    }
    const mode = await this.detectOffsetMode(call);
    const seen = new Set<number>();
    let pageIndex = 0;
    let position = 0;
    for (;;) {
      const offset = mode === 'page' ? pageIndex : position;
      const query: Query = {
        location,
        search: search === undefined || search === '' ? undefined : search,
        page_size: pageSize,
        offset,
        include: includeParam(include),
      };
      const body = await this.http.getJson('shows', query, call);
      const context = this.context('GET', 'shows', query);
      const { items, invalid } = parseListLenient(body, 'shows', ShowSchema, context, onInvalid);
      const included = parseSideloads(body, context, {
        lenient: true,
        invalid,
        ...(onInvalid === undefined ? {} : { onInvalid }),
      });
      const meta = parseMeta(body, context);
      const received = items.length + invalid.filter((i) => i.key === 'shows').length;
      if (received === 0) return;
      const fresh = items.filter((show) => !seen.has(show.id));
      if (fresh.length === 0 && items.length > 0) {
        throw new CablecastError({
          kind: 'bad-response',
          message: `Cablecast at ${this.server} sent the same shows again for page ${pageIndex + 1}; it does not seem to page with offset=${offset} (${mode === 'page' ? 'page number' : 'item index'} reading). Try the other "offset" setting.`,
          retryable: false,
          reachedServer: true,
          method: 'GET',
          url: context.url ?? '',
        });
      }
      for (const show of fresh) seen.add(show.id);
      const total = typeof meta?.count === 'number' ? meta.count : null;
      yield { shows: fresh, included, invalid, meta, pageIndex, offset, offsetMode: mode, total };
      position += received;
      pageIndex += 1;
      // A server may cap the page size below what we asked; its meta says what it used.
      const effectivePageSize =
        typeof meta?.pageSize === 'number' && meta.pageSize > 0 ? meta.pageSize : pageSize;
      if (received < effectivePageSize) return;
      if (total !== null && position >= total) return;
    }
  }

  /**
   * `GET /chapters?vod={id}`: the VOD's chapters as stored, drafts, deleted and hidden ones
   * included (callers decide what to show). A chapter that breaks the schema is left out and
   * reported in `invalid`, the others are kept.
   */
  async getChapters(vodId: number, options: CallOptions = {}): Promise<ChapterList> {
    assertId(vodId, 'A VOD id');
    const query: Query = { vod: vodId };
    const body = await this.http.getJson('chapters', query, {
      ...options,
      what: `chapters of VOD ${vodId}`,
    });
    const { items, invalid } = parseListLenient(
      body,
      'chapters',
      ChapterSchema,
      this.context('GET', 'chapters', query),
    );
    return { chapters: items, invalid };
  }

  // -------------------------------------------------------------------------------------------
  // Advanced search

  /**
   * `POST /shows/search/advanced` with an unsaved search → the ordered ids of every match.
   * It is a read (works anonymously, creates nothing), so unlike other POSTs it is retried.
   */
  async advancedSearch(query: ShowSearchQuery, options: CallOptions = {}): Promise<number[]> {
    return (await this.advancedSearchAt(query, options)).ids;
  }

  /**
   * `advancedSearch`, also returning the server's clock when it answered (its `Date` header, epoch
   * ms, null when absent). A sync uses it to tell a show's lastModified from "changed after we
   * listed it", without trusting this machine's clock or time zone.
   */
  async advancedSearchAt(query: ShowSearchQuery, options: CallOptions = {}): Promise<ShowIdList> {
    const checked = ShowSearchQuerySchema.safeParse(query);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new AppError(
        'INVALID_ARGUMENT',
        `The show search is not valid: ${issue?.message ?? 'not accepted'} at ${issue?.path.join('.') ?? ''}.`,
      );
    }
    const path = 'shows/search/advanced';
    const response = await this.http.request({
      ...options,
      method: 'POST',
      path,
      json: { savedShowSearch: { name: '', query: checked.data } },
      idempotent: true,
      what: 'advanced show search (/shows/search/advanced)',
    });
    const search = parseResource(
      response.json,
      'savedShowSearch',
      SavedShowSearchSchema,
      this.context('POST', path),
    );
    const date = response.headers.get('date');
    const serverTime = date === null ? NaN : Date.parse(date);
    return { ids: search.results, serverTime: Number.isNaN(serverTime) ? null : serverTime };
  }

  /**
   * Ids of shows modified after `since` (all shows when null), oldest change first: the
   * incremental-sync recipe of TRMS's WordPress plugin (doc §4). Pass `since` exactly as a show's
   * `lastModified` came from the server.
   */
  async showIdsModifiedSince(
    since: string | null,
    location?: number | null,
    options: CallOptions = {},
  ): Promise<number[]> {
    return (await this.showIdsModifiedSinceAt(since, location, options)).ids;
  }

  /** `showIdsModifiedSince` with the server's clock at the answer (see `advancedSearchAt`). */
  async showIdsModifiedSinceAt(
    since: string | null,
    location?: number | null,
    options: CallOptions = {},
  ): Promise<ShowIdList> {
    const filters: ShowSearchQuery['groups'][number]['filters'] = [
      { field: 'lastModified', operator: 'greaterThan', searchValue: since ?? BEGINNING_OF_TIME },
    ];
    if (location !== undefined && location !== null) {
      filters.push({
        field: 'location',
        operator: 'equals',
        searchValue: assertId(location, 'A location id'),
      });
    }
    return this.advancedSearchAt(
      {
        groups: [{ orAnd: 'and', filters }],
        sortOptions: [
          { field: 'lastModified', descending: false },
          { field: 'showId', descending: false },
        ],
      },
      options,
    );
  }

  /** `GET /shows/search/advanced`: the searches saved on the server. */
  async getSavedShowSearches(options: CallOptions = {}): Promise<SavedShowSearchSummary[]> {
    return this.getMany(
      'shows/search/advanced',
      'savedShowSearches',
      SavedShowSearchSummarySchema,
      options,
    );
  }

  /** `GET /shows/search/advanced/{id}`: run a saved search → ordered show ids. */
  async runSavedShowSearch(id: number, options: CallOptions = {}): Promise<number[]> {
    assertId(id, 'A saved search id');
    const search = await this.getOne(
      `shows/search/advanced/${id}`,
      'savedShowSearch',
      SavedShowSearchSchema,
      {
        ...options,
        what: `saved show search ${id}`,
      },
    );
    return search.results;
  }

  // -------------------------------------------------------------------------------------------
  // Changes

  /**
   * `PUT /shows/{id}` with the whole show: the current record (`base`, or read fresh with
   * credentials) with `patch` laid over it. The only real PUT examples send whole resources, and
   * a partial body might blank the fields it leaves out. Not retried.
   * Returns the show as the server answered, or the merged show if it answered with no body.
   */
  async updateShow(
    id: number,
    patch: ShowPatch,
    options: CallOptions & { base?: Show } = {},
  ): Promise<Show> {
    assertId(id, 'A show id');
    const { base, ...call } = options;
    const current = base ?? (await this.getShow(id, call));
    const merged: Record<string, unknown> = { ...current, ...patch, id };
    // Check our own side first: sending a wrongly typed field would store garbage on the server.
    const checked = ShowSchema.safeParse(merged, { reportInput: true });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const path = issue === undefined ? '' : formatZodPath(issue.path);
      throw new AppError(
        'INVALID_ARGUMENT',
        `The change to show ${id} is not valid at ${path}: ${issue === undefined ? 'not accepted' : describeIssue(issue)}.`,
        path === '' ? undefined : `show.${path}`,
      );
    }
    const answered = await this.send('PUT', `shows/${id}`, 'show', merged, ShowSchema, {
      ...call,
      what: `show ${id}`,
    });
    return answered ?? checked.data;
  }

  // -------------------------------------------------------------------------------------------
  // Publishing: uploads, assets, reels, VODs and chapters. Writes are sent once; a failure's
  // `delivery` says whether sending again is safe (see CablecastError).

  /** A create answered 2xx without the record: it may exist, and we do not know its id. */
  private createdWithoutRecord(method: string, path: string, what: string): CablecastError {
    return new CablecastError({
      kind: 'bad-response',
      message: `Cablecast at ${this.server} accepted the new ${what} but did not send it back, so its id is unknown; look it up before trying again.`,
      retryable: false,
      reachedServer: true,
      delivery: 'ambiguous',
      method,
      url: this.http.urlFor(path),
    });
  }

  /** GET the current record, lay `patch` over it, and PUT the whole resource back. */
  private async putWhole<S extends z.ZodType>(
    path: string,
    key: string,
    schema: S,
    current: Record<string, unknown>,
    patch: Record<string, unknown>,
    id: number,
    what: string,
    call: CallOptions,
  ): Promise<z.output<S>> {
    const merged: Record<string, unknown> = { ...current, ...patch, id };
    const checked = schema.safeParse(merged, { reportInput: true });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const at = issue === undefined ? '' : formatZodPath(issue.path);
      throw new AppError(
        'INVALID_ARGUMENT',
        `The change to ${what} is not valid at ${at}: ${issue === undefined ? 'not accepted' : describeIssue(issue)}.`,
        at === '' ? undefined : `${key}.${at}`,
      );
    }
    const answered = await this.send('PUT', path, key, merged, schema, { ...call, what });
    return answered ?? checked.data;
  }

  /** `POST /fileuploads`: announces a chunked upload; its segments follow. */
  async createFileUpload(input: FileUploadInput, options: CallOptions = {}): Promise<FileUpload> {
    if (input.fileName.trim() === '' || /[\\/]/.test(input.fileName)) {
      throw new AppError('INVALID_ARGUMENT', `"${input.fileName}" is not a file name.`);
    }
    assertId(input.destinationStore, 'A file store id');
    assertId(input.totalSegments, 'The number of segments');
    if (!Number.isSafeInteger(input.size) || input.size < 0) {
      throw new AppError('INVALID_ARGUMENT', `The file size must be a whole number of bytes.`);
    }
    const upload = await this.send('POST', 'fileuploads', 'fileUpload', input, FileUploadSchema, {
      ...options,
      what: `file upload of ${input.fileName}`,
    });
    if (upload === undefined) {
      throw this.createdWithoutRecord('POST', 'fileuploads', `upload of ${input.fileName}`);
    }
    return upload;
  }

  /**
   * `POST /fileuploads/{id}/upload`: one segment (0-based `index`) as multipart `segment` +
   * `file`. The chunk is streamed as it is: a Buffer is not copied, a stream is read as it is
   * sent. Sending a segment again replaces it on the server, so a resumed upload may repeat the
   * one that was in flight; the caller decides (never retried here).
   */
  async uploadSegment(
    id: number,
    index: number,
    chunk: BodyPart,
    options: UploadSegmentOptions = {},
  ): Promise<void> {
    assertId(id, 'A file upload id');
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new AppError('INVALID_ARGUMENT', `A segment index must be 0 or more, got ${index}.`);
    }
    const { length, fileName, ...call } = options;
    await this.http.request({
      ...call,
      method: 'POST',
      path: `fileuploads/${id}/upload`,
      what: `segment ${index} of file upload ${id}`,
      body: multipartBody(
        { segment: String(index) },
        {
          field: 'file',
          fileName: fileName ?? `segment-${index}`,
          data: chunk,
          ...(length === undefined ? {} : { length }),
        },
      ),
    });
  }

  /** `PUT /fileuploads/{id}` `{state: 2}`: every segment is sent; the server processes the file. */
  async completeFileUpload(id: number, options: CallOptions = {}): Promise<FileUpload> {
    assertId(id, 'A file upload id');
    const path = `fileuploads/${id}`;
    const answered = await this.send(
      'PUT',
      path,
      'fileUpload',
      { id, state: 2 },
      FileUploadSchema,
      { ...options, what: `file upload ${id}` },
    );
    return answered ?? this.getFileUpload(id, options);
  }

  async getFileUpload(id: number, options: CallOptions = {}): Promise<FileUpload> {
    assertId(id, 'A file upload id');
    return this.getOne(`fileuploads/${id}`, 'fileUpload', FileUploadSchema, {
      ...options,
      what: `file upload ${id}`,
    });
  }

  /**
   * Uploads of this file name (any case), e.g. to resume after a crash. The server's name filter
   * is inferred, so the answer is filtered here too: a server that ignores it still works.
   */
  async findFileUploads(
    criteria: { fileName: string },
    options: CallOptions = {},
  ): Promise<FileUpload[]> {
    const wanted = criteria.fileName.toLowerCase();
    const uploads = await this.getMany('fileuploads', 'fileUploads', FileUploadSchema, {
      ...options,
      query: { fileName: criteria.fileName },
    });
    return uploads.filter((upload) => (upload.fileName ?? '').toLowerCase() === wanted);
  }

  /** Assets whose file name (the last part of `path`, any case) is `fileName`; filtered here too. */
  async findAssets(criteria: { fileName: string }, options: CallOptions = {}): Promise<Asset[]> {
    const wanted = fileNameOf(criteria.fileName);
    const assets = await this.getMany('assets', 'assets', AssetSchema, {
      ...options,
      query: { fileName: criteria.fileName },
    });
    return assets.filter((asset) => fileNameOf(asset.path ?? '') === wanted);
  }

  async getAsset(id: number, options: CallOptions = {}): Promise<Asset> {
    assertId(id, 'An asset id');
    return this.getOne(`assets/${id}`, 'asset', AssetSchema, { ...options, what: `asset ${id}` });
  }

  async getReel(id: number, options: CallOptions = {}): Promise<Reel> {
    assertId(id, 'A reel id');
    return this.getOne(`reels/${id}`, 'reel', ReelSchema, { ...options, what: `reel ${id}` });
  }

  /**
   * `PUT /reels/{id}` with the whole reel (`base`, or read fresh) and `patch` laid over it; e.g.
   * `{ userFileName: asset.path }` links an uploaded file. Not retried.
   */
  async updateReel(
    id: number,
    patch: ReelPatch,
    options: CallOptions & { base?: Reel } = {},
  ): Promise<Reel> {
    assertId(id, 'A reel id');
    const { base, ...call } = options;
    const current = base ?? (await this.getReel(id, call));
    return this.putWhole(`reels/${id}`, 'reel', ReelSchema, current, patch, id, `reel ${id}`, call);
  }

  /** `POST /reels/batch`: several reels in one request, answered in the order sent. */
  async createReels(reels: readonly ReelInput[], options: CallOptions = {}): Promise<Reel[]> {
    reels.forEach((reel) => assertId(reel.show, 'A show id'));
    const path = 'reels/batch';
    const response = await this.http.request({
      ...options,
      method: 'POST',
      path,
      json: { reels },
      what: 'new reels',
    });
    if (response.json === undefined) throw this.createdWithoutRecord('POST', path, 'reels');
    return parseList(response.json, 'reels', ReelSchema, this.context('POST', path));
  }

  /** `GET /shows/{id}?include=reel,vod`: the show with its reels and VODs in one request. */
  async getShowWithRelations(id: number, options: CallOptions = {}): Promise<ShowWithRelations> {
    assertId(id, 'A show id');
    const path = `shows/${id}`;
    const query: Query = { include: 'reel,vod' };
    const body = await this.http.getJson(path, query, { ...options, what: `show ${id}` });
    const context = this.context('GET', path, query);
    const show = parseResource(body, 'show', ShowSchema, context);
    const { reels, vods } = parseSideloads(body, context);
    const reelIds = new Set(show.reels);
    const vodIds = new Set(show.vods);
    return {
      show,
      reels: reels.filter((reel) => reelIds.has(reel.id)),
      vods: vods.filter((vod) => vodIds.has(vod.id)),
    };
  }

  /**
   * `POST /vods` for a show: it transcodes once the show's reel has a file. Cablecast has no
   * idempotency key: after an ambiguous failure, look for the VOD in `show.vods` before sending
   * this again, or the show gets two.
   */
  async createVod(input: VodInput, options: CallOptions = {}): Promise<Vod> {
    assertId(input.show, 'A show id');
    assertId(input.vodConfiguration, 'A VOD configuration id');
    const payload = {
      show: input.show,
      vodConfiguration: input.vodConfiguration,
      ...(input.quality === undefined || input.quality === null ? {} : { quality: input.quality }),
    };
    const vod = await this.send('POST', 'vods', 'vod', payload, VodSchema, {
      ...options,
      what: `VOD of show ${input.show}`,
    });
    if (vod === undefined)
      throw this.createdWithoutRecord('POST', 'vods', `VOD of show ${input.show}`);
    return vod;
  }

  /** `PUT /vods/{id}` with the whole VOD and `patch` laid over it ([AH]'s GET-modify-PUT). */
  async updateVod(
    id: number,
    patch: VodPatch,
    options: CallOptions & { base?: Vod } = {},
  ): Promise<Vod> {
    assertId(id, 'A VOD id');
    const { base, ...call } = options;
    const current = base ?? (await this.getVod(id, call));
    return this.putWhole(`vods/${id}`, 'vod', VodSchema, current, patch, id, `VOD ${id}`, call);
  }

  /** Makes the VOD's chapters public (`chaptersPublished: true`). */
  async publishChapters(vodId: number, options: CallOptions = {}): Promise<Vod> {
    return this.updateVod(vodId, { chaptersPublished: true }, options);
  }

  /** `GET /vodstatuses/{id}`: the VOD's state and progress (0–1), lighter than the VOD. */
  async getVodStatus(vodId: number, options: CallOptions = {}): Promise<VodStatus> {
    assertId(vodId, 'A VOD id');
    return this.getOne(`vodstatuses/${vodId}`, 'vodStatus', VodStatusSchema, {
      ...options,
      what: `status of VOD ${vodId}`,
    });
  }

  /** `DELETE /vods/{id}`; a 200 with the record and a 204 both mean done. */
  async deleteVod(id: number, options: CallOptions = {}): Promise<void> {
    assertId(id, 'A VOD id');
    await this.http.request({
      ...options,
      method: 'DELETE',
      path: `vods/${id}`,
      what: `VOD ${id}`,
    });
  }

  async getChapter(id: number, options: CallOptions = {}): Promise<Chapter> {
    assertId(id, 'A chapter id');
    return this.getOne(`chapters/${id}`, 'chapter', ChapterSchema, {
      ...options,
      what: `chapter ${id}`,
    });
  }

  /** `POST /chapters`: one chapter, an unpublished draft until `publishChapters`. */
  async createChapter(input: ChapterInput, options: CallOptions = {}): Promise<Chapter> {
    assertId(input.vod, 'A VOD id');
    if (!Number.isSafeInteger(input.offset) || input.offset < 0) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `A chapter offset is whole seconds from the start, got ${input.offset}.`,
      );
    }
    const payload = {
      vod: input.vod,
      title: input.title,
      body: input.body ?? input.title,
      operatorNote: input.operatorNote ?? '',
      offset: input.offset,
      quickAdded: input.quickAdded ?? false,
      order: input.order ?? null,
      deleted: input.deleted ?? false,
    };
    const chapter = await this.send('POST', 'chapters', 'chapter', payload, ChapterSchema, {
      ...options,
      what: `chapter of VOD ${input.vod}`,
    });
    if (chapter === undefined) throw this.createdWithoutRecord('POST', 'chapters', 'chapter');
    return chapter;
  }

  /**
   * `PUT /chapters/{id}` with the whole chapter (`base`, or read fresh) and `patch` laid over it:
   * right whether the server replaces the chapter or merges the body (the doc leaves it open).
   */
  async updateChapter(
    id: number,
    patch: ChapterPatch,
    options: CallOptions & { base?: Chapter } = {},
  ): Promise<Chapter> {
    assertId(id, 'A chapter id');
    const { base, ...call } = options;
    const current = base ?? (await this.getChapter(id, call));
    return this.putWhole(
      `chapters/${id}`,
      'chapter',
      ChapterSchema,
      current,
      patch,
      id,
      `chapter ${id}`,
      call,
    );
  }

  /**
   * `DELETE /chapters/{id}`. Servers may keep the record with `deleted: true` or remove it; both
   * mean it is gone from the public VOD, so callers should treat a `deleted` chapter as absent.
   */
  async deleteChapter(id: number, options: CallOptions = {}): Promise<void> {
    assertId(id, 'A chapter id');
    await this.http.request({
      ...options,
      method: 'DELETE',
      path: `chapters/${id}`,
      what: `chapter ${id}`,
    });
  }
}

import { z } from 'zod';
import {
  normaliseQuery,
  runAdvancedSearch,
  savedShowSearchBodySchema,
  SearchQueryError,
} from './advanced-search';
import { permissionsFor } from './auth';
import { parseCablecastDate } from './cablecast-date';
import type { IncomingMessage } from 'node:http';
import type { PublishingSettings, SimulatorPublishing } from './publishing';
import type { ShowInput, SimulatorData } from './simulator.data';
import type { ChapterDto, ShowDto, VodDto } from './simulator.dtos';
import type { SimulatorUser } from './simulator.types';

/** The options a request sees; the tunable ones can change while the server runs. */
export interface ServerSettings extends PublishingSettings {
  offsetMode: 'page' | 'index';
  anonymousCacheMs: number;
  systemInfoEnvelope: 'bare' | 'enveloped';
  userSession: 'enveloped' | 'bare' | 'absent';
  permissionDeniedStatus: 401 | 403;
  wrongCredentials: 'reject' | 'ignore';
  defaultPageSize: number;
  cablecastVersion: string;
  hardwareId: string;
  createdStatus: 200 | 201;
  deleteStatus: 200 | 204;
  vodDelete: 'allowed' | 'unsupported';
  fileUploadNameFilter: 'honoured' | 'ignored';
  assetNameFilter: 'honoured' | 'ignored';
  chapterUpdate: 'replace' | 'merge';
  chapterDelete: 'soft' | 'hard';
  transcodeQualityList: 'served' | 'absent';
  fileStoreList: 'enveloped' | 'bare' | 'absent';
}

export interface RouteContext {
  method: string;
  params: readonly string[];
  query: URLSearchParams;
  body: Buffer;
  contentType: string | undefined;
  user: SimulatorUser | null;
  data: SimulatorData;
  publishing: SimulatorPublishing;
  settings: ServerSettings;
  /** The request itself, for streaming routes (their `body` is empty: nothing was buffered). */
  request: IncomingMessage;
}

export interface RouteResult {
  status: number;
  /** Serialised as JSON unless `text` is set. */
  body?: unknown;
  text?: { contentType: string; body: string };
  headers?: Record<string, string>;
}

/** public: anyone; user: any valid credentials; write: credentials with write rights. */
type Access = 'public' | 'user' | 'write';

export interface Route {
  method: string;
  pattern: RegExp;
  access: Access;
  /** The handler reads the request body itself (uploads); the server does not buffer it. */
  stream?: boolean;
  /** May be async: later routes (file uploads, transcoding) will want to be. */
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

export function message(status: number, text: string): RouteResult {
  return { status, body: { message: text } };
}

export function notFound(what: string, id: string | undefined): RouteResult {
  return message(404, `${what} ${id ?? '?'} was not found.`);
}

/** ASP.NET Web API's model-state error shape. */
export function invalid(modelState: Record<string, string[]>): RouteResult {
  return { status: 400, body: { message: 'The request is invalid.', modelState } };
}

// ---- query parsing -------------------------------------------------------------------------

function intParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isInteger(value) ? value : null;
}

/**
 * `ids[]=1&ids[]=2` (Ember, WordPress), and harmlessly also `ids=1,2`, `ids[0]=1` (PHP's
 * http_build_query) and comma lists inside any of them.
 */
function idsParam(query: URLSearchParams): number[] | null {
  let found = false;
  const ids: number[] = [];
  for (const [key, value] of query) {
    if (!/^ids(\[\d*\])?$/i.test(key)) continue;
    found = true;
    for (const part of value.split(',')) {
      const id = Number(part.trim());
      if (part.trim() !== '' && Number.isInteger(id)) ids.push(id);
    }
  }
  return found ? ids : null;
}

const INCLUDE_ALIASES: Record<string, string> = {
  reels: 'reel',
  vods: 'vod',
  categories: 'category',
  producers: 'producer',
  projects: 'project',
  locations: 'location',
  shows: 'show',
  vodconfigurations: 'vodconfiguration',
};

function includesParam(query: URLSearchParams): Set<string> {
  const out = new Set<string>();
  for (const value of query.getAll('include')) {
    for (const part of value.split(',')) {
      const name = part.trim().toLowerCase();
      if (name) out.add(INCLUDE_ALIASES[name] ?? name);
    }
  }
  return out;
}

interface Page<T> {
  items: T[];
  meta: { offset: number; pageSize: number; count: number };
}

/** `offset` is a page number or an item index depending on the server (doc §4: open question). */
function paginate<T>(all: readonly T[], query: URLSearchParams, settings: ServerSettings): Page<T> {
  const requestedSize = intParam(query, 'page_size');
  const pageSize =
    requestedSize === null || requestedSize === 0 || requestedSize < -1
      ? settings.defaultPageSize
      : requestedSize;
  const offset = Math.max(0, intParam(query, 'offset') ?? 0);
  const everything = pageSize === -1;
  const start = settings.offsetMode === 'index' ? offset : everything ? 0 : offset * pageSize;
  const items = everything ? all.slice(start) : all.slice(start, start + pageSize);
  return { items, meta: { offset, pageSize, count: all.length } };
}

// ---- sideloading ---------------------------------------------------------------------------

function uniquePush<T extends { id: number }>(target: Map<number, T>, record: T | undefined): void {
  if (record && !target.has(record.id)) target.set(record.id, record);
}

function idList(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((id): id is number => typeof id === 'number') : [];
}

function idOf(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

/** `include=` on shows: the related records as extra plural root arrays. */
function showSideloads(
  shows: readonly ShowDto[],
  include: Set<string>,
  data: SimulatorData,
): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  if (include.size === 0) return out;
  const collect = <T extends { id: number }>(
    name: string,
    key: string,
    ids: (show: ShowDto) => number[],
    lookup: ReadonlyMap<number, T>,
  ): void => {
    if (!include.has(name)) return;
    const found = new Map<number, T>();
    for (const show of shows) for (const id of ids(show)) uniquePush(found, lookup.get(id));
    out[key] = [...found.values()];
  };
  const one = (value: unknown): number[] => {
    const id = idOf(value);
    return id === null ? [] : [id];
  };
  collect('reel', 'reels', (show) => idList(show.reels), data.reels);
  collect('vod', 'vods', (show) => idList(show.vods), data.vods);
  collect('category', 'categories', (show) => one(show.category), data.categories);
  collect('producer', 'producers', (show) => one(show.producer), data.producers);
  collect('project', 'projects', (show) => one(show.project), data.projects);
  collect('location', 'locations', (show) => one(show.location), data.locations);
  return out;
}

function vodSideloads(
  vods: readonly VodDto[],
  include: Set<string>,
  data: SimulatorData,
): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  if (include.has('show')) {
    const found = new Map<number, ShowDto>();
    for (const vod of vods) {
      const show = data.getShow(vod.show);
      if (show && !found.has(vod.show)) found.set(vod.show, show);
    }
    out.shows = [...found.values()];
  }
  if (include.has('vodconfiguration')) {
    const found = new Map<number, unknown>();
    for (const vod of vods) {
      const config = data.vodConfigurations.get(vod.vodConfiguration);
      if (config) found.set(config.id, config);
    }
    out.vodConfigurations = [...found.values()];
  }
  return out;
}

// ---- bodies --------------------------------------------------------------------------------

export type JsonBody = { ok: true; value: unknown } | { ok: false; result: RouteResult };

/** ASP.NET only binds JSON when the Content-Type says so; anything else is a 415. */
export function readJson(ctx: RouteContext): JsonBody {
  const type = (ctx.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && type !== 'text/json') {
    return {
      ok: false,
      result: message(
        415,
        `The request entity's media type '${type || 'none'}' is not supported for this resource.`,
      ),
    };
  }
  try {
    return { ok: true, value: JSON.parse(ctx.body.toString('utf8')) as unknown };
  } catch {
    return { ok: false, result: invalid({ body: ['The request body is not valid JSON.'] }) };
  }
}

const nullableString = z.string().nullable();
const nullableId = z.number().int().nullable();
const dateString = z
  .string()
  .nullable()
  .refine(
    (value) => value === null || parseCablecastDate(value, '+00:00') !== null,
    'Not a valid date.',
  );

/** The show fields a client may write; read-only and unknown fields are ignored, as ASP.NET does. */
const showWriteSchema = z
  .object({
    title: z.string(),
    cgTitle: nullableString,
    comments: nullableString,
    eventDate: dateString,
    killDateStart: dateString,
    killDateEnd: dateString,
    location: z.number().int(),
    category: nullableId,
    producer: nullableId,
    project: nullableId,
    custom1: nullableString,
    custom2: nullableString,
    custom3: nullableString,
    custom4: nullableString,
    custom5: nullableString,
    custom6: nullableString,
    custom7: nullableString,
    custom8: nullableString,
    cgExempt: z.boolean(),
    podcastExempt: z.boolean(),
    liveIpExempt: z.boolean(),
    localId: nullableString,
    bugText: nullableString,
    crawlText: nullableString,
    crawlLength: z.number().int(),
    ageRating: nullableString,
    contentRating: nullableString,
    thumbnail: nullableId,
    thumbnailAltText: nullableString,
    generateCaptions: z.boolean(),
    captionLanguage: nullableString,
    captionProvider: nullableString,
    captionVocabulary: nullableString,
    customFields: z.array(
      z.object({
        showField: z.number().int(),
        value: z.unknown(),
        fieldValueString: nullableString.optional(),
      }),
    ),
  })
  .partial();

type ShowWrite = z.infer<typeof showWriteSchema>;

export function zodModelState(error: z.ZodError, prefix: string): Record<string, string[]> {
  const state: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].join('.');
    (state[key] ??= []).push(issue.message);
  }
  return state;
}

function parseShowWrite(
  ctx: RouteContext,
): { ok: true; value: ShowWrite } | { ok: false; result: RouteResult } {
  const json = readJson(ctx);
  if (!json.ok) return json;
  const envelope = z.object({ show: z.record(z.string(), z.unknown()) }).safeParse(json.value);
  if (!envelope.success)
    return { ok: false, result: invalid({ show: ['A "show" object is required.'] }) };
  const parsed = showWriteSchema.safeParse(envelope.data.show);
  if (!parsed.success) return { ok: false, result: invalid(zodModelState(parsed.error, 'show')) };
  const value = parsed.data;
  const { data } = ctx;
  const state: Record<string, string[]> = {};
  const exists = (field: 'category' | 'producer' | 'project', map: Map<number, unknown>): void => {
    const id = value[field];
    if (typeof id === 'number' && !map.has(id))
      state[`show.${field}`] = [`${field} ${id} does not exist.`];
  };
  exists('category', data.categories);
  exists('producer', data.producers);
  exists('project', data.projects);
  if (value.location !== undefined && !data.locations.has(value.location)) {
    state['show.location'] = [`location ${value.location} does not exist.`];
  }
  for (const item of value.customFields ?? []) {
    if (!data.showFields.has(item.showField)) {
      (state['show.customFields'] ??= []).push(`showField ${item.showField} does not exist.`);
    }
  }
  if (Object.keys(state).length > 0) return { ok: false, result: invalid(state) };
  return { ok: true, value };
}

// ---- handlers ------------------------------------------------------------------------------

function listShows(ctx: RouteContext): RouteResult {
  const { data, query } = ctx;
  const ids = idsParam(query);
  const location = intParam(query, 'location');
  const search = query.get('search')?.trim().toLowerCase() ?? '';
  let ordered: readonly number[];
  if (ids) {
    // A few ids: sort them by their rank instead of scanning the whole catalog.
    ordered = [...new Set(ids)]
      .filter((id) => data.shows.has(id))
      .sort((a, b) => data.defaultRank(a) - data.defaultRank(b));
  } else {
    ordered = data.showIdsInDefaultOrder();
  }
  if (location !== null)
    ordered = ordered.filter((id) => data.showKeysOf(id)?.location === location);
  // Text search reads the records: the first one over a lazily seeded catalog builds it all.
  if (search !== '') ordered = ordered.filter((id) => data.searchTextOf(id).includes(search));
  const page = paginate(ordered, query, ctx.settings);
  const shows = page.items.map((id) => data.getShow(id)).filter((show): show is ShowDto => !!show);
  return {
    status: 200,
    body: { shows, ...showSideloads(shows, includesParam(query), data), meta: page.meta },
  };
}

function getShow(ctx: RouteContext): RouteResult {
  const show = ctx.data.getShow(Number(ctx.params[0]));
  if (!show) return notFound('Show', ctx.params[0]);
  return {
    status: 200,
    body: { meta: null, show, ...showSideloads([show], includesParam(ctx.query), ctx.data) },
  };
}

/** The schema's output must stay assignable to what the store accepts. */
function writeInput(value: ShowWrite): ShowInput {
  return value;
}

function createShow(ctx: RouteContext): RouteResult {
  const parsed = parseShowWrite(ctx);
  if (!parsed.ok) return parsed.result;
  if (!parsed.value.title?.trim())
    return invalid({ 'show.title': ['The Title field is required.'] });
  const show = ctx.data.addShow(writeInput(parsed.value));
  return { status: 200, body: { show } };
}

function updateShow(ctx: RouteContext): RouteResult {
  const parsed = parseShowWrite(ctx);
  if (!parsed.ok) return parsed.result;
  const show = ctx.data.updateShow(Number(ctx.params[0]), writeInput(parsed.value));
  if (!show) return notFound('Show', ctx.params[0]);
  return { status: 200, body: { show } };
}

function deleteShow(ctx: RouteContext): RouteResult {
  if (!ctx.data.deleteShow(Number(ctx.params[0]))) return notFound('Show', ctx.params[0]);
  return { status: 204 };
}

function advancedSearch(ctx: RouteContext): RouteResult {
  const json = readJson(ctx);
  if (!json.ok) return json.result;
  const parsed = savedShowSearchBodySchema.safeParse(json.value);
  if (!parsed.success) return invalid(zodModelState(parsed.error, 'savedShowSearch'));
  const query = normaliseQuery(parsed.data.savedShowSearch.query);
  try {
    const results = runAdvancedSearch(ctx.data, query);
    const saved = ctx.data.saveShowSearch({
      name: parsed.data.savedShowSearch.name ?? '',
      query,
      results,
    });
    return { status: 200, body: { savedShowSearch: saved } };
  } catch (error) {
    if (error instanceof SearchQueryError) return message(400, error.message);
    throw error;
  }
}

function runSavedSearch(ctx: RouteContext): RouteResult {
  const saved = ctx.data.savedShowSearches.get(Number(ctx.params[0]));
  if (!saved) return notFound('Saved show search', ctx.params[0]);
  saved.results = runAdvancedSearch(ctx.data, saved.query);
  return { status: 200, body: { savedShowSearch: saved } };
}

function listVods(ctx: RouteContext): RouteResult {
  const { data, query } = ctx;
  const ids = idsParam(query);
  // Unknown filters such as `showId` are ignored, as the real server does (doc §2.2).
  const all = ids
    ? [...new Set(ids)].filter((id) => data.vods.has(id)).sort((a, b) => b - a)
    : data.vodIdsInDefaultOrder();
  const page = paginate(all, query, ctx.settings);
  const vods = page.items.map((id) => data.getVod(id)).filter((vod): vod is VodDto => !!vod);
  return {
    status: 200,
    body: { vods, ...vodSideloads(vods, includesParam(query), data), meta: page.meta },
  };
}

function getVod(ctx: RouteContext): RouteResult {
  const vod = ctx.data.vods.get(Number(ctx.params[0]));
  if (!vod) return notFound('Vod', ctx.params[0]);
  // The real single VOD GET has no `meta` key (doc §3.1).
  return { status: 200, body: { vod, ...vodSideloads([vod], includesParam(ctx.query), ctx.data) } };
}

/** `01:02:03.000`: a WebVTT timestamp. */
function vttTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(whole / 3600))}:${two(Math.floor(whole / 60) % 60)}:${two(whole % 60)}.000`;
}

/** Chapters the public sees ([PS], [WP]): published, not deleted or hidden, by offset. */
function publicChapters(vod: VodDto, data: SimulatorData): ChapterDto[] {
  if (!vod.chaptersPublished) return [];
  return data
    .chaptersOfVod(vod.id)
    .filter((chapter) => !chapter.deleted && !chapter.hidden)
    .sort((a, b) => a.offset - b.offset);
}

function vodChapterVtt(ctx: RouteContext): RouteResult {
  const vod = ctx.data.vods.get(Number(ctx.params[0]));
  if (!vod) return notFound('Vod', ctx.params[0]);
  // Real servers answer an empty file for VODs without published chapters (doc §2.2). The cue
  // layout for the others is not documented; one cue per chapter until the next is a guess.
  const chapters = publicChapters(vod, ctx.data);
  const cues = chapters.map((chapter, index) => {
    const end = chapters[index + 1]?.offset ?? Math.max(chapter.offset + 1, vod.length);
    return `${vttTime(chapter.offset)} --> ${vttTime(end)}\n${chapter.title}\n`;
  });
  return {
    status: 200,
    text: { contentType: 'text/vtt; charset=utf-8', body: `WEBVTT FILE\n\n${cues.join('\n')}` },
  };
}

/**
 * `GET /chapters?vod=`: every chapter record of the VOD, drafts, deleted and hidden ones included
 * (clients filter, as TRMS's own do). `ids[]` also works; with neither, every chapter.
 */
function listChapters(ctx: RouteContext): RouteResult {
  const { data, query } = ctx;
  const vod = intParam(query, 'vod');
  const ids = idsParam(query);
  let chapters: ChapterDto[];
  if (vod !== null) chapters = data.chaptersOfVod(vod);
  else if (ids) {
    chapters = [...new Set(ids)]
      .map((id) => data.chapters.get(id))
      .filter((c): c is ChapterDto => !!c);
  } else {
    // Builds every lazily seeded show: fine for a simulator, and nobody lists all chapters.
    chapters = [...data.chapters.values()].sort((a, b) => a.id - b.id);
  }
  if (ids && vod !== null) chapters = chapters.filter((c) => ids.includes(c.id));
  return { status: 200, body: { chapters } };
}

function getChapter(ctx: RouteContext): RouteResult {
  const chapter = ctx.data.chapters.get(Number(ctx.params[0]));
  return chapter ? { status: 200, body: { chapter } } : notFound('Chapter', ctx.params[0]);
}

function getVodStatus(ctx: RouteContext): RouteResult {
  const vod = ctx.data.vods.get(Number(ctx.params[0]));
  if (!vod) return notFound('VodStatus', ctx.params[0]);
  return {
    status: 200,
    body: {
      vodStatus: {
        id: vod.id,
        vodState: vod.vodState,
        percentComplete: vod.percentComplete,
        errorMessage: vod.errorMessage,
      },
    },
  };
}

/** GET list + GET by id for a simple table, with the optional `?location=` filter. */
function tableRoutes<T extends { id: number; location?: number }>(
  path: string,
  plural: string,
  singular: string,
  table: (data: SimulatorData) => Map<number, T>,
): Route[] {
  return [
    {
      method: 'GET',
      pattern: new RegExp(`^/${path}$`),
      access: 'public',
      handle: (ctx) => {
        const location = intParam(ctx.query, 'location');
        const all = [...table(ctx.data).values()];
        const items = location === null ? all : all.filter((item) => item.location === location);
        return { status: 200, body: { [plural]: items } };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/${path}/(\\d+)$`),
      access: 'public',
      handle: (ctx) => {
        const item = table(ctx.data).get(Number(ctx.params[0]));
        if (!item) return notFound(singular, ctx.params[0]);
        return { status: 200, body: { [singular]: item } };
      },
    },
  ];
}

function systemInfo(ctx: RouteContext): RouteResult {
  const { data, settings } = ctx;
  const now = data.formatDate(Date.now());
  const friendly = settings.cablecastVersion.split('.').slice(0, 3).join('.');
  const info = {
    hardwareID: settings.hardwareId,
    cablecastVersion: settings.cablecastVersion,
    cablecastFriendlyVersion: friendly,
    siteName: data.locations.values().next().value?.name ?? 'Cablecast',
    databaseBackupsConfigured: true,
    softwareMetricsConfigured: false,
    updatesAvailable: false,
    baseUrlForEmbeds: data.baseUrl,
    updateInProgress: false,
    serverUpdateStatuses: [
      {
        server: 1,
        serverName: 'CABLECAST-VIO1',
        serverVersion: settings.cablecastVersion,
        connectionState: 'ok',
        lastSeen: now,
        serverJobStatus: null,
      },
    ],
    activeReleaseStatus: null,
    timestamp: now,
  };
  return {
    status: 200,
    body: settings.systemInfoEnvelope === 'enveloped' ? { systemInfo: info } : info,
  };
}

/** What ASP.NET answers for a path it has no route for (an older server without the endpoint). */
function noSuchResource(): RouteResult {
  return message(404, 'No HTTP resource was found that matches the request URI.');
}

function listTranscodeQualities(ctx: RouteContext): RouteResult {
  if (ctx.settings.transcodeQualityList === 'absent') return noSuchResource();
  const ids = idsParam(ctx.query);
  const all = [...ctx.data.vodTranscodeQualities.values()];
  const qualities = ids ? all.filter((quality) => ids.includes(quality.id)) : all;
  return { status: 200, body: { vodTranscodeQualities: qualities } };
}

function getTranscodeQuality(ctx: RouteContext): RouteResult {
  if (ctx.settings.transcodeQualityList === 'absent') return noSuchResource();
  const quality = ctx.data.vodTranscodeQualities.get(Number(ctx.params[0]));
  if (!quality) return notFound('VodTranscodeQuality', ctx.params[0]);
  return { status: 200, body: { vodTranscodeQuality: quality } };
}

/** (inferred) The envelope of `/filestores` is not shown anywhere public; see `fileStoreList`. */
function listFileStores(ctx: RouteContext): RouteResult {
  const mode = ctx.settings.fileStoreList;
  if (mode === 'absent') return noSuchResource();
  const location = intParam(ctx.query, 'location');
  const all = [...ctx.data.fileStores.values()];
  const stores =
    location === null
      ? all
      : all.filter((store) => store.location === null || store.location === location);
  return { status: 200, body: mode === 'bare' ? stores : { fileStores: stores } };
}

function getFileStore(ctx: RouteContext): RouteResult {
  const mode = ctx.settings.fileStoreList;
  if (mode === 'absent') return noSuchResource();
  const store = ctx.data.fileStores.get(Number(ctx.params[0]));
  if (!store) return notFound('FileStore', ctx.params[0]);
  return { status: 200, body: mode === 'bare' ? store : { fileStore: store } };
}

function userSession(ctx: RouteContext): RouteResult {
  const user = ctx.user;
  if (ctx.settings.userSession === 'absent' || !user)
    return message(404, 'No HTTP resource was found that matches the request URI.');
  const session = { user: user.username, isAdmin: user.isAdmin, permissions: permissionsFor(user) };
  return { status: 200, body: ctx.settings.userSession === 'bare' ? session : { session } };
}

const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/systeminfo$/, access: 'public', handle: systemInfo },
  { method: 'GET', pattern: /^\/usersession$/, access: 'user', handle: userSession },
  { method: 'GET', pattern: /^\/shows$/, access: 'public', handle: listShows },
  { method: 'POST', pattern: /^\/shows$/, access: 'write', handle: createShow },
  {
    method: 'POST',
    pattern: /^\/shows\/search\/advanced$/,
    access: 'public',
    handle: advancedSearch,
  },
  {
    method: 'GET',
    pattern: /^\/shows\/search\/advanced$/,
    access: 'public',
    handle: (ctx) => ({
      status: 200,
      body: { savedShowSearches: [...ctx.data.savedShowSearches.values()] },
    }),
  },
  {
    method: 'GET',
    pattern: /^\/shows\/search\/advanced\/(\d+)$/,
    access: 'public',
    handle: runSavedSearch,
  },
  { method: 'GET', pattern: /^\/shows\/(\d+)$/, access: 'public', handle: getShow },
  { method: 'PUT', pattern: /^\/shows\/(\d+)$/, access: 'write', handle: updateShow },
  { method: 'DELETE', pattern: /^\/shows\/(\d+)$/, access: 'write', handle: deleteShow },
  { method: 'GET', pattern: /^\/vods$/, access: 'public', handle: listVods },
  { method: 'GET', pattern: /^\/vods\/(\d+)$/, access: 'public', handle: getVod },
  { method: 'GET', pattern: /^\/vods\/(\d+)\/chapters$/, access: 'public', handle: vodChapterVtt },
  { method: 'GET', pattern: /^\/vodstatuses\/(\d+)$/, access: 'public', handle: getVodStatus },
  { method: 'GET', pattern: /^\/chapters$/, access: 'public', handle: listChapters },
  { method: 'GET', pattern: /^\/chapters\/(\d+)$/, access: 'public', handle: getChapter },
  {
    method: 'GET',
    pattern: /^\/reels\/(\d+)$/,
    access: 'public',
    handle: (ctx) => {
      const reel = ctx.data.reels.get(Number(ctx.params[0]));
      return reel ? { status: 200, body: { reel } } : notFound('Reel', ctx.params[0]);
    },
  },
  {
    method: 'GET',
    pattern: /^\/locations$/,
    access: 'public',
    handle: (ctx) => ({
      status: 200,
      body: {
        locations: [...ctx.data.locations.values()],
        controlModuleSets: [...ctx.data.controlModuleSets.values()],
      },
    }),
  },
  ...tableRoutes('locations', 'locations', 'location', (data) => data.locations).slice(1),
  ...tableRoutes('categories', 'categories', 'category', (data) => data.categories),
  ...tableRoutes('producers', 'producers', 'producer', (data) => data.producers),
  ...tableRoutes('projects', 'projects', 'project', (data) => data.projects),
  ...tableRoutes(
    'vodconfigurations',
    'vodConfigurations',
    'vodConfiguration',
    (data) => data.vodConfigurations,
  ),
  {
    method: 'GET',
    pattern: /^\/vodtranscodequalities$/,
    access: 'public',
    handle: listTranscodeQualities,
  },
  {
    method: 'GET',
    pattern: /^\/vodtranscodequalities\/(\d+)$/,
    access: 'public',
    handle: getTranscodeQuality,
  },
  // (inferred) Store names are the station's set-up, not public catalogue data: credentials needed.
  { method: 'GET', pattern: /^\/filestores$/, access: 'user', handle: listFileStores },
  { method: 'GET', pattern: /^\/filestores\/(\d+)$/, access: 'user', handle: getFileStore },
  {
    method: 'GET',
    pattern: /^\/showfields$/,
    access: 'public',
    handle: (ctx) => ({
      status: 200,
      body: {
        showFields: [...ctx.data.showFields.values()],
        fieldDefinitions: [...ctx.data.fieldDefinitions.values()],
      },
    }),
  },
  {
    method: 'GET',
    pattern: /^\/showfields\/(\d+)$/,
    access: 'public',
    handle: (ctx) => {
      const field = ctx.data.showFields.get(Number(ctx.params[0]));
      return field
        ? { status: 200, body: { showField: field } }
        : notFound('ShowField', ctx.params[0]);
    },
  },
];

type RouteMatch =
  | { kind: 'found'; route: Route; params: string[] }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

/**
 * `path` is the lower-cased API path without the prefix and without a trailing slash. `extra`
 * routes (the write side's) are matched after the built-in ones.
 */
export function matchRoute(method: string, path: string, extra: readonly Route[] = []): RouteMatch {
  const allow: string[] = [];
  const wanted = method === 'HEAD' ? 'GET' : method;
  for (const route of [...ROUTES, ...extra]) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method === wanted) return { kind: 'found', route, params: match.slice(1) };
    allow.push(route.method);
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
}

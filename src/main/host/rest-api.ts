import { z } from 'zod';
import type { Access, MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { SHOW_SORT_FIELDS, VOD_STATES, type ShowFilter } from '../../shared/catalog';
import { RECORDING_STATES, type RecordingDraft } from '../../shared/library';
import {
  PUBLISH_JOB_STATES,
  type PublishBatchView,
  type PublishJobRow,
  type PublishOptions,
} from '../../shared/publishing';
import type { ErrorCode, ErrorInfo } from '../../shared/result';
import { describeCaller, zodErrorToInfo, type Caller, type Dispatcher } from '../contract';

/*
 * The original Archivist's REST API (and what a station's scripts need beside it), carried onto
 * the contract: every route validates its path, query and body with zod, then calls the same
 * dispatcher the UI calls, as the bearer of the token it presented. Answers keep the original's
 * shapes: `{ success: true, ... }`, or `{ success: false, error }` with a fitting status.
 */

/** A route's answer: a status and a JSON body. */
export interface RestReply {
  status: number;
  body: Record<string, unknown>;
}

interface RestInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

/** What a route's handler has: the validated input, and calls into the core as its caller. */
export interface RestContext<P = unknown, Q = unknown, B = unknown> {
  params: P;
  query: Q;
  body: B;
  caller: Caller;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Resolves at the next event of the core (or after `ms`), to wait without polling hard. */
  nextEvent(ms: number): Promise<void>;
  /** The host's own address, for links to follow. */
  base: string;
}

export interface RestRoute {
  method: 'GET' | 'POST';
  /** OpenAPI style: `/api/vod/publish/{id}`. */
  path: string;
  summary: string;
  description: string;
  /** The least access it needs (each call inside is checked by the dispatcher again). */
  access: Access;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success answer's shape, for the OpenAPI document. */
  response: z.ZodType;
  /** Other statuses it answers with, beside the common ones. */
  statuses?: Record<number, string>;
  run(ctx: RestContext<any, any, any>): Promise<RestReply>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A failed call into the core, carried to the reply. */
export class RestFailure extends Error {
  constructor(
    readonly status: number,
    readonly info: ErrorInfo,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(info.message);
  }
}

/**
 * The HTTP status for an error from the core. The host's own 401 (no token, a wrong or revoked one)
 * is answered before any call; an `UNAUTHENTICATED` from the core means the Cablecast server refused
 * the app's account, a fault upstream of the caller, hence 502.
 */
const STATUS_OF: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 502,
  PERMISSION_DENIED: 403,
  FORBIDDEN: 403,
  FORBIDDEN_SENDER: 403,
  UNKNOWN_METHOD: 404,
  CONFLICT: 409,
  FAILED_PRECONDITION: 409,
  CANCELLED: 409,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  BAD_RESPONSE: 502,
  INTERNAL: 500,
};

export function statusOf(code: ErrorCode): number {
  return STATUS_OF[code];
}

/** `{ success: false, error, code, path? }`: the original's shape with the code and field path. */
export function failureBody(info: ErrorInfo, extra: Record<string, unknown> = {}) {
  return {
    success: false,
    error: info.message,
    code: info.code,
    ...(info.path === undefined ? {} : { path: info.path }),
    ...extra,
  };
}

// ---- schemas ------------------------------------------------------------------------------------

/** A whole number from a query string or a path, with a message that says what was expected. */
const whole = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: 'Use a whole number.' })
    .int('Use a whole number.')
    .min(min, `Use a number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}.`)
    .max(max, `Use a number from ${min} to ${max}.`);
const Id = whole(1);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date as YYYY-MM-DD.');
const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .meta({ description: '`true` or `false`' });
const idList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'Use ids separated by commas, such as 3,7.')
  .transform((v) => v.split(',').map(Number))
  .meta({ description: 'Ids separated by commas' });

const Failure = z
  .object({
    success: z.literal(false),
    error: z.string().meta({ description: 'What was wrong, in words.' }),
    code: z.string(),
    path: z.string().optional().meta({ description: 'The field at fault: `body.settings.title`.' }),
  })
  .meta({ id: 'Failure' });

const ShowsQuery = z
  .object({
    q: z.string().max(500).default('').meta({ description: 'Search text, as the Shows screen.' }),
    page: Id.default(1),
    page_size: whole(1, 1000).default(100),
    sort: z.enum(SHOW_SORT_FIELDS).default('eventDate'),
    order: z.enum(['asc', 'desc']).default('desc'),
    date_from: day.optional(),
    date_to: day.optional(),
    category: idList.optional(),
    project: idList.optional(),
    producer: idList.optional(),
    location: idList.optional(),
    has_vod: flag.optional(),
    has_captions: flag.optional(),
    vod_state: z
      .string()
      .transform((v) => v.split(','))
      .pipe(z.array(z.enum(VOD_STATES)))
      .optional()
      .meta({ description: `VOD states separated by commas: ${VOD_STATES.join(', ')}` }),
    edits: z.enum(['unpushed', 'conflict']).optional(),
  })
  .strict();

const SyncQuery = z
  .object({
    wait: flag.default(false).meta({ description: 'Answer once the sync has ended.' }),
    full: flag.default(false).meta({ description: 'A full sync instead of an incremental one.' }),
  })
  .strict();

const WaitQuery = z
  .object({
    wait: flag
      .default(true)
      .meta({ description: 'Answer once published (default); `false` answers 202 at once.' }),
    timeout: z.coerce
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(600)
      .meta({ description: 'Seconds to wait before answering 202 with the job to follow.' }),
  })
  .strict();

/** The publish settings the original accepted, in its names. */
export const PublishSettingsSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .optional()
      .meta({ description: "The VOD's title as viewers see it: the show's public title." }),
    description: z.string().max(20_000).optional(),
    tags: z
      .union([
        z.array(z.string().trim().min(1).max(64)).max(50),
        z.string().transform((v) =>
          v
            .split(',')
            .map((t) => t.trim())
            .filter((t) => t !== ''),
        ),
      ])
      .optional()
      .meta({ description: 'A list, or one string separated by commas.' }),
    quality: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: "A VOD quality's id (as `VOD_DEFAULT_QUALITY`)." }),
    enable_captions: z.boolean().optional(),
    auto_generate_title: z
      .boolean()
      .optional()
      .meta({ description: "Take the title from the recording's summary." }),
    auto_generate_description: z
      .boolean()
      .optional()
      .meta({ description: "Take the description from the recording's summary." }),
  })
  .strict()
  .meta({ id: 'PublishSettings' });

type PublishSettings = z.output<typeof PublishSettingsSchema>;

const PublishBody = PublishSettingsSchema.extend({
  settings: PublishSettingsSchema.optional(),
})
  .strict()
  .default({});

const BatchBody = z
  .object({
    transcription_ids: z
      .array(z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]))
      .min(1, 'List at least one recording id.')
      .max(1000)
      .meta({ description: 'Recording ids (the Transcriptions screen).' }),
    settings: PublishSettingsSchema.default({}),
  })
  .strict();

const IdParams = z.object({ id: Id }).strict();

const RecordingsQuery = z
  .object({
    state: z
      .string()
      .transform((v) => v.split(','))
      .pipe(z.array(z.enum(RECORDING_STATES)))
      .optional()
      .meta({ description: `States separated by commas: ${RECORDING_STATES.join(', ')}` }),
    q: z.string().max(500).default(''),
  })
  .strict();

const QueueQuery = z
  .object({
    state: z
      .string()
      .transform((v) => v.split(','))
      .pipe(z.array(z.enum(PUBLISH_JOB_STATES)))
      .optional()
      .meta({ description: `States separated by commas: ${PUBLISH_JOB_STATES.join(', ')}` }),
    recording_id: Id.optional(),
  })
  .strict();

const DeliveriesQuery = z
  .object({
    endpoint_id: Id.optional(),
    limit: whole(1, 500).default(100),
  })
  .strict();

const loose = (shape: Record<string, z.ZodType>, id: string) =>
  z.object(shape).catchall(z.unknown()).meta({ id });

const PublishResult = loose(
  {
    success: z.boolean(),
    vod_id: z.number().int(),
    url: z.string().nullable(),
    transcription_id: z.number().int(),
    job_id: z.number().int(),
    show_id: z.number().int(),
    embed_code: z.string().nullable(),
  },
  'PublishResult',
);

const BatchResult = loose(
  {
    transcription_id: z.union([z.number(), z.string()]),
    status: z.enum(['success', 'failed', 'queued']),
    vod_id: z.number().int().nullable(),
    url: z.string().nullable(),
    error: z.string().nullable(),
    job_id: z.number().int().nullable(),
  },
  'BatchItemResult',
);

// ---- helpers ------------------------------------------------------------------------------------

const TERMINAL: ReadonlySet<string> = new Set(['done', 'failed', 'cancelled', 'unknown']);

function jobLink(base: string, jobId: number): string {
  return `${base}/api/jobs/${jobId}`;
}

/** Applies the original's title, description and tags (or a summary's) to a recording's draft. */
async function applyDraftSettings(
  ctx: RestContext,
  recordingId: number,
  settings: PublishSettings,
): Promise<void> {
  const wantsDraft =
    settings.title !== undefined ||
    settings.description !== undefined ||
    settings.tags !== undefined ||
    settings.auto_generate_title === true ||
    settings.auto_generate_description === true;
  if (!wantsDraft) return;
  const detail = await ctx.call('library.get', { id: recordingId });
  let proposal: RecordingDraft | null = null;
  if (settings.auto_generate_title === true || settings.auto_generate_description === true) {
    proposal = await ctx.call('library.draft.propose', { id: recordingId, source: 'summary' });
  }
  const draft = detail.draft;
  await ctx.call('library.draft.save', {
    id: recordingId,
    title: draft.title,
    // The original's `title` is what viewers see: the show's public title.
    cgTitle:
      settings.title ??
      (settings.auto_generate_title === true && proposal
        ? proposal.cgTitle || proposal.title || draft.cgTitle
        : draft.cgTitle),
    description:
      settings.description ??
      (settings.auto_generate_description === true && proposal
        ? proposal.description
        : draft.description),
    tags: settings.tags ?? draft.tags,
    chapters: draft.chapters,
    chaptersSource: draft.chaptersSource,
    fields: draft.fields,
    approved: draft.approvedAt !== null,
  });
}

function publishOptions(settings: PublishSettings): Partial<PublishOptions> {
  return {
    ...(settings.quality === undefined ? {} : { quality: settings.quality }),
    ...(settings.enable_captions === undefined ? {} : { captions: settings.enable_captions }),
  };
}

/** Waits until every job has ended or the time is up; the rows as they are then. */
async function waitForJobs(
  ctx: RestContext,
  jobIds: readonly number[],
  timeoutMs: number,
): Promise<Map<number, PublishJobRow>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = new Map<number, PublishJobRow>();
    for (const id of jobIds) rows.set(id, await ctx.call('publish.get', { id }));
    const open = [...rows.values()].some((row) => !TERMINAL.has(row.state));
    const left = deadline - Date.now();
    if (!open || left <= 0) return rows;
    await ctx.nextEvent(Math.min(left, 1_000));
  }
}

function jobResult(row: PublishJobRow) {
  return {
    success: row.state === 'done',
    transcription_id: row.recordingId,
    vod_id: row.vod?.vodId ?? null,
    url: row.vod?.url ?? null,
    job_id: row.id,
    show_id: row.showId,
    title: row.showTitle,
    embed_code: row.vod?.embedCode ?? null,
    status: row.state,
  };
}

function failedJobMessage(row: PublishJobRow): string {
  if (row.state === 'unknown') {
    return `Publishing recording ${row.recordingId} may have reached Cablecast: check it on the server (Publish queue › Check on server).`;
  }
  if (row.state === 'cancelled') return `Publishing recording ${row.recordingId} was cancelled.`;
  return row.lastError ?? `Publishing recording ${row.recordingId} failed.`;
}

async function enqueue(
  ctx: RestContext,
  recordingIds: number[],
  settings: PublishSettings,
): Promise<PublishBatchView> {
  return ctx.call('publish.enqueue', { recordingIds, options: publishOptions(settings) });
}

function showFilter(query: z.output<typeof ShowsQuery>): Partial<ShowFilter> {
  return {
    text: query.q,
    ...(query.date_from === undefined ? {} : { dateFrom: query.date_from }),
    ...(query.date_to === undefined ? {} : { dateTo: query.date_to }),
    ...(query.category === undefined ? {} : { categoryIds: query.category }),
    ...(query.project === undefined ? {} : { projectIds: query.project }),
    ...(query.producer === undefined ? {} : { producerIds: query.producer }),
    ...(query.location === undefined ? {} : { locationIds: query.location }),
    ...(query.has_vod === undefined ? {} : { hasVod: query.has_vod }),
    ...(query.has_captions === undefined ? {} : { hasCaptions: query.has_captions }),
    ...(query.vod_state === undefined ? {} : { vodStates: query.vod_state }),
    ...(query.edits === undefined ? {} : { edits: query.edits }),
  };
}

// ---- routes -------------------------------------------------------------------------------------

export const REST_ROUTES: readonly RestRoute[] = [
  {
    method: 'GET',
    path: '/api/cablecast/shows',
    tag: 'Shows',
    summary: 'Shows of the local catalog',
    description:
      "A page of the catalog, with the Shows screen's search, filters and sort as query parameters.",
    access: 'read',
    query: ShowsQuery,
    response: loose(
      {
        success: z.literal(true),
        shows: z.array(z.object({ id: z.number().int(), title: z.string() }).catchall(z.unknown())),
        total: z.number().int(),
        page: z.number().int(),
        page_size: z.number().int(),
      },
      'ShowsPage',
    ),
    async run(ctx: RestContext<unknown, z.output<typeof ShowsQuery>>) {
      const q = ctx.query;
      const page = await ctx.call('shows.search', {
        filter: showFilter(q),
        sort: { field: q.sort, direction: q.order },
        offset: (q.page - 1) * q.page_size,
        limit: q.page_size,
      });
      return {
        status: 200,
        body: {
          success: true,
          shows: page.rows,
          total: page.total,
          page: q.page,
          page_size: q.page_size,
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/cablecast/sync/shows',
    tag: 'Shows',
    summary: 'Sync the catalog from Cablecast',
    description:
      'Starts an incremental sync (`full=true`: a full one); `wait=true` answers once it has ended.',
    access: 'operate',
    query: SyncQuery,
    response: loose({ success: z.boolean(), message: z.string() }, 'SyncStarted'),
    async run(ctx: RestContext<unknown, z.output<typeof SyncQuery>>) {
      let status = await ctx.call('sync.start', { mode: ctx.query.full ? 'full' : 'incremental' });
      if (!ctx.query.wait) {
        return {
          status: 202,
          body: { success: true, message: `The ${status.mode ?? 'catalog'} sync started.` },
        };
      }
      while (status.running) {
        await ctx.nextEvent(1_000);
        status = await ctx.call('sync.status', {});
      }
      if (status.error !== null) {
        throw new RestFailure(502, { code: 'BAD_RESPONSE', message: status.error });
      }
      return {
        status: 200,
        body: {
          success: true,
          message: `Synced: ${status.added} new, ${status.updated} updated, ${status.deleted} deleted; ${status.showCount} shows in the catalog.`,
          added: status.added,
          updated: status.updated,
          deleted: status.deleted,
          show_count: status.showCount,
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/vod/publish/{id}',
    tag: 'Publishing',
    summary: 'Publish one recording to Cablecast VOD',
    description:
      'Applies the settings to the draft and the publish, queues it and, unless `wait=false`, answers once the VOD is live (or 202 with the job to follow once `timeout` has passed). A recording already queued joins its job.',
    access: 'operate',
    params: IdParams,
    query: WaitQuery,
    body: PublishBody,
    response: PublishResult,
    statuses: {
      202: 'Queued; follow the job at `status_url`.',
      409: 'The recording cannot be published (the reason is in `error`).',
      502: 'The publish failed (the reason is in `error`).',
    },
    async run(
      ctx: RestContext<
        z.output<typeof IdParams>,
        z.output<typeof WaitQuery>,
        z.output<typeof PublishBody>
      >,
    ) {
      const { settings: nested, ...flat } = ctx.body;
      const settings: PublishSettings = { ...nested, ...flat };
      const id = ctx.params.id;
      await ctx.call('library.get', { id });
      await applyDraftSettings(ctx, id, settings);
      const batch = await enqueue(ctx, [id], settings);
      const job = batch.rows.find((row) => row.recordingId === id);
      if (job === undefined) {
        const reason = batch.skipped.find((s) => s.recordingId === id)?.reason;
        throw new RestFailure(409, {
          code: 'FAILED_PRECONDITION',
          message: reason ?? `Recording ${id} was not queued.`,
        });
      }
      const follow = { job_id: job.id, status_url: jobLink(ctx.base, job.id) };
      if (!ctx.query.wait) {
        return { status: 202, body: { success: true, transcription_id: id, ...follow } };
      }
      const row = (await waitForJobs(ctx, [job.id], ctx.query.timeout * 1000)).get(job.id)!;
      if (!TERMINAL.has(row.state)) {
        return {
          status: 202,
          body: {
            success: true,
            transcription_id: id,
            status: row.state,
            message: 'Still publishing: follow the job.',
            ...follow,
          },
        };
      }
      if (row.state !== 'done') {
        throw new RestFailure(
          502,
          { code: 'FAILED_PRECONDITION', message: failedJobMessage(row) },
          { ...jobResult(row), ...follow },
        );
      }
      return { status: 200, body: jobResult(row) };
    },
  },
  {
    method: 'POST',
    path: '/api/vod/batch-publish',
    tag: 'Publishing',
    summary: 'Publish several recordings',
    description:
      "Queues them as one batch with the settings and, unless `wait=false`, answers once each has ended: one result per id in the original's shape. A batch with failures still answers 200 and says which.",
    access: 'operate',
    query: WaitQuery,
    body: BatchBody,
    response: loose(
      {
        success: z.boolean(),
        results: z.array(BatchResult),
        batch_id: z.string().nullable(),
      },
      'BatchPublished',
    ),
    async run(ctx: RestContext<unknown, z.output<typeof WaitQuery>, z.output<typeof BatchBody>>) {
      const given = ctx.body.transcription_ids;
      const failed = new Map<string, string>();
      const ids: number[] = [];
      for (const raw of given) {
        const id = Number(raw);
        try {
          await ctx.call('library.get', { id });
          await applyDraftSettings(ctx, id, ctx.body.settings);
          ids.push(id);
        } catch (error) {
          if (!(error instanceof RestFailure) || error.status >= 500) throw error;
          failed.set(String(raw), error.message);
        }
      }
      const batch = ids.length === 0 ? null : await enqueue(ctx, ids, ctx.body.settings);
      for (const skipped of batch?.skipped ?? [])
        failed.set(String(skipped.recordingId), skipped.reason);
      const jobOf = new Map((batch?.rows ?? []).map((row) => [row.recordingId, row]));
      const rows = ctx.query.wait
        ? await waitForJobs(
            ctx,
            [...jobOf.values()].map((row) => row.id),
            ctx.query.timeout * 1000,
          )
        : new Map((batch?.rows ?? []).map((row) => [row.id, row]));
      let open = false;
      const results = given.map((raw) => {
        const reason = failed.get(String(raw));
        const job = jobOf.get(Number(raw));
        if (reason !== undefined || job === undefined) {
          return {
            transcription_id: raw,
            status: 'failed' as const,
            vod_id: null,
            url: null,
            error: reason ?? 'Not queued.',
            job_id: null,
          };
        }
        const row = rows.get(job.id) ?? job;
        const ended = TERMINAL.has(row.state);
        if (!ended) open = true;
        return {
          transcription_id: raw,
          status: !ended
            ? ('queued' as const)
            : row.state === 'done'
              ? ('success' as const)
              : ('failed' as const),
          vod_id: row.vod?.vodId ?? null,
          url: row.vod?.url ?? null,
          error: ended && row.state !== 'done' ? failedJobMessage(row) : null,
          job_id: row.id,
          status_url: jobLink(ctx.base, row.id),
          show_id: row.showId,
        };
      });
      return {
        status: open ? 202 : 200,
        body: {
          success: results.every((r) => r.status !== 'failed'),
          results,
          batch_id: batch?.id ?? null,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/recordings',
    tag: 'Recordings',
    summary: 'Recordings of the storage folders, with their states',
    description:
      'Each recording, its state in words (`needs-captions`, `ready`, `published`...) and its link.',
    access: 'read',
    query: RecordingsQuery,
    response: loose({ success: z.literal(true), recordings: z.array(z.unknown()) }, 'Recordings'),
    async run(ctx: RestContext<unknown, z.output<typeof RecordingsQuery>>) {
      const { rows } = await ctx.call('library.list', {
        states: ctx.query.state ?? [],
        text: ctx.query.q,
      });
      return { status: 200, body: { success: true, recordings: rows } };
    },
  },
  {
    method: 'GET',
    path: '/api/recordings/{id}',
    tag: 'Recordings',
    summary: 'One recording: files, captions, draft and link',
    description: "The recording's detail as the Transcriptions screen shows it.",
    access: 'read',
    params: IdParams,
    response: loose({ success: z.literal(true), recording: z.unknown() }, 'Recording'),
    async run(ctx: RestContext<z.output<typeof IdParams>>) {
      return {
        status: 200,
        body: { success: true, recording: await ctx.call('library.get', { id: ctx.params.id }) },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/queue',
    tag: 'Publishing',
    summary: 'The publish queue',
    description:
      'Every publish job with its step, progress and result, and whether the queue is paused.',
    access: 'read',
    query: QueueQuery,
    response: loose(
      { success: z.literal(true), jobs: z.array(z.unknown()), status: z.unknown() },
      'Queue',
    ),
    async run(ctx: RestContext<unknown, z.output<typeof QueueQuery>>) {
      const { rows, status } = await ctx.call('publish.list', {
        states: ctx.query.state ?? [],
        batchId: null,
        recordingId: ctx.query.recording_id ?? null,
      });
      return { status: 200, body: { success: true, jobs: rows, status } };
    },
  },
  {
    method: 'GET',
    path: '/api/jobs/{id}',
    tag: 'Publishing',
    summary: "One publish job's state",
    description: 'The job with each step; `state` is `done` once the VOD is live.',
    access: 'read',
    params: IdParams,
    response: loose({ success: z.literal(true), job: z.unknown() }, 'Job'),
    async run(ctx: RestContext<z.output<typeof IdParams>>) {
      const job = await ctx.call('publish.get', { id: ctx.params.id });
      return { status: 200, body: { success: true, job } };
    },
  },
  {
    method: 'GET',
    path: '/api/webhooks/deliveries',
    tag: 'Webhooks',
    summary: 'The webhook delivery log',
    description: 'Deliveries newest first: event, endpoint, attempts, status, latency, the answer.',
    access: 'admin',
    query: DeliveriesQuery,
    response: loose({ success: z.literal(true), deliveries: z.array(z.unknown()) }, 'Deliveries'),
    async run(ctx: RestContext<unknown, z.output<typeof DeliveriesQuery>>) {
      const { deliveries } = await ctx.call('webhooks.deliveries', {
        endpointId: ctx.query.endpoint_id ?? null,
        limit: ctx.query.limit,
      });
      return { status: 200, body: { success: true, deliveries } };
    },
  },
];

export { Failure as RestFailureSchema };

// ---- matching and running -----------------------------------------------------------------------

interface MatchedRoute {
  route: RestRoute;
  params: Record<string, string>;
}

const compiled = REST_ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${pattern}$`) };
});

/** The route for a path, and whether another method would have matched (for 405). */
export function matchRoute(
  method: string,
  path: string,
): { match: MatchedRoute | null; allowed: string[] } {
  const allowed: string[] = [];
  for (const { route, names, regex } of compiled) {
    const m = regex.exec(path);
    if (m === null) continue;
    allowed.push(route.method);
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { match: { route, params }, allowed };
  }
  return { match: null, allowed };
}

function parsePart(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (schema === undefined) return {};
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const info = zodErrorToInfo(parsed.error, where);
    throw new RestFailure(400, {
      ...info,
      path: info.path === undefined ? where : `${where}.${info.path}`,
    });
  }
  return parsed.data;
}

/** Runs a matched route as the caller: validation, the handler, and failures as replies. */
export async function runRoute(
  matched: MatchedRoute,
  input: RestInput,
  caller: Caller,
  dispatcher: Dispatcher,
  base: string,
): Promise<RestReply> {
  const { route } = matched;
  try {
    if (!caller.access.has(route.access)) {
      throw new RestFailure(403, {
        code: 'FORBIDDEN',
        message: `${route.method} ${route.path} needs ${route.access} access, which ${describeCaller(caller)} does not have.`,
      });
    }
    const ctx: RestContext = {
      params: parsePart(route.params, input.params, 'path'),
      query: parsePart(route.query, input.query, 'query'),
      body: route.body === undefined ? {} : parsePart(route.body, input.body ?? {}, 'body'),
      caller,
      base,
      async call(method, callInput) {
        const result = await dispatcher.dispatch(method, callInput, caller);
        if (!result.ok) throw new RestFailure(statusOf(result.error.code), result.error);
        return result.value as MethodOutput<typeof method>;
      },
      nextEvent(ms) {
        return new Promise((resolve) => {
          const timer = setTimeout(done, ms);
          const unsubscribe = dispatcher.subscribe(() => done());
          function done() {
            clearTimeout(timer);
            unsubscribe();
            resolve();
          }
        });
      },
    };
    return await route.run(ctx);
  } catch (error) {
    if (error instanceof RestFailure) {
      return { status: error.status, body: failureBody(error.info, error.extra) };
    }
    throw error;
  }
}

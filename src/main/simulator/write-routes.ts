import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';
import { MultipartError, multipartBoundary, readMultipart, type PartSink } from './multipart';
import {
  invalid,
  message,
  notFound,
  readJson,
  zodModelState,
  type RouteContext,
  type RouteResult,
  type Route,
} from './routes';
import type { ChapterDto, ReelDto, VodConfigurationDto } from './simulator.dtos';

/*
 * The write side of the API (doc §2.2, §2.3, §5, §7): chunked file uploads, assets, reels, VODs
 * and chapters. Every route runs behind the same fault injection as the reads.
 */

type Parsed<T> = { ok: true; value: T } | { ok: false; result: RouteResult };

/** `{ [key]: {...} }` checked against `schema`; model-state errors name `key.field`. */
function parseEnvelope<S extends z.ZodType>(
  ctx: RouteContext,
  key: string,
  schema: S,
): Parsed<z.output<S>> {
  const json = readJson(ctx);
  if (!json.ok) return json;
  const envelope = z.object({ [key]: z.record(z.string(), z.unknown()) }).safeParse(json.value);
  if (!envelope.success) {
    return { ok: false, result: invalid({ [key]: [`A "${key}" object is required.`] }) };
  }
  const parsed = schema.safeParse(envelope.data[key]);
  if (!parsed.success) return { ok: false, result: invalid(zodModelState(parsed.error, key)) };
  return { ok: true, value: parsed.data };
}

function created(ctx: RouteContext, body: unknown): RouteResult {
  return { status: ctx.settings.createdStatus, body };
}

function deleted(ctx: RouteContext, body: unknown): RouteResult {
  return ctx.settings.deleteStatus === 204 ? { status: 204 } : { status: 200, body };
}

const id = z.number().int();
const nullableString = z.string().nullable();

// ---- file uploads ----------------------------------------------------------------------------

const fileUploadCreateSchema = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, 'The FileName field is required.')
    .refine((name) => !/[\\/]/.test(name), 'A file name, not a path.'),
  destinationStore: id,
  totalSegments: z.number().int().min(1),
  size: z.number().int().min(0),
});

function createFileUpload(ctx: RouteContext): RouteResult {
  const parsed = parseEnvelope(ctx, 'fileUpload', fileUploadCreateSchema);
  if (!parsed.ok) return parsed.result;
  const store = parsed.value.destinationStore;
  if (!ctx.data.fileStores.has(store)) {
    return invalid({ 'fileUpload.destinationStore': [`fileStore ${store} does not exist.`] });
  }
  return created(ctx, { fileUpload: ctx.publishing.createUpload(parsed.value) });
}

function listFileUploads(ctx: RouteContext): RouteResult {
  const name = ctx.query.get('fileName') ?? ctx.query.get('filename');
  const filter = ctx.settings.fileUploadNameFilter === 'honoured' && name ? name : undefined;
  return { status: 200, body: { fileUploads: ctx.publishing.listUploads(filter) } };
}

function getFileUpload(ctx: RouteContext): RouteResult {
  const upload = ctx.publishing.getUpload(Number(ctx.params[0]));
  return upload
    ? { status: 200, body: { fileUpload: upload } }
    : notFound('FileUpload', ctx.params[0]);
}

/** `PUT /fileuploads/{id}` `{fileUpload: {state: 2}}`: every segment is there; process it. */
function updateFileUpload(ctx: RouteContext): RouteResult {
  const parsed = parseEnvelope(ctx, 'fileUpload', z.looseObject({ state: z.number().int() }));
  if (!parsed.ok) return parsed.result;
  const uploadId = Number(ctx.params[0]);
  const upload = ctx.publishing.getUpload(uploadId);
  if (!upload) return notFound('FileUpload', ctx.params[0]);
  if (parsed.value.state !== 2) {
    return invalid({ 'fileUpload.state': ['Only state 2 (UploadingComplete) may be set.'] });
  }
  if (upload.state === 1) {
    const missing = ctx.publishing.missingSegments(uploadId);
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', ...' : '');
      return invalid({ 'fileUpload.state': [`Segments not received: ${shown}.`] });
    }
  } else if (upload.state === 0 || upload.state === 6) {
    return message(400, `File upload ${upload.id} has failed (state ${upload.state}).`);
  }
  // Completing twice is harmless: the second PUT finds it already processing.
  return { status: 200, body: { fileUpload: ctx.publishing.completeUpload(uploadId) } };
}

/** Buffers a small form field (the segment number); anything past 1 KB is dropped. */
function fieldSink(onEnd: (text: string) => void): PartSink {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    write(data) {
      size += data.length;
      if (size <= 1024) chunks.push(Buffer.from(data));
    },
    end() {
      onEnd(Buffer.concat(chunks).toString('utf8'));
    },
  };
}

/**
 * `POST /fileuploads/{id}/upload`: multipart with `segment` (0-based) and `file` (the bytes).
 * The bytes are counted and hashed as they stream in, never kept. A segment counts only once its
 * part arrived whole; sending it again replaces it.
 */
async function uploadSegment(ctx: RouteContext): Promise<RouteResult> {
  const uploadId = Number(ctx.params[0]);
  const upload = ctx.publishing.getUpload(uploadId);
  if (!upload) return notFound('FileUpload', ctx.params[0]);
  if (upload.state !== 1) {
    return message(
      400,
      `File upload ${upload.id} no longer accepts segments (state ${upload.state}).`,
    );
  }
  const boundary = multipartBoundary(ctx.contentType);
  if (boundary === null) {
    return message(
      415,
      `The request entity's media type '${ctx.contentType ?? 'none'}' is not supported for this resource; send multipart/form-data.`,
    );
  }
  let segmentText: string | null = null;
  let files = 0;
  let bytes = 0;
  let hash: Hash | null = null;
  let complete: boolean;
  try {
    ({ complete } = await readMultipart(ctx.request, boundary, (part) => {
      if (part.name === 'file') {
        files += 1;
        bytes = 0;
        hash = ctx.settings.uploadChecksums ? createHash('sha256') : null;
        return {
          write(data) {
            bytes += data.length;
            hash?.update(data);
          },
          end() {},
        };
      }
      return fieldSink((text) => {
        if (part.name === 'segment') segmentText = text.trim();
      });
    }));
  } catch (error) {
    if (error instanceof MultipartError) return message(400, error.message);
    // The client went away mid-body: nothing is recorded.
    complete = false;
  }
  if (!complete) return message(400, 'The multipart body ended before its closing boundary.');
  if (files !== 1) return invalid({ file: ['Exactly one "file" part is required.'] });
  const segment = segmentText === null ? NaN : Number(segmentText);
  if (!Number.isInteger(segment) || segment < 0 || segment >= upload.totalSegments) {
    return invalid({
      segment: [`A segment number from 0 to ${upload.totalSegments - 1} is required.`],
    });
  }
  const digest = (hash as Hash | null)?.digest('hex') ?? null;
  ctx.publishing.recordSegment(uploadId, segment, bytes, digest);
  return { status: 200, body: { fileUpload: ctx.publishing.getUpload(uploadId) } };
}

// ---- assets ----------------------------------------------------------------------------------

function listAssets(ctx: RouteContext): RouteResult {
  const name = ctx.query.get('fileName') ?? ctx.query.get('filename');
  const filter = ctx.settings.assetNameFilter === 'honoured' && name ? name : undefined;
  return { status: 200, body: { assets: ctx.publishing.listAssets(filter) } };
}

function getAsset(ctx: RouteContext): RouteResult {
  const asset = ctx.publishing.assets.get(Number(ctx.params[0]));
  return asset ? { status: 200, body: { asset } } : notFound('Asset', ctx.params[0]);
}

// ---- reels -----------------------------------------------------------------------------------

const reelWriteSchema = z
  .object({
    media: id.nullable(),
    show: id,
    reelNumber: z.number().int().min(1),
    cue: z.number().min(0),
    length: z.number().min(0),
    title: nullableString,
    chapter: id.nullable(),
    userFileName: nullableString,
  })
  .partial();

type ReelWrite = z.infer<typeof reelWriteSchema>;

function reelInput(value: ReelWrite): Partial<ReelDto> {
  const out: Partial<ReelDto> = {};
  if (value.media !== undefined) out.media = value.media;
  if (value.reelNumber !== undefined) out.reelNumber = value.reelNumber;
  if (value.cue !== undefined) out.cue = value.cue;
  if (value.length !== undefined) out.length = value.length;
  if (value.title !== undefined) out.title = value.title;
  if (value.chapter !== undefined) out.chapter = value.chapter;
  if (value.userFileName !== undefined) out.userFileName = value.userFileName;
  return out;
}

/** Creates one reel from a checked body, or says which field is wrong. */
function addReel(ctx: RouteContext, value: ReelWrite, prefix: string): Parsed<ReelDto> {
  if (value.show === undefined) {
    return { ok: false, result: invalid({ [`${prefix}.show`]: ['The Show field is required.'] }) };
  }
  if (!ctx.data.shows.has(value.show)) {
    return {
      ok: false,
      result: invalid({ [`${prefix}.show`]: [`show ${value.show} does not exist.`] }),
    };
  }
  const reel = ctx.data.addReel(value.show, reelInput(value));
  ctx.publishing.reelChanged(reel, reel.userFileName !== null);
  return { ok: true, value: reel };
}

function createReel(ctx: RouteContext): RouteResult {
  const parsed = parseEnvelope(ctx, 'reel', reelWriteSchema);
  if (!parsed.ok) return parsed.result;
  const reel = addReel(ctx, parsed.value, 'reel');
  return reel.ok ? created(ctx, { reel: reel.value }) : reel.result;
}

function createReels(ctx: RouteContext): RouteResult {
  const json = readJson(ctx);
  if (!json.ok) return json.result;
  const parsed = z.object({ reels: z.array(reelWriteSchema) }).safeParse(json.value);
  if (!parsed.success) return invalid(zodModelState(parsed.error, ''));
  // Check them all first: a batch that fails half-way would leave half its reels behind.
  const state: Record<string, string[]> = {};
  parsed.data.reels.forEach((reel, index) => {
    if (reel.show === undefined) state[`reels[${index}].show`] = ['The Show field is required.'];
    else if (!ctx.data.shows.has(reel.show)) {
      state[`reels[${index}].show`] = [`show ${reel.show} does not exist.`];
    }
  });
  if (Object.keys(state).length > 0) return invalid(state);
  const reels: ReelDto[] = [];
  parsed.data.reels.forEach((value, index) => {
    const reel = addReel(ctx, value, `reels[${index}]`);
    if (reel.ok) reels.push(reel.value);
  });
  return created(ctx, { reels });
}

/** `PUT /reels/{id}`: the whole reel; `userFileName` naming an asset links it. */
function updateReel(ctx: RouteContext): RouteResult {
  const parsed = parseEnvelope(ctx, 'reel', reelWriteSchema);
  if (!parsed.ok) return parsed.result;
  const reelId = Number(ctx.params[0]);
  const current = ctx.data.reels.get(reelId);
  if (!current) return notFound('Reel', ctx.params[0]);
  if (parsed.value.show !== undefined && parsed.value.show !== current.show) {
    return invalid({ 'reel.show': ['A reel cannot move to another show.'] });
  }
  const before = current.userFileName;
  const reel = ctx.data.updateReel(reelId, reelInput(parsed.value));
  if (!reel) return notFound('Reel', ctx.params[0]);
  ctx.publishing.reelChanged(reel, reel.userFileName !== before);
  return { status: 200, body: { reel } };
}

// ---- VODs ------------------------------------------------------------------------------------

/** Why a configuration does not take this quality id, or null when it does (null is "Auto"). */
function qualityRefusal(configuration: VodConfigurationDto, quality: number | null): string | null {
  if (quality === null || configuration.vodTranscodeQualities.includes(quality)) return null;
  return `quality ${quality} is not one of vodConfiguration ${configuration.id}'s vodTranscodeQualities.`;
}

const vodCreateSchema = z.looseObject({
  show: id,
  vodConfiguration: id,
  quality: id.nullish(),
});

function createVod(ctx: RouteContext): RouteResult {
  const parsed = parseEnvelope(ctx, 'vod', vodCreateSchema);
  if (!parsed.ok) return parsed.result;
  const { show, vodConfiguration, quality } = parsed.value;
  const state: Record<string, string[]> = {};
  if (!ctx.data.shows.has(show)) state['vod.show'] = [`show ${show} does not exist.`];
  const configuration = ctx.data.vodConfigurations.get(vodConfiguration);
  if (!configuration) {
    state['vod.vodConfiguration'] = [`vodConfiguration ${vodConfiguration} does not exist.`];
  } else {
    const refused = qualityRefusal(configuration, quality ?? null);
    if (refused) state['vod.quality'] = [refused];
  }
  if (Object.keys(state).length > 0) return invalid(state);
  const vod = ctx.publishing.createVod(show, vodConfiguration, quality ?? null);
  return created(ctx, { vod });
}

/** The VOD fields a client may change; the rest of the full resource it sends is ignored. */
const vodUpdateSchema = z
  .object({
    quality: id.nullable(),
    chaptersPublished: z.boolean(),
    disabled: z.boolean(),
    fileName: nullableString,
  })
  .partial();

function updateVod(ctx: RouteContext): RouteResult {
  const parsed = parseEnvelope(ctx, 'vod', vodUpdateSchema);
  if (!parsed.ok) return parsed.result;
  const vod = ctx.data.vods.get(Number(ctx.params[0]));
  if (!vod) return notFound('Vod', ctx.params[0]);
  // The whole resource comes back: only a quality that changes is checked.
  const configuration = ctx.data.vodConfigurations.get(vod.vodConfiguration);
  const quality = parsed.value.quality;
  const refused =
    configuration && quality !== undefined && quality !== vod.quality
      ? qualityRefusal(configuration, quality)
      : null;
  if (refused) return invalid({ 'vod.quality': [refused] });
  for (const [key, value] of Object.entries(parsed.value)) {
    if (value !== undefined) (vod as unknown as Record<string, unknown>)[key] = value;
  }
  return { status: 200, body: { vod } };
}

function deleteVod(ctx: RouteContext): RouteResult {
  if (ctx.settings.vodDelete === 'unsupported') {
    return {
      status: 405,
      body: { message: "The requested resource does not support http method 'DELETE'." },
      headers: { allow: 'GET, PUT' },
    };
  }
  const vodId = Number(ctx.params[0]);
  const vod = ctx.data.vods.get(vodId);
  if (!vod) return notFound('Vod', ctx.params[0]);
  const snapshot = { ...vod };
  ctx.data.deleteVod(vodId);
  ctx.publishing.forgetVod(vodId);
  return deleted(ctx, { vod: snapshot });
}

// ---- chapters --------------------------------------------------------------------------------

const chapterFields = {
  title: z.string(),
  body: nullableString,
  operatorNote: nullableString,
  offset: z.number().int().min(0),
  quickAdded: z.boolean(),
  order: z.number().int().nullable(),
  deleted: z.boolean(),
  hidden: z.boolean(),
};

const chapterCreateSchema = z.looseObject({ vod: id, ...chapterFields }).partial({
  body: true,
  operatorNote: true,
  quickAdded: true,
  order: true,
  deleted: true,
  hidden: true,
});

const chapterUpdateSchema = z.looseObject({ vod: id, ...chapterFields }).partial();

type ChapterWrite = Partial<Omit<ChapterDto, 'id' | 'vod'>>;

function chapterInput(value: z.infer<typeof chapterUpdateSchema>): ChapterWrite {
  const out: ChapterWrite = {};
  if (value.title !== undefined) out.title = value.title;
  if (value.body !== undefined) out.body = value.body ?? '';
  if (value.operatorNote !== undefined) out.operatorNote = value.operatorNote ?? '';
  if (value.offset !== undefined) out.offset = value.offset;
  if (value.quickAdded !== undefined) out.quickAdded = value.quickAdded;
  if (value.order !== undefined) out.order = value.order;
  if (value.deleted !== undefined) out.deleted = value.deleted;
  if (value.hidden !== undefined) out.hidden = value.hidden;
  return out;
}

function createChapter(ctx: RouteContext): RouteResult {
  const parsed = parseEnvelope(ctx, 'chapter', chapterCreateSchema);
  if (!parsed.ok) return parsed.result;
  const vodId = parsed.value.vod;
  if (!ctx.data.vods.has(vodId))
    return invalid({ 'chapter.vod': [`vod ${vodId} does not exist.`] });
  const chapter = ctx.data.addChapter(vodId, chapterInput(parsed.value));
  ctx.publishing.chapterCreated(vodId, chapter.offset, chapter.title);
  return created(ctx, { chapter });
}

/** What a full replace leaves in fields the body did not send. */
const CHAPTER_DEFAULTS: ChapterWrite = {
  title: '',
  body: '',
  operatorNote: '',
  offset: 0,
  quickAdded: false,
  order: null,
  deleted: false,
  hidden: false,
};

function updateChapter(ctx: RouteContext): RouteResult {
  const parsed = parseEnvelope(ctx, 'chapter', chapterUpdateSchema);
  if (!parsed.ok) return parsed.result;
  const chapterId = Number(ctx.params[0]);
  const current = ctx.data.chapters.get(chapterId);
  if (!current) return notFound('Chapter', ctx.params[0]);
  if (parsed.value.vod !== undefined && parsed.value.vod !== current.vod) {
    return invalid({ 'chapter.vod': ['A chapter cannot move to another VOD.'] });
  }
  const input = chapterInput(parsed.value);
  const patch =
    ctx.settings.chapterUpdate === 'replace' ? { ...CHAPTER_DEFAULTS, ...input } : input;
  return { status: 200, body: { chapter: ctx.data.updateChapter(chapterId, patch) } };
}

function deleteChapter(ctx: RouteContext): RouteResult {
  const chapterId = Number(ctx.params[0]);
  const chapter = ctx.data.chapters.get(chapterId);
  if (!chapter) return notFound('Chapter', ctx.params[0]);
  if (ctx.settings.chapterDelete === 'soft') {
    return deleted(ctx, { chapter: ctx.data.updateChapter(chapterId, { deleted: true }) });
  }
  const snapshot = { ...chapter };
  ctx.data.removeChapter(chapterId);
  return deleted(ctx, { chapter: snapshot });
}

export const WRITE_ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/fileuploads$/, access: 'write', handle: createFileUpload },
  { method: 'GET', pattern: /^\/fileuploads$/, access: 'user', handle: listFileUploads },
  { method: 'GET', pattern: /^\/fileuploads\/(\d+)$/, access: 'user', handle: getFileUpload },
  { method: 'PUT', pattern: /^\/fileuploads\/(\d+)$/, access: 'write', handle: updateFileUpload },
  {
    method: 'POST',
    pattern: /^\/fileuploads\/(\d+)\/upload$/,
    access: 'write',
    stream: true,
    handle: uploadSegment,
  },
  { method: 'GET', pattern: /^\/assets$/, access: 'user', handle: listAssets },
  { method: 'GET', pattern: /^\/assets\/(\d+)$/, access: 'user', handle: getAsset },
  { method: 'POST', pattern: /^\/reels$/, access: 'write', handle: createReel },
  { method: 'POST', pattern: /^\/reels\/batch$/, access: 'write', handle: createReels },
  { method: 'PUT', pattern: /^\/reels\/(\d+)$/, access: 'write', handle: updateReel },
  { method: 'POST', pattern: /^\/vods$/, access: 'write', handle: createVod },
  { method: 'PUT', pattern: /^\/vods\/(\d+)$/, access: 'write', handle: updateVod },
  { method: 'DELETE', pattern: /^\/vods\/(\d+)$/, access: 'write', handle: deleteVod },
  { method: 'POST', pattern: /^\/chapters$/, access: 'write', handle: createChapter },
  { method: 'PUT', pattern: /^\/chapters\/(\d+)$/, access: 'write', handle: updateChapter },
  { method: 'DELETE', pattern: /^\/chapters\/(\d+)$/, access: 'write', handle: deleteChapter },
];

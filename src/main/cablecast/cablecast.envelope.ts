import type { z } from 'zod';
import { formatZodPath } from '../../shared/errors';
import { CablecastError } from './cablecast.errors';
import { FAST_SHAPES, fastCheck } from './cablecast.fast-check';
import {
  CategorySchema,
  ChapterSchema,
  MediaSchema,
  PagingMetaSchema,
  ProducerSchema,
  ProjectSchema,
  ReelSchema,
  VodSchema,
  WebFileSchema,
  type Category,
  type Chapter,
  type Media,
  type PagingMeta,
  type Producer,
  type Project,
  type Reel,
  type Vod,
  type WebFile,
} from './cablecast.schemas';

/*
 * Cablecast's envelope [OV]: one root object; a singular key for one resource (`show`), a plural
 * key for lists (`shows`), `meta {offset, pageSize, count}` on paginated lists, and `include=`
 * sideloads as extra plural arrays (`reels`, `vods`, and both `media` and `medias` for media).
 */

/** Who answered, so schema messages can name the server. */
export interface ResponseContext {
  server: string;
  method?: string;
  url?: string;
}

/** A record that failed its schema while the rest of the list was kept. */
export interface InvalidRecord {
  /** The record's `id` as the server sent it (may itself be the broken field). */
  id: unknown;
  /** Full JSON path, e.g. `shows[3].eventDate`. */
  path: string;
  /** What was wrong, e.g. "expected a date string, got number". */
  message: string;
  /** Envelope key of the list, e.g. `shows` or `reels`. */
  key: string;
  index: number;
}

export type OnInvalid = (info: InvalidRecord) => void;

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function shortValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const EXPECTED_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  nonoptional: 'a value',
};

type Issue = z.core.$ZodIssue;

/** One zod issue in words: "expected a date string, got number". */
export function describeIssue(issue: Issue): string {
  const input = (issue as { input?: unknown }).input;
  const custom = issue.message.startsWith('expected ') ? issue.message : undefined;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = custom ?? `expected ${EXPECTED_WORDS[issue.expected] ?? issue.expected}`;
      // A float where an integer belongs: the type is right, the value is not.
      if (issue.expected === 'int' && typeof input === 'number') return `${expected}, got ${input}`;
      return `${expected}, got ${describeValue(input)}`;
    }
    case 'invalid_union':
      return `expected ${describeUnion(issue)}, got ${describeValue(input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${shortValue(input)}`;
    case 'custom':
      return custom !== undefined ? `${custom}, got ${shortValue(input)}` : issue.message;
    default:
      return custom ?? issue.message;
  }
}

function describeUnion(issue: z.core.$ZodIssueInvalidUnion): string {
  const options = new Set<string>();
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (inner.code === 'invalid_type')
        options.add(EXPECTED_WORDS[inner.expected] ?? inner.expected);
    }
  }
  return options.size > 0 ? [...options].join(' or ') : 'another kind of value';
}

export function schemaError(
  context: ResponseContext,
  path: string,
  detail: string,
): CablecastError {
  const where = path === '' ? '' : ` at ${path}`;
  return new CablecastError({
    kind: 'bad-response',
    message: `Cablecast's response from ${context.server} did not match what we expect${where}: ${detail}.`,
    retryable: false,
    reachedServer: true,
    ...(path === '' ? {} : { path }),
    ...(context.method === undefined ? {} : { method: context.method }),
    ...(context.url === undefined ? {} : { url: context.url }),
  });
}

function firstIssue(
  error: z.ZodError,
  prefix: readonly PropertyKey[],
): { path: string; message: string } {
  const issue = error.issues[0];
  if (issue === undefined) return { path: formatZodPath(prefix), message: 'not accepted' };
  return { path: formatZodPath([...prefix, ...issue.path]), message: describeIssue(issue) };
}

/** Validates a value and turns a mismatch into a `bad-response` naming the field. */
function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  context: ResponseContext,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const { path, message } = firstIssue(result.error, prefix);
  throw schemaError(context, path, message);
}

/** The root must be a JSON object; anything else (an array, a string, nothing) is a broken envelope. */
export function expectEnvelope(body: unknown, context: ResponseContext): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    return body as Record<string, unknown>;
  }
  throw schemaError(context, '', `expected a JSON object, got ${describeValue(body)}`);
}

/**
 * A single resource: `{ "show": {...} }`. `aliases` are other keys some servers use;
 * `allowBare` accepts the DTO itself as the root (the doc leaves some envelopes unsettled).
 */
export function parseResource<S extends z.ZodType>(
  body: unknown,
  key: string,
  schema: S,
  context: ResponseContext,
  options: { aliases?: readonly string[]; allowBare?: boolean } = {},
): z.output<S> {
  const root = expectEnvelope(body, context);
  for (const candidate of [key, ...(options.aliases ?? [])]) {
    const value = root[candidate];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return parseWith(schema, value, context, [candidate]);
    }
    if (value !== undefined && value !== null) {
      throw schemaError(context, candidate, `expected an object, got ${describeValue(value)}`);
    }
  }
  if (options.allowBare === true) return parseWith(schema, root, context);
  throw schemaError(context, key, `expected an object, got ${describeValue(undefined)}`);
}

function expectArray(
  root: Record<string, unknown>,
  key: string,
  context: ResponseContext,
): unknown[] {
  const value = root[key];
  if (Array.isArray(value)) return value;
  throw schemaError(context, key, `expected a list, got ${describeValue(value)}`);
}

/**
 * A list where one bad record fails the whole answer (small reference lists). `allowBare` also
 * accepts the list itself as the root (an envelope the doc does not settle).
 */
export function parseList<S extends z.ZodType>(
  body: unknown,
  key: string,
  schema: S,
  context: ResponseContext,
  options: { allowBare?: boolean } = {},
): z.output<S>[] {
  if (options.allowBare === true && Array.isArray(body)) {
    return body.map((item, index) => parseWith(schema, item, context, [index]));
  }
  const root = expectEnvelope(body, context);
  return expectArray(root, key, context).map((item, index) =>
    parseWith(schema, item, context, [key, index]),
  );
}

/**
 * A list validated record by record: a record that breaks its schema is reported through
 * `onInvalid` (with its id and the field) and left out; the others are kept. A broken envelope
 * (not an object, or the list missing) is still a hard `bad-response`. Valid shows, reels and
 * VODs are the body's own objects, normalised in place (see cablecast.fast-check.ts).
 */
export function parseListLenient<S extends z.ZodType>(
  body: unknown,
  key: string,
  schema: S,
  context: ResponseContext,
  onInvalid?: OnInvalid,
): { items: z.output<S>[]; invalid: InvalidRecord[] } {
  const root = expectEnvelope(body, context);
  return parseArrayLenient(expectArray(root, key, context), key, schema, onInvalid);
}

function parseArrayLenient<S extends z.ZodType>(
  array: readonly unknown[],
  key: string,
  schema: S,
  onInvalid?: OnInvalid,
): { items: z.output<S>[]; invalid: InvalidRecord[] } {
  const items: z.output<S>[] = [];
  const invalid: InvalidRecord[] = [];
  // Shows, reels and VODs in bulk: plain checks first, zod only for a record they turn down.
  const shape = FAST_SHAPES.get(schema);
  array.forEach((item, index) => {
    if (shape !== undefined) {
      const checked = fastCheck(shape, item);
      if (checked !== undefined) {
        items.push(checked as z.output<S>);
        return;
      }
    }
    const result = schema.safeParse(item, { reportInput: true });
    if (result.success) {
      items.push(result.data);
      return;
    }
    const { path, message } = firstIssue(result.error, [key, index]);
    const id =
      typeof item === 'object' && item !== null ? (item as Record<string, unknown>).id : undefined;
    const info: InvalidRecord = { id, path, message, key, index };
    invalid.push(info);
    onInvalid?.(info);
  });
  return { items, invalid };
}

/** `meta` of a paginated list; null when absent or null (single GETs carry `"meta": null`). */
export function parseMeta(body: unknown, context: ResponseContext): PagingMeta | null {
  const root = expectEnvelope(body, context);
  return parseWith(PagingMetaSchema, root.meta, context, ['meta']) ?? null;
}

export interface Sideloads {
  reels: Reel[];
  vods: Vod[];
  /** From `media` or `medias` (servers differ). */
  media: Media[];
  categories: Category[];
  producers: Producer[];
  projects: Project[];
  webFiles: WebFile[];
  chapters: Chapter[];
}

/** The `include=` names (singular, as the API takes them). */
export type IncludeName =
  | 'reel'
  | 'media'
  | 'vod'
  | 'webfile'
  | 'category'
  | 'producer'
  | 'project'
  | 'chapter'
  | 'thumbnail';

export function emptySideloads(): Sideloads {
  return {
    reels: [],
    vods: [],
    media: [],
    categories: [],
    producers: [],
    projects: [],
    webFiles: [],
    chapters: [],
  };
}

const SIDELOAD_SCHEMAS = [
  ['reels', 'reels', ReelSchema],
  ['vods', 'vods', VodSchema],
  ['media', 'media', MediaSchema],
  ['medias', 'media', MediaSchema],
  ['categories', 'categories', CategorySchema],
  ['producers', 'producers', ProducerSchema],
  ['projects', 'projects', ProjectSchema],
  ['webFiles', 'webFiles', WebFileSchema],
  ['chapters', 'chapters', ChapterSchema],
] as const;

/**
 * Reads the sideloaded arrays that are present. In lenient mode a broken sideloaded record is
 * reported and dropped like a broken show; in strict mode it fails the answer.
 */
export function parseSideloads(
  body: unknown,
  context: ResponseContext,
  options: { lenient?: boolean; onInvalid?: OnInvalid; invalid?: InvalidRecord[] } = {},
): Sideloads {
  const root = expectEnvelope(body, context);
  const out = emptySideloads();
  for (const [key, target, schema] of SIDELOAD_SCHEMAS) {
    const value = root[key];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      throw schemaError(context, key, `expected a list, got ${describeValue(value)}`);
    }
    if (options.lenient === true) {
      const { items, invalid } = parseArrayLenient(value, key, schema, options.onInvalid);
      (out[target] as unknown[]).push(...items);
      options.invalid?.push(...invalid);
    } else {
      value.forEach((item, index) => {
        (out[target] as unknown[]).push(parseWith(schema, item, context, [key, index]));
      });
    }
  }
  return out;
}

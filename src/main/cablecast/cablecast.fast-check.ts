import type { z } from 'zod';
import { ReelSchema, ShowSchema, VodSchema } from './cablecast.schemas';

/*
 * A sync validates tens of thousands of shows, reels and VODs; through zod that is most of the
 * CPU the client spends on a response. These plain checks say "valid" for exactly the records the
 * zod schemas accept, and normalise them the same way (id lists `null` → `[]`), without copying.
 * They never report an error themselves: a record they turn down is parsed again by zod, which
 * names the field and says what is wrong, so messages and paths are zod's, as before.
 *
 * Each shape mirrors its schema in cablecast.schemas.ts key for key; cablecast.fast-check.test.ts
 * checks the keys and compares both on real and broken records.
 */

/** What a field of a schema accepts (every kind but `id` and `string` also takes null/absent). */
export type FieldKind =
  /** `IdSchema`: a safe integer. */
  | 'id'
  /** `IdSchema.nullish()` */
  | 'fk'
  /** `z.string()` (required) */
  | 'string'
  | 'str'
  | 'num'
  | 'bool'
  /** `DateStringSchema.nullish()`: a string Date.parse reads. */
  | 'date'
  /** `z.union([z.string(), z.number()]).nullish()` */
  | 'strOrNum'
  /** `z.unknown().optional()` */
  | 'unknown'
  /** `idList()`: an array of ids; null or absent becomes []. */
  | 'idList'
  /** `list(z.string())` */
  | 'strList'
  /** `list(looseObject)`: null or absent becomes []. */
  | { list: Shape }
  /** `looseObject.nullish()` */
  | { object: Shape };

export type Shape = Readonly<Record<string, FieldKind>>;

const CUSTOM_FIELD: Shape = {
  id: 'fk',
  showField: 'fk',
  value: 'unknown',
  type: 'str',
  fieldName: 'str',
  fieldValueString: 'str',
};

const SHOW_SHAPE: Shape = {
  id: 'id',
  title: 'string',
  cgTitle: 'str',
  comments: 'str',
  location: 'fk',
  category: 'fk',
  producer: 'fk',
  project: 'fk',
  eventDate: 'date',
  lastModified: 'date',
  modified: 'date',
  created: 'date',
  killDateStart: 'date',
  killDateEnd: 'date',
  cgExempt: 'bool',
  podcastExempt: 'bool',
  liveIpExempt: 'bool',
  localId: 'strOrNum',
  crawlText: 'str',
  crawlLength: 'num',
  bugText: 'str',
  custom1: 'str',
  custom2: 'str',
  custom3: 'str',
  custom4: 'str',
  custom5: 'str',
  custom6: 'str',
  custom7: 'str',
  custom8: 'str',
  reels: 'idList',
  vods: 'idList',
  showFiles: 'idList',
  firstRuns: 'idList',
  thumbnail: 'fk',
  thumbnailOptions: 'idList',
  showThumbnails: 'strList',
  thumbnailImage: { object: { url: 'str' } },
  totalRunTime: 'num',
  runCount: 'num',
  customFields: { list: CUSTOM_FIELD },
  hasCaptions: 'bool',
  generateCaptions: 'bool',
  captionLanguage: 'str',
  isOnReflectPlus: 'bool',
};

const VOD_SHAPE: Shape = {
  id: 'id',
  show: 'fk',
  vodConfiguration: 'fk',
  quality: 'fk',
  asset: 'fk',
  fileName: 'str',
  length: 'num',
  url: 'str',
  localUrl: 'str',
  embedCode: 'str',
  nonReflectEmbedCode: 'str',
  webVtt: 'str',
  vodState: 'str',
  percentComplete: 'num',
  stateProgress: 'num',
  stateChange: 'date',
  transactionType: 'num',
  lastTransaction: 'unknown',
  chapters: 'idList',
  chaptersPublished: 'bool',
  isWatchable: 'bool',
  disabled: 'bool',
  errorMessage: 'str',
  statusMessage: 'str',
  vodStatus: 'fk',
  views: 'num',
};

const REEL_SHAPE: Shape = {
  id: 'id',
  show: 'fk',
  media: 'fk',
  reelNumber: 'num',
  cue: 'num',
  length: 'num',
  title: 'str',
  chapter: 'strOrNum',
  userFileName: 'str',
  assetReelLinks: 'idList',
  hasValidFile: 'bool',
  hasInvalidFile: 'bool',
  hasProcessingFile: 'bool',
  playbackAsset: 'fk',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

function everyId(value: unknown[]): boolean {
  for (const item of value) if (!Number.isSafeInteger(item)) return false;
  return true;
}

function fieldOk(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case 'id':
      return Number.isSafeInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'unknown':
      return true;
  }
  if (value === null || value === undefined) return true;
  switch (kind) {
    case 'fk':
      return Number.isSafeInteger(value);
    case 'str':
      return typeof value === 'string';
    case 'num':
      return isNumber(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'strOrNum':
      return typeof value === 'string' || isNumber(value);
    case 'idList':
      return Array.isArray(value) && everyId(value);
    case 'strList':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
  if ('list' in kind) {
    if (!Array.isArray(value)) return false;
    for (const item of value) if (!shapeOk(kind.list, item)) return false;
    return true;
  }
  return shapeOk(kind.object, value);
}

function shapeOk(shape: Shape, value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  for (const key in shape) {
    if (!fieldOk(shape[key] as FieldKind, value[key])) return false;
  }
  return true;
}

/** Lists that are null or absent become [], as the schemas' transforms do (in place). */
function normalise(shape: Shape, record: Record<string, unknown>): void {
  for (const key in shape) {
    const kind = shape[key] as FieldKind;
    const value = record[key];
    if (kind === 'idList' || kind === 'strList') {
      if (value === null || value === undefined) record[key] = [];
    } else if (typeof kind === 'object') {
      if ('list' in kind) {
        if (value === null || value === undefined) record[key] = [];
        else for (const item of value as Record<string, unknown>[]) normalise(kind.list, item);
      } else if (isRecord(value)) {
        normalise(kind.object, value);
      }
    }
  }
}

/**
 * The record itself, normalised as the schema would, when it is valid; undefined otherwise (parse
 * it with the schema then, for the error). Takes the record over: only for freshly parsed JSON.
 */
export function fastCheck(shape: Shape, value: unknown): Record<string, unknown> | undefined {
  if (!shapeOk(shape, value)) return undefined;
  normalise(shape, value);
  return value;
}

/** The schemas that have a fast check, and their shapes. */
export const FAST_SHAPES: ReadonlyMap<z.ZodType, Shape> = new Map<z.ZodType, Shape>([
  [ShowSchema, SHOW_SHAPE],
  [ReelSchema, REEL_SHAPE],
  [VodSchema, VOD_SHAPE],
]);

import { z } from 'zod';

/*
 * Shapes of the Cablecast DTOs (shared/docs/cablecast-api.md §3).
 *
 * The API adds properties without a version bump, and real servers send `null` for most optional
 * fields, so every object is loose (unknown keys pass through) and non-essential fields are
 * `nullish`. What we do reject is a wrong type: an id that is a string, a date that is a number,
 * `reels` that is not an array. Those mean we would store garbage, and the error names the field.
 *
 * Id lists (`reels`, `vods`, ...) are normalised to arrays so callers never test for null.
 */

/** Integer ids and foreign keys. */
export const IdSchema = z
  .number({ error: 'expected a numeric id' })
  .int({ error: 'expected a whole-number id' });
const fk = IdSchema.nullish();

/** ISO-8601 with the server's offset, or the odd legacy "7/14/2026 12:00:00 AM"; Date.parse takes both. */
export const DateStringSchema = z
  .string({ error: 'expected a date string' })
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: 'expected a date string' });
const date = DateStringSchema.nullish();

const str = z.string().nullish();
const num = z.number().nullish();
const bool = z.boolean().nullish();

function idList() {
  return z
    .array(IdSchema)
    .nullish()
    .transform((value) => value ?? []);
}

function list<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((value) => value ?? []);
}

// ---------------------------------------------------------------------------------------------
// Shows

export const ShowCustomFieldSchema = z.looseObject({
  id: fk,
  showField: fk,
  /** Any JSON: a string, a number, or an id for select/file/producer fields. */
  value: z.unknown().optional(),
  type: str,
  fieldName: str,
  fieldValueString: str,
});

export const ShowSchema = z.looseObject({
  id: IdSchema,
  title: z.string({ error: 'expected a title string' }),
  cgTitle: str,
  comments: str,
  location: fk,
  category: fk,
  producer: fk,
  project: fk,
  eventDate: date,
  lastModified: date,
  modified: date,
  created: date,
  killDateStart: date,
  killDateEnd: date,
  cgExempt: bool,
  podcastExempt: bool,
  liveIpExempt: bool,
  localId: z.union([z.string(), z.number()]).nullish(),
  crawlText: str,
  crawlLength: num,
  bugText: str,
  custom1: str,
  custom2: str,
  custom3: str,
  custom4: str,
  custom5: str,
  custom6: str,
  custom7: str,
  custom8: str,
  reels: idList(),
  vods: idList(),
  showFiles: idList(),
  firstRuns: idList(),
  thumbnail: fk,
  thumbnailOptions: idList(),
  showThumbnails: list(z.string()),
  thumbnailImage: z.looseObject({ url: str }).nullish(),
  totalRunTime: num,
  runCount: num,
  customFields: list(ShowCustomFieldSchema),
  hasCaptions: bool,
  generateCaptions: bool,
  captionLanguage: str,
  isOnReflectPlus: bool,
});

// ---------------------------------------------------------------------------------------------
// VODs

// `vodState` keeps any string: servers may add states to the known list (VOD_STATES in
// src/shared/catalog.ts), and the catalog maps unknown ones to 'unknown'.

export const VodSchema = z.looseObject({
  id: IdSchema,
  show: fk,
  vodConfiguration: fk,
  quality: fk,
  asset: fk,
  fileName: str,
  length: num,
  url: str,
  localUrl: str,
  embedCode: str,
  nonReflectEmbedCode: str,
  webVtt: str,
  vodState: str,
  /** A 0–1 fraction on real servers (complete VODs show 1.0). */
  percentComplete: num,
  stateProgress: num,
  stateChange: date,
  transactionType: num,
  /** Real data shows null; an id or an object on other versions, so left open. */
  lastTransaction: z.unknown().optional(),
  chapters: idList(),
  chaptersPublished: bool,
  isWatchable: bool,
  disabled: bool,
  errorMessage: str,
  statusMessage: str,
  vodStatus: fk,
  views: num,
});

export const VodStatusSchema = z.looseObject({
  id: IdSchema,
  vodState: str,
  percentComplete: num,
  errorMessage: str,
});

export const VodConfigurationSchema = z.looseObject({
  id: IdSchema,
  providerName: str,
  defaultQuality: fk,
  embedTemplate: str,
  location: fk,
  vodControlModuleSet: fk,
  vodTranscodeQualities: idList(),
  maximumResolution: z.union([z.string(), z.number()]).nullish(),
  excludeMp4FromSync: bool,
});

/** A transcode profile (`GET /vodtranscodequalities`, [SW] VodTranscodeQualityDto). */
export const VodTranscodeQualitySchema = z.looseObject({
  id: IdSchema,
  name: str,
  /** The provider's name (as a configuration's `providerName`), or its id on some versions. */
  vodProvider: z.union([z.string(), z.number()]).nullish(),
  /** Encoder settings: a JSON string per [SW]; an object is taken as well. */
  settingsHash: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  descriptionTemplate: str,
});

/**
 * A file store (`GET /filestores`). (inferred) Its shape is not shown in public material: only the
 * id (what `destinationStore` takes) is relied on; the name is shown when there is one.
 */
export const FileStoreSchema = z.looseObject({
  id: IdSchema,
  name: str,
  location: fk,
});

// ---------------------------------------------------------------------------------------------
// Reels, media, organisation

export const ReelSchema = z.looseObject({
  id: IdSchema,
  show: fk,
  media: fk,
  reelNumber: num,
  cue: num,
  length: num,
  title: str,
  chapter: z.union([z.string(), z.number()]).nullish(),
  userFileName: str,
  assetReelLinks: idList(),
  hasValidFile: bool,
  hasInvalidFile: bool,
  hasProcessingFile: bool,
  playbackAsset: fk,
});

export const MediaSchema = z.looseObject({
  id: IdSchema,
  name: str,
  mediaName: str,
  location: fk,
  format: fk,
  creationDate: date,
});

export const CategorySchema = z.looseObject({
  id: IdSchema,
  name: z.string({ error: 'expected a name string' }),
  location: fk,
});

export const ProducerSchema = z.looseObject({
  id: IdSchema,
  name: z.string({ error: 'expected a name string' }),
  active: bool,
  address: str,
  contact: str,
  email: str,
  location: fk,
  notes: str,
  phoneOne: str,
  phoneTwo: str,
  website: str,
});

export const ProjectSchema = z.looseObject({
  id: IdSchema,
  name: z.string({ error: 'expected a name string' }),
  description: str,
  location: fk,
  producer: fk,
  podcast: bool,
  podcastName: str,
  podcastDescription: str,
  podcastUrl: str,
});

export const LocationSchema = z.looseObject({
  id: IdSchema,
  name: z.string({ error: 'expected a name string' }),
  vodConfigurations: idList(),
});

export const ShowFieldSchema = z.looseObject({
  id: IdSchema,
  label: str,
  fieldDefinition: fk,
  maxInstances: num,
});

export const FieldOptionSchema = z.looseObject({
  id: IdSchema,
  option: str,
  fieldDefinition: fk,
  position: num,
});

export const FieldDefinitionSchema = z.looseObject({
  id: IdSchema,
  name: z.string({ error: 'expected a name string' }),
  /** string, select, date, number, file, producer, tag... */
  type: str,
  widget: str,
  location: fk,
  fieldOptions: list(FieldOptionSchema),
});

export const WebFileSchema = z.looseObject({ id: IdSchema, url: str, name: str });

export const ChapterSchema = z.looseObject({
  id: IdSchema,
  vod: fk,
  title: str,
  body: str,
  operatorNote: str,
  /** Seconds from the start of the VOD. */
  offset: num,
  quickAdded: bool,
  order: num,
  deleted: bool,
  hidden: bool,
});

// ---------------------------------------------------------------------------------------------
// File uploads and assets (doc §3.11)

/**
 * FileUpload states [EX]: 0 Error, 1 Uploading, 2 UploadingComplete, 3 PostProcessing,
 * 4 Transferring, 5 Finished, 6 Timeout.
 */
export const FILE_UPLOAD_STATE = {
  error: 0,
  uploading: 1,
  uploadingComplete: 2,
  postProcessing: 3,
  transferring: 4,
  finished: 5,
  timeout: 6,
} as const;

export const FileUploadSchema = z.looseObject({
  id: IdSchema,
  fileName: str,
  destinationStore: fk,
  state: z
    .number({ error: 'expected a numeric state' })
    .int({ error: 'expected a whole-number state' }),
  created: date,
  lastModified: date,
  totalSegments: num,
  size: num,
  /** The asset the upload became, once it finished. */
  asset: fk,
});

export const AssetSchema = z.looseObject({
  id: IdSchema,
  path: str,
  url: str,
  extension: str,
  fileStatus: z.union([z.string(), z.number()]).nullish(),
  /** unknown, video, audio, image, caption, document, hlsmanifest. */
  fileType: str,
  hasCaptions: bool,
  size: num,
  thumbnailState: str,
  vods: idList(),
  reels: idList(),
});

// ---------------------------------------------------------------------------------------------
// System info and session

export const ServerUpdateStatusSchema = z.looseObject({
  server: fk,
  serverName: str,
  serverVersion: str,
  connectionState: str,
  lastSeen: date,
});

export const SystemInfoSchema = z.looseObject({
  hardwareID: z.union([z.string(), z.number()]).nullish(),
  cablecastVersion: str,
  cablecastFriendlyVersion: str,
  siteName: str,
  databaseBackupsConfigured: bool,
  softwareMetricsConfigured: bool,
  updatesAvailable: bool,
  baseUrlForEmbeds: str,
  updateInProgress: bool,
  serverUpdateStatuses: list(ServerUpdateStatusSchema),
  timestamp: date,
});

/** A user as a session describes it: a bare name or an object, depending on the server. */
export const SessionUserSchema = z.union([
  z.string(),
  z.looseObject({
    id: z.union([z.number(), z.string()]).nullish(),
    userName: str,
    username: str,
    name: str,
    displayName: str,
    email: str,
  }),
]);

/** A permission as the session lists it: a name, or an object naming it and its scope. */
export const PermissionSchema = z.union([z.string(), z.looseObject({})]);

export const SessionSchema = z.looseObject({
  user: SessionUserSchema.nullish(),
  isAdmin: bool,
  permissions: z.array(PermissionSchema).nullish(),
});

// ---------------------------------------------------------------------------------------------
// Advanced search and paging

export const SHOW_SEARCH_FIELDS = [
  'showId',
  'localId',
  'project',
  'title',
  'cgTitle',
  'eventDate',
  'trt',
  'hasValidFile',
  'hasInvalidFile',
  'category',
  'producer',
  'lastModified',
  'disposition',
  'dispositionDate',
  'dispositionCreation',
  'preAssignedDevice',
  'comments',
  'custom1',
  'custom2',
  'custom3',
  'custom4',
  'custom5',
  'custom6',
  'custom7',
  'custom8',
  'runCount',
  'location',
  'channelShowRuns',
  'hasVod',
  'mediaCreation',
  'customField',
  'killDateStart',
  'killDateEnd',
  'cgExempt',
  'audioPrograms',
  'closedCaptions',
] as const;
export type ShowSearchField = (typeof SHOW_SEARCH_FIELDS)[number];

export const SHOW_SEARCH_OPERATORS = [
  'equals',
  'notEquals',
  'greaterThan',
  'lessThan',
  'greaterThanOrEqual',
  'lessThanOrEqual',
  'notGreaterThan',
  'notGreaterThanOrEqual',
  'notLessThan',
  'notLessThanOrEqual',
  'empty',
  'notEmpty',
] as const;
export type ShowSearchOperator = (typeof SHOW_SEARCH_OPERATORS)[number];

export const ShowSearchFilterSchema = z.object({
  field: z.enum(SHOW_SEARCH_FIELDS),
  operator: z.enum(SHOW_SEARCH_OPERATORS),
  searchValue: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  /** Only for `field: 'customField'`. */
  showField: IdSchema.optional(),
});

export const ShowSearchQuerySchema = z.object({
  groups: z.array(
    z.object({ orAnd: z.enum(['and', 'or']), filters: z.array(ShowSearchFilterSchema) }),
  ),
  sortOptions: z.array(z.object({ field: z.enum(SHOW_SEARCH_FIELDS), descending: z.boolean() })),
});

export const SavedShowSearchSchema = z.looseObject({
  id: fk,
  name: str,
  query: z.unknown().optional(),
  /** Ordered ids of every matching show (no paging). */
  results: z.array(IdSchema, { error: 'expected a list of show ids' }),
});

/** A saved search as listed by GET /shows/search/advanced (results may be absent there). */
export const SavedShowSearchSummarySchema = SavedShowSearchSchema.extend({
  results: idList(),
});

export const PagingMetaSchema = z
  .looseObject({
    offset: num,
    pageSize: num,
    count: num,
  })
  .nullish();

// ---------------------------------------------------------------------------------------------
// Types

export type Show = z.output<typeof ShowSchema>;
export type ShowCustomField = z.output<typeof ShowCustomFieldSchema>;
export type Vod = z.output<typeof VodSchema>;
export type VodStatus = z.output<typeof VodStatusSchema>;
export type FileUpload = z.output<typeof FileUploadSchema>;
export type Asset = z.output<typeof AssetSchema>;
export type VodConfiguration = z.output<typeof VodConfigurationSchema>;
export type VodTranscodeQuality = z.output<typeof VodTranscodeQualitySchema>;
export type FileStore = z.output<typeof FileStoreSchema>;
export type Reel = z.output<typeof ReelSchema>;
export type Media = z.output<typeof MediaSchema>;
export type Category = z.output<typeof CategorySchema>;
export type Producer = z.output<typeof ProducerSchema>;
export type Project = z.output<typeof ProjectSchema>;
export type Location = z.output<typeof LocationSchema>;
export type ShowField = z.output<typeof ShowFieldSchema>;
export type FieldDefinition = z.output<typeof FieldDefinitionSchema>;
export type FieldOption = z.output<typeof FieldOptionSchema>;
export type WebFile = z.output<typeof WebFileSchema>;
export type Chapter = z.output<typeof ChapterSchema>;
export type SystemInfo = z.output<typeof SystemInfoSchema>;
export type Session = z.output<typeof SessionSchema>;
export type SessionUser = z.output<typeof SessionUserSchema>;
export type SavedShowSearch = z.output<typeof SavedShowSearchSchema>;
export type SavedShowSearchSummary = z.output<typeof SavedShowSearchSummarySchema>;
export type ShowSearchQuery = z.input<typeof ShowSearchQuerySchema>;
export type ShowSearchFilter = z.input<typeof ShowSearchFilterSchema>;
export type PagingMeta = NonNullable<z.output<typeof PagingMetaSchema>>;

/** Fields a caller may send in `PUT /shows/{id}`; anything else passes through as given. */
export type ShowPatch = Partial<z.input<typeof ShowSchema>> & Record<string, unknown>;

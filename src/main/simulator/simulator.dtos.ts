/**
 * The JSON records the simulator serves, named and ordered as a real Cablecast 7.x server writes
 * them (shared/docs/cablecast-api.md §3). Relations are integer ids; dates are strings already
 * formatted in the server's offset, because that is what goes over the wire.
 */

export interface ShowCustomFieldDto {
  id: number;
  showField: number;
  /** Any JSON: a string, a number, or an id for `file`/`select`/`producer` fields. */
  value: unknown;
  type: string;
  fieldName: string;
  fieldValueString: string | null;
}

export interface ShowDto {
  location: number;
  id: number;
  ageRating: string | null;
  title: string;
  category: number | null;
  comments: string | null;
  bugText: string | null;
  cgExempt: boolean;
  contentRating: string | null;
  crawlLength: number;
  crawlText: string | null;
  custom1: string | null;
  custom2: string | null;
  custom3: string | null;
  custom4: string | null;
  custom5: string | null;
  custom6: string | null;
  custom7: string | null;
  custom8: string | null;
  eventDate: string | null;
  lastModified: string;
  liveIpExempt: boolean;
  localId: string | null;
  podcastExempt: boolean;
  producer: number | null;
  project: number | null;
  reels: number[];
  vods: number[];
  cgTitle: string | null;
  runCount: number;
  thumbnailImage: { url: string } | null;
  thumbnail: number | null;
  thumbnailOptions: number[];
  customFields: ShowCustomFieldDto[];
  showFiles: number[];
  firstRuns: number[];
  totalRunTime: number;
  killDateStart: string | null;
  killDateEnd: string | null;
  modified: string;
  created: string;
  generateCaptions: boolean;
  captionLanguage: string | null;
  captionProvider: string | null;
  captionVocabulary: string | null;
  hasCaptions: boolean;
  isOnReflectPlus: boolean;
  showThumbnails: string[];
  generateTranslations: boolean;
  translationSourceLanguage: string | null;
  translationLanguages: string[] | null;
  generateCaptionsSecondary: boolean;
  captionLanguageSecondary: string | null;
  additionalCaptionLanguages: string[] | null;
  secondaryAdditionalCaptionLanguages: string[] | null;
  showPriceSearch: string | null;
  thumbnailAltText: string | null;
}

/** `vodState` values per the server's Swagger model. */
export type VodState =
  | 'unknown'
  | 'queued'
  | 'processing'
  | 'partial'
  | 'complete'
  | 'error'
  | 'permanentFailure'
  | 'disabled'
  | 'waiting';

export interface VodDto {
  id: number;
  quality: number | null;
  disabled: boolean;
  fileName: string | null;
  length: number;
  embedCode: string | null;
  nonReflectEmbedCode: string | null;
  url: string | null;
  webVtt: string | null;
  localUrl: string | null;
  show: number;
  stateChange: string | null;
  stateProgress: number;
  vodConfiguration: number;
  chapters: number[];
  chaptersPublished: boolean;
  chapteringSession: number | null;
  lastTransaction: number | null;
  views: number;
  transactionType: number;
  /** A 0–1 fraction (real complete VODs report 1.0). */
  percentComplete: number;
  isOnCloud: boolean;
  vodState: VodState;
  errorMessage: string | null;
  statusMessage: string | null;
  asset: number | null;
  isWatchable: boolean;
  usesAgendaLink: boolean;
  vodStatus: number;
  secondaryAudioProgramming: number;
  primaryAudioLabel: string | null;
  primaryAudioLangCode: string | null;
  secondaryAudioLabel: string | null;
  secondaryAudioLangCode: string | null;
}

/** A VOD chapter ([AH] write shape, [WT]/[WP] read shape; doc §3.4). `offset` is in seconds. */
export interface ChapterDto {
  id: number;
  vod: number;
  title: string;
  body: string;
  operatorNote: string;
  offset: number;
  quickAdded: boolean;
  order: number | null;
  deleted: boolean;
  hidden: boolean;
}

export interface ReelDto {
  id: number;
  media: number | null;
  chapter: number | null;
  title: string | null;
  length: number;
  cue: number;
  reelNumber: number;
  show: number;
  userFileName: string | null;
  assetReelLinks: number[];
  hasValidFile: boolean;
  hasInvalidFile: boolean;
  hasProcessingFile: boolean;
  playbackAsset: number | null;
  secondaryAudioProgramming: number;
  audioPrograms: number[];
}

export interface CategoryDto {
  id: number;
  location: number;
  name: string;
}

export interface ProducerDto {
  id: number;
  name: string;
  active: boolean;
  address: string;
  contact: string;
  email: string;
  location: number;
  notes: string;
  phoneOne: string;
  phoneTwo: string;
  website: string;
}

export interface ProjectDto {
  id: number;
  name: string;
  description: string;
  location: number;
  podcast: boolean;
  podcastDescription: string;
  podcastName: string;
  podcastUrl: string;
  producer: number | null;
}

export interface LocationDto {
  id: number;
  name: string;
  vodConfigurations: number[];
  routerControlModuleSet: number | null;
}

export interface ControlModuleSetDto {
  id: number;
  server: number;
  name: string;
  controlModule: string;
  location: number;
  portSetting: string;
}

export interface ShowFieldDto {
  id: number;
  label: string | null;
  fieldDefinition: number;
  maxInstances: number | null;
}

export interface FieldOptionDto {
  id: number;
  option: string;
  fieldDefinition: number;
  position: number;
}

export interface FieldDefinitionDto {
  id: number;
  name: string;
  type: string;
  widget: string | null;
  location: number;
  fieldOptions: FieldOptionDto[];
}

export interface VodConfigurationDto {
  id: number;
  providerName: string;
  defaultQuality: number | null;
  embedTemplate: string;
  location: number;
  vodControlModuleSet: number | null;
  vodTranscodeQualities: number[];
  maximumResolution: number | null;
  secondaryAudioProgramming: number;
  primaryAudioLabel: string | null;
  primaryAudioLangCode: string | null;
  secondaryAudioLabel: string | null;
  secondaryAudioLangCode: string | null;
  excludeMp4FromSync: boolean;
}

/** A transcode profile a VOD configuration offers ([SW], doc §3.3). */
export interface VodTranscodeQualityDto {
  id: number;
  name: string | null;
  /** The provider it belongs to, as the configuration's `providerName` names it. */
  vodProvider: string | null;
  /** The encoder settings as a JSON string ([SW]: "settingsHash"). */
  settingsHash: string | null;
  descriptionTemplate: string | null;
}

/**
 * A place files live: where uploads land (`destinationStore`) and assets are kept. (inferred) No
 * public material shows the record: `GET /filestores` is only said to "list available stores"
 * [EX]. These fields are a plausible guess; `fileStoreList` in the options also makes the envelope
 * switchable.
 */
export interface FileStoreDto {
  id: number;
  name: string | null;
  location: number | null;
  /** What the store holds: 'content' (playout files), 'archive', 'vod'. */
  storeType: string;
  /** The folder of its files on the server's web side, as asset URLs use it. */
  url: string;
  isDefault: boolean;
}

export interface SavedShowSearchFilter {
  field: string;
  operator: string;
  searchValue: unknown;
  showField?: number | null;
}

export interface SavedShowSearchQuery {
  groups: { orAnd: string; filters: SavedShowSearchFilter[] }[];
  sortOptions: { field: string; descending: boolean }[];
}

export interface SavedShowSearchDto {
  id: number;
  name: string;
  query: SavedShowSearchQuery;
  results: number[];
}

/**
 * FileUpload states [EX]: 0 Error, 1 Uploading, 2 UploadingComplete, 3 PostProcessing,
 * 4 Transferring, 5 Finished, 6 Timeout (abandoned after 4 h idle).
 */
export type FileUploadState = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A chunked upload ([SW][EX], doc §3.11); `asset` is set once it finished. */
export interface FileUploadDto {
  id: number;
  fileName: string;
  destinationStore: number;
  state: FileUploadState;
  created: string;
  lastModified: string;
  totalSegments: number;
  size: number;
  asset: number | null;
}

export type AssetFileType =
  'unknown' | 'video' | 'audio' | 'image' | 'caption' | 'document' | 'hlsmanifest';

/** A file on a file store ([SW], doc §3.11). */
export interface AssetDto {
  id: number;
  path: string;
  url: string;
  extension: string;
  fileStatus: string;
  fileType: AssetFileType;
  hasCaptions: boolean;
  hasMultipleAudioProgram: boolean;
  size: number;
  thumbnailState: 'none' | 'processing' | 'complete' | 'error' | 'skip';
  thumbnailUrl: string | null;
  vods: number[];
  reels: number[];
  fileStores: number[];
  assetInfos: number[];
  assetLogs: number[];
  assetThumbnails: number[];
  fileStoreAssets: number[];
}

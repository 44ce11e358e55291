import { formatCablecastDate, parseCablecastDate, SimulatorClock } from './cablecast-date';
import { flatString } from './flat-string';
import { LazyTable, type PendingSource } from './lazy-table';
import type {
  CategoryDto,
  ChapterDto,
  ControlModuleSetDto,
  FieldDefinitionDto,
  FileStoreDto,
  LocationDto,
  ProducerDto,
  ProjectDto,
  ReelDto,
  SavedShowSearchDto,
  ShowCustomFieldDto,
  ShowDto,
  ShowFieldDto,
  VodConfigurationDto,
  VodDto,
  VodState,
  VodTranscodeQualityDto,
} from './simulator.dtos';

interface SimulatorDataConfig {
  /** The simulator's own origin, used in VOD, embed and thumbnail URLs. */
  baseUrl: string;
  timeZoneOffset: string;
  clock?: SimulatorClock;
}

type DateInput = string | Date | number | null;

/** What a caller may set on a show; relations managed elsewhere (reels, vods) are left out. */
export type ShowInput = Partial<
  Omit<
    ShowDto,
    | 'id'
    | 'reels'
    | 'vods'
    | 'lastModified'
    | 'modified'
    | 'created'
    | 'eventDate'
    | 'killDateStart'
    | 'killDateEnd'
    | 'customFields'
  >
> & {
  eventDate?: DateInput;
  killDateStart?: DateInput;
  killDateEnd?: DateInput;
  /** Merged by `showField`: items keep their ids, names and types. */
  customFields?: { showField: number; value: unknown; fieldValueString?: string | null }[];
};

export type ReelInput = Partial<Omit<ReelDto, 'id' | 'show'>>;
type ChapterInput = Partial<Omit<ChapterDto, 'id' | 'vod'>>;
export type VodInput = Partial<Omit<VodDto, 'id' | 'show' | 'vodStatus'>>;

/** Sort, filter and search keys kept beside each show: lists never build or re-parse a record. */
interface ShowKeys {
  eventDateMs: number | null;
  lastModifiedMs: number;
  location: number;
  /** Lower-cased title, cgTitle and comments; built on first search. */
  searchText: string | null;
}

const SLUG_MAX = 25;

/** `870-City-Council-Regular`: the folder-name shape of real VOD URLs (doc §3.3). */
export function vodSlug(showId: number, title: string): string {
  // A hand loop: this runs once per VOD while seeding 50,000 shows.
  let slug = '';
  let word = '';
  const flush = (): boolean => {
    if (word === '') return true;
    const next = slug === '' ? word : `${slug}-${word}`;
    word = '';
    if (next.length > SLUG_MAX) return false;
    slug = next;
    return true;
  };
  for (let i = 0; i < title.length; i++) {
    const code = title.charCodeAt(i);
    const alnum =
      (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (alnum) word += title[i];
    else if (code === 32 || code === 9 || code === 10) {
      if (!flush()) break;
    }
  }
  flush();
  return flatString(slug === '' ? String(showId) : `${showId}-${slug}`);
}

/** `["2894-small", "2894-medium", "2894-large"]`, as real shows list their thumbnails. */
export function thumbnailSlugs(assetId: number): string[] {
  return ['small', 'medium', 'large'].map((size) => flatString(`${assetId}-${size}`));
}

class IdSequence {
  constructor(private next = 1) {}
  take(): number {
    return this.next++;
  }
  /** Reserves `count` consecutive ids and returns the first. */
  reserve(count: number): number {
    const first = this.next;
    this.next += count;
    return first;
  }
}

/**
 * A seeded show known by its ids and sort keys but not built yet. `build` must create the show,
 * its reels and its VOD with exactly these ids (addShow/addReel/addVod with `id`), and must give
 * the same record whenever it runs: the catalog cannot depend on the order of first access.
 */
interface DeferredShow {
  id: number;
  reelIds: readonly number[];
  vodId: number | null;
  /** Ids of the VOD's seeded chapters (reserved up front like the others). */
  chapterIds?: readonly number[];
  location: number;
  eventDateMs: number | null;
  lastModifiedMs: number;
  build: () => void;
}

/** Seeding only: fixed ids and historical timestamps instead of the sequences and the clock. */
interface AddShowOptions {
  id?: number;
  created?: number;
  lastModified?: number;
  /** Ids for the show's customFields items, in show-field order. */
  customFieldIds?: readonly number[];
}

interface AddChildOptions {
  id?: number;
  /** Leave the show's lastModified alone (seeding). Otherwise the show changed, so it is bumped. */
  quiet?: boolean;
}

function pendingSource(map: Map<number, unknown>, build: (id: number) => void): PendingSource {
  return {
    has: (id) => map.has(id),
    get size() {
      return map.size;
    },
    ids: () => map.keys(),
    build,
  };
}

/** A record's id list, tolerating a value broken on purpose. */
function idArray(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((id): id is number => typeof id === 'number') : [];
}

/**
 * The simulator's in-memory catalog. Tables are keyed by id; the show order the server lists in
 * (newest event date first) is an index rebuilt only after a change, so a 50,000-show catalog
 * answers a page in microseconds and a mutation costs O(1) until the next sorted read. Seeded
 * shows, reels and VODs are built on first access (see LazyTable and DeferredShow).
 *
 * Mutate through the methods, not the records: they keep `lastModified`, the indexes and the
 * derived fields (`totalRunTime`, `reels`, `vods`) right.
 */

export class SimulatorData {
  readonly baseUrl: string;
  readonly timeZoneOffset: string;
  readonly clock: SimulatorClock;

  private readonly showStore = new Map<number, ShowDto>();
  private readonly reelStore = new Map<number, ReelDto>();
  private readonly vodStore = new Map<number, VodDto>();
  private readonly showKeys = new Map<number, ShowKeys>();
  private readonly deferredShows = new Map<number, DeferredShow>();
  /** Reel / VOD id -> show id, for records of shows not built yet. */
  private readonly deferredReels = new Map<number, number>();
  private readonly deferredVods = new Map<number, number>();
  private readonly chapterStore = new Map<number, ChapterDto>();
  /** Chapter id -> show id, for chapters of shows not built yet. */
  private readonly deferredChapters = new Map<number, number>();
  private sortedIdsCache: number[] | null = null;
  private rankCache: Map<number, number> | null = null;
  private sortedVodIdsCache: number[] | null = null;

  /** Shows by id. Looking one up builds it if it was seeded lazily; iterating builds them all. */
  readonly shows: LazyTable<ShowDto>;
  readonly reels: LazyTable<ReelDto>;
  readonly vods: LazyTable<VodDto>;
  readonly chapters: LazyTable<ChapterDto>;
  readonly categories = new Map<number, CategoryDto>();
  readonly producers = new Map<number, ProducerDto>();
  readonly projects = new Map<number, ProjectDto>();
  readonly locations = new Map<number, LocationDto>();
  readonly controlModuleSets = new Map<number, ControlModuleSetDto>();
  readonly showFields = new Map<number, ShowFieldDto>();
  readonly fieldDefinitions = new Map<number, FieldDefinitionDto>();
  readonly vodConfigurations = new Map<number, VodConfigurationDto>();
  readonly vodTranscodeQualities = new Map<number, VodTranscodeQualityDto>();
  readonly fileStores = new Map<number, FileStoreDto>();
  readonly savedShowSearches = new Map<number, SavedShowSearchDto>();

  /**
   * Shows, reels and VODs share one id sequence (real servers hand out ids like show 870, reel
   * 871), so a client that mixes up a show id and a VOD id gets a 404 instead of a wrong record.
   */
  readonly contentIds = new IdSequence();
  readonly customFieldIds = new IdSequence(2001);
  readonly assetIds = new IdSequence(5001);
  readonly mediaIds = new IdSequence(9001);
  /** Chapters have their own table and so their own sequence on a real server. */
  readonly chapterIds = new IdSequence();
  /** Organisation records number from 1 per table, as they do on a real server. */
  private readonly tableIds = {
    location: new IdSequence(),
    category: new IdSequence(),
    producer: new IdSequence(),
    project: new IdSequence(),
    controlModuleSet: new IdSequence(),
    vodConfiguration: new IdSequence(),
    vodTranscodeQuality: new IdSequence(),
    fileStore: new IdSequence(),
    fieldDefinition: new IdSequence(10),
    fieldOption: new IdSequence(),
    showField: new IdSequence(),
    savedShowSearch: new IdSequence(),
  };

  constructor(config: SimulatorDataConfig) {
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.timeZoneOffset = config.timeZoneOffset;
    this.clock = config.clock ?? new SimulatorClock();
    const buildOwner = (owners: Map<number, number>) => (id: number) => {
      const showId = owners.get(id);
      if (showId !== undefined) this.buildDeferred(showId);
    };
    this.shows = new LazyTable(
      this.showStore,
      pendingSource(this.deferredShows, (id) => this.buildDeferred(id)),
    );
    this.reels = new LazyTable(
      this.reelStore,
      pendingSource(this.deferredReels, buildOwner(this.deferredReels)),
    );
    this.vods = new LazyTable(
      this.vodStore,
      pendingSource(this.deferredVods, buildOwner(this.deferredVods)),
    );
    this.chapters = new LazyTable(
      this.chapterStore,
      pendingSource(this.deferredChapters, buildOwner(this.deferredChapters)),
    );
  }

  // ---- dates ---------------------------------------------------------------------------------

  formatDate(ms: number): string {
    return formatCablecastDate(ms, this.timeZoneOffset);
  }

  private toMs(value: DateInput, field: string): number | null {
    if (value === null) return null;
    if (typeof value === 'number') return value;
    if (value instanceof Date) return value.getTime();
    const parsed = parseCablecastDate(value, this.timeZoneOffset);
    if (!parsed) throw new Error(`${field}: not a date: ${value}`);
    return parsed.ms;
  }

  // ---- shows ---------------------------------------------------------------------------------

  getShow(id: number): ShowDto | undefined {
    return this.shows.get(id);
  }

  getReel(id: number): ReelDto | undefined {
    return this.reels.get(id);
  }

  getVod(id: number): VodDto | undefined {
    return this.vods.get(id);
  }

  /** Every show id, in no particular order, without building any record. */
  showIds(): IterableIterator<number> {
    return this.showKeys.keys();
  }

  /**
   * Event date, lastModified and location as kept by the methods (never from the record, so a
   * record broken with `breakShow` still sorts and filters where it did).
   */
  showKeysOf(
    id: number,
  ): Readonly<Pick<ShowKeys, 'eventDateMs' | 'lastModifiedMs' | 'location'>> | undefined {
    return this.showKeys.get(id);
  }

  /** Builds a lazily seeded show with its reels and VOD. */
  private buildDeferred(id: number): void {
    const deferred = this.deferredShows.get(id);
    if (!deferred) return;
    // The show leaves the pending set first (no re-entry); its reels and VOD only afterwards, so
    // adding them is not mistaken for new records that would reset the sorted VOD index.
    this.deferredShows.delete(id);
    deferred.build();
    for (const reelId of deferred.reelIds) this.deferredReels.delete(reelId);
    if (deferred.vodId !== null) this.deferredVods.delete(deferred.vodId);
    for (const chapterId of deferred.chapterIds ?? []) this.deferredChapters.delete(chapterId);
  }

  /** Seeding: registers a show that is built on first access (see DeferredShow). */
  deferShow(deferred: DeferredShow): void {
    this.deferredShows.set(deferred.id, deferred);
    for (const reelId of deferred.reelIds) this.deferredReels.set(reelId, deferred.id);
    if (deferred.vodId !== null) this.deferredVods.set(deferred.vodId, deferred.id);
    for (const chapterId of deferred.chapterIds ?? []) {
      this.deferredChapters.set(chapterId, deferred.id);
    }
    this.showKeys.set(deferred.id, {
      eventDateMs: deferred.eventDateMs,
      lastModifiedMs: deferred.lastModifiedMs,
      location: deferred.location,
      searchText: null,
    });
    this.clock.advancePast(deferred.lastModifiedMs);
    this.invalidateOrder();
    this.sortedVodIdsCache = null;
  }

  /** Builds every lazily seeded record now (e.g. before timing something). */
  buildAll(): void {
    for (const id of [...this.deferredShows.keys()]) this.buildDeferred(id);
  }

  /** Lower-cased title, cgTitle and comments for `search=` (builds the show if needed). */
  searchTextOf(id: number): string {
    const keys = this.showKeys.get(id);
    const show = this.shows.get(id);
    if (!keys || !show) return '';
    if (keys.searchText === null) {
      const parts = [show.title, show.cgTitle, show.comments].filter(
        (part): part is string => typeof part === 'string',
      );
      keys.searchText = parts.join('\u0000').toLowerCase();
    }
    return keys.searchText;
  }

  /** Show ids, newest event date first, then newest id; shows without an event date last. */
  showIdsInDefaultOrder(): readonly number[] {
    if (this.sortedIdsCache) return this.sortedIdsCache;
    const rows: { id: number; at: number }[] = [];
    for (const [id, keys] of this.showKeys) {
      rows.push({ id, at: keys.eventDateMs ?? Number.NEGATIVE_INFINITY });
    }
    rows.sort((a, b) => (b.at === a.at ? b.id - a.id : b.at > a.at ? 1 : -1));
    this.sortedIdsCache = rows.map((row) => row.id);
    this.rankCache = new Map(this.sortedIdsCache.map((id, index) => [id, index]));
    return this.sortedIdsCache;
  }

  /** Position of a show in the default order (for sorting a handful of ids without a full scan). */
  defaultRank(id: number): number {
    if (!this.rankCache) this.showIdsInDefaultOrder();
    return this.rankCache?.get(id) ?? Number.POSITIVE_INFINITY;
  }

  /** The show fields that belong to a location, in id order: every show carries one item each. */
  showFieldsForLocation(
    locationId: number,
  ): { field: ShowFieldDto; definition: FieldDefinitionDto }[] {
    const out: { field: ShowFieldDto; definition: FieldDefinitionDto }[] = [];
    for (const field of this.showFields.values()) {
      const definition = this.fieldDefinitions.get(field.fieldDefinition);
      if (definition && definition.location === locationId) out.push({ field, definition });
    }
    return out;
  }

  private showFieldCache = new Map<number, ReturnType<SimulatorData['showFieldsForLocation']>>();

  private cachedShowFields(locationId: number): ReturnType<SimulatorData['showFieldsForLocation']> {
    let fields = this.showFieldCache.get(locationId);
    if (!fields) {
      fields = this.showFieldsForLocation(locationId);
      this.showFieldCache.set(locationId, fields);
    }
    return fields;
  }

  firstLocationId(): number {
    for (const id of this.locations.keys()) return id;
    throw new Error('The simulator has no locations');
  }

  /** Creates a show; `options` (seeding only) fixes its ids and backdates it. */
  addShow(input: ShowInput = {}, options: AddShowOptions = {}): ShowDto {
    const id = options.id ?? this.contentIds.take();
    const now = options.lastModified ?? this.clock.next();
    const nowText = this.formatDate(now);
    const createdMs = options.created ?? now;
    const location = input.location ?? this.firstLocationId();
    const eventDateMs =
      input.eventDate === undefined ? null : this.toMs(input.eventDate, 'eventDate');
    const eventText = eventDateMs === null ? null : this.formatDate(eventDateMs);
    const killStart =
      input.killDateStart === undefined
        ? eventDateMs
        : this.toMs(input.killDateStart, 'killDateStart');
    const killEnd =
      input.killDateEnd === undefined ? null : this.toMs(input.killDateEnd, 'killDateEnd');
    const customFields: ShowCustomFieldDto[] = this.cachedShowFields(location).map(
      ({ field, definition }, index) => ({
        id: options.customFieldIds?.[index] ?? this.customFieldIds.take(),
        showField: field.id,
        value: null,
        type: definition.type,
        fieldName: definition.name,
        fieldValueString: null,
      }),
    );
    // Key order follows a real response, so a diff against a capture reads naturally.
    const show: ShowDto = {
      location,
      id,
      ageRating: input.ageRating ?? null,
      title: input.title ?? '',
      category: input.category ?? null,
      comments: input.comments ?? null,
      bugText: input.bugText ?? null,
      cgExempt: input.cgExempt ?? false,
      contentRating: input.contentRating ?? null,
      crawlLength: input.crawlLength ?? 0,
      crawlText: input.crawlText ?? '',
      custom1: input.custom1 ?? null,
      custom2: input.custom2 ?? null,
      custom3: input.custom3 ?? null,
      custom4: input.custom4 ?? null,
      custom5: input.custom5 ?? null,
      custom6: input.custom6 ?? null,
      custom7: input.custom7 ?? null,
      custom8: input.custom8 ?? null,
      eventDate: eventText,
      lastModified: nowText,
      liveIpExempt: input.liveIpExempt ?? false,
      localId: input.localId ?? null,
      podcastExempt: input.podcastExempt ?? false,
      producer: input.producer ?? null,
      project: input.project ?? null,
      reels: [],
      vods: [],
      cgTitle: input.cgTitle ?? null,
      runCount: input.runCount ?? 0,
      thumbnailImage: input.thumbnailImage ?? null,
      thumbnail: input.thumbnail ?? null,
      thumbnailOptions: input.thumbnailOptions ?? [],
      customFields,
      showFiles: input.showFiles ?? [],
      firstRuns: input.firstRuns ?? [],
      totalRunTime: input.totalRunTime ?? 0,
      killDateStart:
        killStart === null
          ? null
          : killStart === eventDateMs
            ? eventText
            : this.formatDate(killStart),
      killDateEnd: killEnd === null ? null : this.formatDate(killEnd),
      modified: nowText,
      created: createdMs === now ? nowText : this.formatDate(createdMs),
      generateCaptions: input.generateCaptions ?? false,
      captionLanguage: input.captionLanguage ?? null,
      captionProvider: input.captionProvider ?? null,
      captionVocabulary: input.captionVocabulary ?? null,
      hasCaptions: input.hasCaptions ?? false,
      isOnReflectPlus: input.isOnReflectPlus ?? false,
      showThumbnails: input.showThumbnails ?? [],
      generateTranslations: input.generateTranslations ?? false,
      translationSourceLanguage: input.translationSourceLanguage ?? null,
      translationLanguages: input.translationLanguages ?? null,
      generateCaptionsSecondary: input.generateCaptionsSecondary ?? false,
      captionLanguageSecondary: input.captionLanguageSecondary ?? null,
      additionalCaptionLanguages: input.additionalCaptionLanguages ?? null,
      secondaryAdditionalCaptionLanguages: input.secondaryAdditionalCaptionLanguages ?? null,
      showPriceSearch: input.showPriceSearch ?? null,
      thumbnailAltText: input.thumbnailAltText ?? null,
    };
    if (input.customFields) this.mergeCustomFields(show, input.customFields);
    this.showStore.set(id, show);
    const known = this.showKeys.get(id);
    this.showKeys.set(id, { eventDateMs, lastModifiedMs: now, location, searchText: null });
    // Building a deferred show does not move it: its keys were already in the index.
    if (!known || known.eventDateMs !== eventDateMs) this.invalidateOrder();
    this.clock.advancePast(now);
    return show;
  }

  /**
   * Merges `patch` into the show and bumps `lastModified` (every update does, as on a real server,
   * even one that changes nothing). Returns undefined for an unknown id.
   */
  updateShow(id: number, patch: ShowInput): ShowDto | undefined {
    const show = this.shows.get(id);
    const keys = this.showKeys.get(id);
    if (!show || !keys) return undefined;
    const { eventDate, killDateStart, killDateEnd, customFields, ...plain } = patch;
    // Convert first: a bad date must leave the record untouched.
    const eventMs = eventDate === undefined ? undefined : this.toMs(eventDate, 'eventDate');
    const killStartMs =
      killDateStart === undefined ? undefined : this.toMs(killDateStart, 'killDateStart');
    const killEndMs = killDateEnd === undefined ? undefined : this.toMs(killDateEnd, 'killDateEnd');
    const target = show as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(plain)) {
      if (value !== undefined) target[key] = value;
    }
    if (eventMs !== undefined) {
      show.eventDate = eventMs === null ? null : this.formatDate(eventMs);
      keys.eventDateMs = eventMs;
      this.invalidateOrder();
    }
    if (killStartMs !== undefined) {
      show.killDateStart = killStartMs === null ? null : this.formatDate(killStartMs);
    }
    if (killEndMs !== undefined) {
      show.killDateEnd = killEndMs === null ? null : this.formatDate(killEndMs);
    }
    if (customFields) this.mergeCustomFields(show, customFields);
    if (plain.thumbnail !== undefined) this.deriveThumbnailFields(show);
    if (typeof plain.location === 'number') keys.location = plain.location;
    keys.searchText = null;
    this.touchShow(id, show);
    return show;
  }

  /** Removes the show with its reels and VODs (a real server cascades too). */
  deleteShow(id: number): boolean {
    const deferred = this.deferredShows.get(id);
    if (deferred) {
      this.deferredShows.delete(id);
      for (const reelId of deferred.reelIds) this.deferredReels.delete(reelId);
      if (deferred.vodId !== null) this.deferredVods.delete(deferred.vodId);
      for (const chapterId of deferred.chapterIds ?? []) this.deferredChapters.delete(chapterId);
    } else {
      const show = this.showStore.get(id);
      if (!show) return false;
      for (const reelId of idArray(show.reels)) this.reelStore.delete(reelId);
      for (const vodId of idArray(show.vods)) {
        for (const chapterId of idArray(this.vodStore.get(vodId)?.chapters)) {
          this.chapterStore.delete(chapterId);
        }
        this.vodStore.delete(vodId);
      }
      this.showStore.delete(id);
    }
    this.showKeys.delete(id);
    this.invalidateOrder();
    this.sortedVodIdsCache = null;
    return true;
  }

  /**
   * Stores a wrong-typed value (e.g. `eventDate: 12345`, `reels: "x"`, `id: "abc"`) so clients can
   * be tested against a server that returns a record their schema rejects. Bumps `lastModified`
   * (unless that is the field being broken) so incremental syncs pick the record up. The id used
   * to look the show up never changes, even when `id` itself is broken.
   */
  breakShow(id: number, field: string, value: unknown): void {
    const show = this.shows.get(id);
    if (!show) throw new Error(`No show ${id}`);
    if (field !== 'lastModified') this.touchShow(id, show);
    (show as unknown as Record<string, unknown>)[field] = value;
    const keys = this.showKeys.get(id);
    if (keys) keys.searchText = null;
  }

  private invalidateOrder(): void {
    this.sortedIdsCache = null;
    this.rankCache = null;
  }

  /** Choosing a thumbnail (one of `thumbnailOptions`) changes the URLs derived from it. */
  private deriveThumbnailFields(show: ShowDto): void {
    const thumbnail = show.thumbnail;
    show.thumbnailImage = thumbnail === null ? null : { url: this.thumbnailUrl(thumbnail) };
    show.showThumbnails = thumbnail === null ? [] : thumbnailSlugs(thumbnail);
  }

  thumbnailUrl(assetId: number): string {
    return flatString(`${this.baseUrl}/cablecastapi/dynamicthumbnails/${assetId}`);
  }

  /** `id` is passed separately because a broken record's own `id` may not be a number. */
  private touchShow(id: number, show: ShowDto): void {
    const now = this.clock.next();
    show.lastModified = this.formatDate(now);
    show.modified = show.lastModified;
    const keys = this.showKeys.get(id);
    if (keys) keys.lastModifiedMs = now;
  }

  private mergeCustomFields(show: ShowDto, items: NonNullable<ShowInput['customFields']>): void {
    for (const item of items) {
      const existing = show.customFields.find((field) => field.showField === item.showField);
      const display =
        item.fieldValueString !== undefined
          ? item.fieldValueString
          : typeof item.value === 'string' || typeof item.value === 'number'
            ? String(item.value)
            : null;
      if (existing) {
        existing.value = item.value;
        existing.fieldValueString = display;
        continue;
      }
      const field = this.showFields.get(item.showField);
      const definition = field ? this.fieldDefinitions.get(field.fieldDefinition) : undefined;
      if (!field || !definition) throw new Error(`customFields: no show field ${item.showField}`);
      show.customFields.push({
        id: this.customFieldIds.take(),
        showField: field.id,
        value: item.value,
        type: definition.type,
        fieldName: definition.name,
        fieldValueString: display,
      });
    }
  }

  // ---- reels and VODs ------------------------------------------------------------------------

  /**
   * Adds a reel to a show and keeps `show.totalRunTime` the sum of its reels. Bumps the show's
   * lastModified unless `quiet` (inferred: the show record changed).
   */
  addReel(showId: number, input: ReelInput = {}, options: AddChildOptions = {}): ReelDto {
    const show = this.shows.get(showId);
    if (!show) throw new Error(`No show ${showId}`);
    const reel: ReelDto = {
      id: options.id ?? this.contentIds.take(),
      media: input.media ?? this.mediaIds.take(),
      chapter: input.chapter ?? null,
      title: input.title ?? null,
      length: input.length ?? 0,
      cue: input.cue ?? 0,
      reelNumber: input.reelNumber ?? show.reels.length + 1,
      show: showId,
      userFileName: input.userFileName ?? null,
      assetReelLinks: input.assetReelLinks ?? [],
      hasValidFile: input.hasValidFile ?? false,
      hasInvalidFile: input.hasInvalidFile ?? false,
      hasProcessingFile: input.hasProcessingFile ?? false,
      playbackAsset: input.playbackAsset ?? null,
      secondaryAudioProgramming: input.secondaryAudioProgramming ?? 0,
      audioPrograms: input.audioPrograms ?? [],
    };
    this.reelStore.set(reel.id, reel);
    // A fresh exact-size array: `push` would reserve room for 16 more ids on every show.
    show.reels = [...idArray(show.reels), reel.id];
    show.totalRunTime += reel.length;
    if (!options.quiet) this.touchShow(showId, show);
    return reel;
  }

  /** The store folder number of a VOD configuration (`/store-3/...`). */
  vodStoreNumber(vodConfigurationId: number): number {
    return vodConfigurationId + 2;
  }

  /** The URLs a complete VOD carries, built like the real ones (doc §3.3). */
  vodUrls(
    show: Pick<ShowDto, 'id' | 'title'>,
    vodConfigurationId: number,
    version = 1,
  ): { url: string; embedCode: string; webVtt: (vodId: number) => string } {
    const folder = `${vodSlug(show.id, show.title)}-v${version}`;
    return {
      url: flatString(
        `${this.baseUrl}/store-${this.vodStoreNumber(vodConfigurationId)}/${folder}/vod.mp4`,
      ),
      embedCode: this.embedCode(show.id),
      webVtt: (vodId) => flatString(`${this.baseUrl}/cablecastapi/v1/vods/${vodId}/chapters`),
    };
  }

  embedCode(showId: number): string {
    return flatString(
      `<iframe class="trms-player" type="text/html" width="360" height="240" ` +
        `src="${this.baseUrl}/cablecastapi/embed?show_id=${showId}" ` +
        `webkitAllowFullScreen mozallowfullscreen allowfullscreen frameborder="0"></iframe>`,
    );
  }

  /**
   * Adds a VOD to a show. A 'complete' VOD gets its URLs, `percentComplete` 1 and `isWatchable`;
   * other states leave them empty unless the input sets them. `options` as for `addReel`.
   */
  addVod(showId: number, input: VodInput = {}, options: AddChildOptions = {}): VodDto {
    const show = this.shows.get(showId);
    if (!show) throw new Error(`No show ${showId}`);
    const id = options.id ?? this.contentIds.take();
    const state: VodState = input.vodState ?? 'waiting';
    const configuration =
      input.vodConfiguration ??
      [...this.vodConfigurations.values()].find((config) => config.location === show.location)
        ?.id ??
      1;
    const urls = this.vodUrls(show, configuration);
    const hasFile = state === 'complete' || state === 'processing' || state === 'partial';
    const vod: VodDto = {
      id,
      quality: input.quality ?? null,
      disabled: input.disabled ?? false,
      fileName: input.fileName ?? null,
      length: input.length ?? show.totalRunTime,
      embedCode: input.embedCode !== undefined ? input.embedCode : urls.embedCode,
      nonReflectEmbedCode:
        input.nonReflectEmbedCode !== undefined ? input.nonReflectEmbedCode : urls.embedCode,
      url: input.url !== undefined ? input.url : hasFile ? urls.url : null,
      webVtt: input.webVtt !== undefined ? input.webVtt : urls.webVtt(id),
      localUrl: input.localUrl !== undefined ? input.localUrl : hasFile ? urls.url : null,
      show: showId,
      stateChange: input.stateChange ?? null,
      stateProgress: input.stateProgress ?? 0,
      vodConfiguration: configuration,
      chapters: input.chapters ?? [],
      chaptersPublished: input.chaptersPublished ?? false,
      chapteringSession: input.chapteringSession ?? null,
      lastTransaction: input.lastTransaction ?? null,
      views: input.views ?? 0,
      transactionType: input.transactionType ?? 0,
      percentComplete: input.percentComplete ?? (state === 'complete' ? 1 : 0),
      isOnCloud: input.isOnCloud ?? false,
      vodState: state,
      errorMessage: input.errorMessage ?? null,
      statusMessage: input.statusMessage ?? null,
      asset: input.asset ?? null,
      isWatchable: input.isWatchable ?? state === 'complete',
      usesAgendaLink: input.usesAgendaLink ?? false,
      vodStatus: id,
      secondaryAudioProgramming: input.secondaryAudioProgramming ?? 0,
      primaryAudioLabel: input.primaryAudioLabel ?? null,
      primaryAudioLangCode: input.primaryAudioLangCode ?? null,
      secondaryAudioLabel: input.secondaryAudioLabel ?? null,
      secondaryAudioLangCode: input.secondaryAudioLangCode ?? null,
    };
    const known = this.vodStore.has(id) || this.deferredVods.has(id);
    this.vodStore.set(id, vod);
    show.vods = [...idArray(show.vods), id];
    if (!known) this.sortedVodIdsCache = null;
    if (!options.quiet) this.touchShow(showId, show);
    return vod;
  }

  /**
   * Changes a reel, keeping `show.totalRunTime` the sum of its reels, and bumps the show's
   * lastModified (the show's reels changed). Returns undefined for an unknown id.
   */
  updateReel(id: number, patch: ReelInput): ReelDto | undefined {
    const reel = this.reels.get(id);
    if (!reel) return undefined;
    const show = this.shows.get(reel.show);
    const before = reel.length;
    Object.assign(
      reel,
      Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
    );
    if (show) {
      show.totalRunTime += reel.length - before;
      this.touchShow(show.id, show);
    }
    return reel;
  }

  /** Removes a VOD with its chapters and drops it from `show.vods`. */
  deleteVod(id: number): boolean {
    const vod = this.vods.get(id);
    if (!vod) return false;
    for (const chapterId of idArray(vod.chapters)) this.chapterStore.delete(chapterId);
    this.vodStore.delete(id);
    const show = this.shows.get(vod.show);
    if (show) {
      show.vods = idArray(show.vods).filter((vodId) => vodId !== id);
      this.touchShow(show.id, show);
    }
    this.sortedVodIdsCache = null;
    return true;
  }

  /** VOD ids newest first (real servers do not list them in id order either). */
  vodIdsInDefaultOrder(): readonly number[] {
    this.sortedVodIdsCache ??= [...this.vods.ids()].sort((a, b) => b - a);
    return this.sortedVodIdsCache;
  }

  // ---- chapters ------------------------------------------------------------------------------

  /**
   * Adds a chapter to a VOD and lists it in `vod.chapters`. Chapters are their own records: adding
   * one leaves the show's lastModified alone.
   */
  addChapter(vodId: number, input: ChapterInput = {}, options: { id?: number } = {}): ChapterDto {
    const vod = this.vods.get(vodId);
    if (!vod) throw new Error(`No VOD ${vodId}`);
    const id = options.id ?? this.chapterIds.take();
    const chapter: ChapterDto = {
      id,
      vod: vodId,
      title: input.title ?? '',
      body: input.body ?? input.title ?? '',
      operatorNote: input.operatorNote ?? '',
      offset: input.offset ?? 0,
      quickAdded: input.quickAdded ?? false,
      order: input.order ?? null,
      deleted: input.deleted ?? false,
      hidden: input.hidden ?? false,
    };
    this.chapterStore.set(id, chapter);
    if (!vod.chapters.includes(id)) vod.chapters = [...vod.chapters, id];
    return chapter;
  }

  updateChapter(id: number, patch: ChapterInput): ChapterDto | undefined {
    const chapter = this.chapters.get(id);
    if (!chapter) return undefined;
    Object.assign(
      chapter,
      Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    );
    return chapter;
  }

  /** Removes a chapter record and its id from `vod.chapters`. */
  removeChapter(id: number): boolean {
    const chapter = this.chapters.get(id);
    if (!chapter) return false;
    this.chapterStore.delete(id);
    const vod = this.vods.get(chapter.vod);
    if (vod) vod.chapters = idArray(vod.chapters).filter((chapterId) => chapterId !== id);
    return true;
  }

  /** Every chapter record of a VOD (deleted and hidden ones too), in `vod.chapters` order. */
  chaptersOfVod(vodId: number): ChapterDto[] {
    const vod = this.vods.get(vodId);
    if (!vod) return [];
    return idArray(vod.chapters)
      .map((id) => this.chapters.get(id))
      .filter((chapter): chapter is ChapterDto => chapter !== undefined);
  }

  // ---- organisation --------------------------------------------------------------------------

  addLocation(name: string): LocationDto {
    const location: LocationDto = {
      id: this.tableIds.location.take(),
      name,
      vodConfigurations: [],
      routerControlModuleSet: null,
    };
    this.locations.set(location.id, location);
    return location;
  }

  addCategory(input: Omit<CategoryDto, 'id'>): CategoryDto {
    const category = { id: this.tableIds.category.take(), ...input };
    this.categories.set(category.id, category);
    return category;
  }

  addProducer(
    input: Partial<Omit<ProducerDto, 'id'>> & Pick<ProducerDto, 'name' | 'location'>,
  ): ProducerDto {
    const producer: ProducerDto = {
      id: this.tableIds.producer.take(),
      name: input.name,
      active: input.active ?? true,
      address: input.address ?? '',
      contact: input.contact ?? '',
      email: input.email ?? '',
      location: input.location,
      notes: input.notes ?? '',
      phoneOne: input.phoneOne ?? '',
      phoneTwo: input.phoneTwo ?? '',
      website: input.website ?? '',
    };
    this.producers.set(producer.id, producer);
    return producer;
  }

  addProject(
    input: Partial<Omit<ProjectDto, 'id'>> & Pick<ProjectDto, 'name' | 'location'>,
  ): ProjectDto {
    const project: ProjectDto = {
      id: this.tableIds.project.take(),
      name: input.name,
      description: input.description ?? '',
      location: input.location,
      podcast: input.podcast ?? false,
      podcastDescription: input.podcastDescription ?? '',
      podcastName: input.podcastName ?? '',
      podcastUrl: input.podcastUrl ?? '',
      producer: input.producer ?? null,
    };
    this.projects.set(project.id, project);
    return project;
  }

  addControlModuleSet(input: Omit<ControlModuleSetDto, 'id'>): ControlModuleSetDto {
    const set = { id: this.tableIds.controlModuleSet.take(), ...input };
    this.controlModuleSets.set(set.id, set);
    return set;
  }

  addVodConfiguration(
    input: Partial<Omit<VodConfigurationDto, 'id'>> & Pick<VodConfigurationDto, 'location'>,
  ): VodConfigurationDto {
    const config: VodConfigurationDto = {
      id: this.tableIds.vodConfiguration.take(),
      providerName: input.providerName ?? 'TRMS',
      defaultQuality: input.defaultQuality ?? null,
      embedTemplate:
        input.embedTemplate ??
        '<iframe class="trms-player" type="text/html" width="{{width}}" height="{{height}}" src="{{src}}" webkitAllowFullScreen mozallowfullscreen allowfullscreen frameborder="0"></iframe>',
      location: input.location,
      vodControlModuleSet: input.vodControlModuleSet ?? null,
      vodTranscodeQualities: input.vodTranscodeQualities ?? [],
      maximumResolution: input.maximumResolution ?? null,
      secondaryAudioProgramming: input.secondaryAudioProgramming ?? 0,
      primaryAudioLabel: input.primaryAudioLabel ?? null,
      primaryAudioLangCode: input.primaryAudioLangCode ?? null,
      secondaryAudioLabel: input.secondaryAudioLabel ?? null,
      secondaryAudioLangCode: input.secondaryAudioLangCode ?? null,
      excludeMp4FromSync: input.excludeMp4FromSync ?? false,
    };
    this.vodConfigurations.set(config.id, config);
    this.locations.get(config.location)?.vodConfigurations.push(config.id);
    return config;
  }

  addVodTranscodeQuality(
    input: Partial<Omit<VodTranscodeQualityDto, 'id'>> & Pick<VodTranscodeQualityDto, 'name'>,
  ): VodTranscodeQualityDto {
    const quality: VodTranscodeQualityDto = {
      id: this.tableIds.vodTranscodeQuality.take(),
      name: input.name,
      vodProvider: input.vodProvider ?? 'TRMS',
      settingsHash: input.settingsHash ?? null,
      descriptionTemplate: input.descriptionTemplate ?? null,
    };
    this.vodTranscodeQualities.set(quality.id, quality);
    return quality;
  }

  addFileStore(
    input: Partial<Omit<FileStoreDto, 'id'>> & Pick<FileStoreDto, 'name'>,
  ): FileStoreDto {
    const id = this.tableIds.fileStore.take();
    const store: FileStoreDto = {
      id,
      name: input.name,
      location: input.location ?? null,
      storeType: input.storeType ?? 'content',
      url: input.url ?? flatString(`${this.baseUrl}/store-${id}/`),
      isDefault: input.isDefault ?? this.fileStores.size === 0,
    };
    this.fileStores.set(store.id, store);
    return store;
  }

  addFieldDefinition(
    input: Omit<FieldDefinitionDto, 'id' | 'fieldOptions'> & { options?: string[] },
  ): FieldDefinitionDto {
    const id = this.tableIds.fieldDefinition.take();
    const definition: FieldDefinitionDto = {
      id,
      name: input.name,
      type: input.type,
      widget: input.widget,
      location: input.location,
      fieldOptions: (input.options ?? []).map((option, position) => ({
        id: this.tableIds.fieldOption.take(),
        option,
        fieldDefinition: id,
        position,
      })),
    };
    this.fieldDefinitions.set(id, definition);
    return definition;
  }

  addShowField(fieldDefinition: number, label: string | null = null): ShowFieldDto {
    const field: ShowFieldDto = {
      id: this.tableIds.showField.take(),
      label,
      fieldDefinition,
      maxInstances: null,
    };
    this.showFields.set(field.id, field);
    this.showFieldCache.clear();
    return field;
  }

  saveShowSearch(search: Omit<SavedShowSearchDto, 'id'>): SavedShowSearchDto {
    const saved = { id: this.tableIds.savedShowSearch.take(), ...search };
    this.savedShowSearches.set(saved.id, saved);
    return saved;
  }
}

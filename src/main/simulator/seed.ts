import { parseCablecastDate, parseOffsetMinutes } from './cablecast-date';
import { createPrng, type Prng } from './prng';
import {
  CATEGORY_NAMES,
  CITY_NAMES,
  DEFAULT_VOD_QUALITY,
  FILE_STORES,
  MEETING_CHAPTERS,
  PERSON_PRODUCERS,
  PRODUCER_NAMES,
  PROJECT_NAMES,
  VOD_ERRORS,
  VOD_STATE_SHARES,
  VOD_TRANSCODE_QUALITIES,
} from './seed-catalog';
import { KIND_WEIGHTS, PROGRAM_KINDS, type LocalDay, type ProgramKind } from './seed-programs';
import { thumbnailSlugs, type SimulatorData } from './simulator.data';
import { flatString } from './flat-string';
import type { VodState } from './simulator.dtos';
import type { SeedOptions } from './simulator.types';

/** The default newest event date: fixed, so a seed means the same catalog on any day. */
export const DEFAULT_SEED_UNTIL = '2026-11-20T23:59:59';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

interface LocationSeed {
  id: number;
  city: string;
  categories: Map<string, number>;
  producers: Map<string, number>;
  projects: Map<string, number>;
  fields: { tags: number; agenda: number; subCategory: number };
  vodConfiguration: number;
}

/** The server-wide records: transcode qualities and file stores. Draws nothing from the PRNG. */
function seedServer(data: SimulatorData): { qualities: number[]; defaultQuality: number | null } {
  const qualities: number[] = [];
  let defaultQuality: number | null = null;
  for (const q of VOD_TRANSCODE_QUALITIES) {
    const quality = data.addVodTranscodeQuality({
      name: q.name,
      settingsHash: JSON.stringify({
        width: q.width,
        height: q.height,
        videoBitrateKbps: q.videoKbps,
        audioBitrateKbps: q.audioKbps,
        codec: 'h264',
      }),
      descriptionTemplate: `${q.name} (${q.width}×${q.height}, ${q.videoKbps / 1000} Mbps)`,
    });
    qualities.push(quality.id);
    if (q.name === DEFAULT_VOD_QUALITY) defaultQuality = quality.id;
  }
  for (const store of FILE_STORES) data.addFileStore(store);
  return { qualities, defaultQuality };
}

function seedOrganisation(data: SimulatorData, count: number): LocationSeed[] {
  const out: LocationSeed[] = [];
  const server = seedServer(data);
  for (let i = 0; i < count; i++) {
    const base = CITY_NAMES[i % CITY_NAMES.length] ?? 'Springfield';
    const city = i < CITY_NAMES.length ? base : `${base} ${Math.floor(i / CITY_NAMES.length) + 1}`;
    const location = data.addLocation(`${city} Community Television`);
    const cms = data.addControlModuleSet({
      server: 1,
      name: `${city} VOD`,
      controlModule: 'TRMS VOD',
      location: location.id,
      portSetting: '',
    });
    const config = data.addVodConfiguration({
      location: location.id,
      vodControlModuleSet: cms.id,
      vodTranscodeQualities: [...server.qualities],
      defaultQuality: server.defaultQuality,
      maximumResolution: 1080,
    });
    const categories = new Map<string, number>();
    for (const name of CATEGORY_NAMES) {
      categories.set(name, data.addCategory({ location: location.id, name }).id);
    }
    const producers = new Map<string, number>();
    for (const name of PRODUCER_NAMES) {
      const shown = name.replace('{city}', city);
      const isPerson = PERSON_PRODUCERS.has(name);
      producers.set(
        name,
        data.addProducer({
          location: location.id,
          name: shown,
          contact: isPerson ? shown : '',
          email: `${shown
            .toLowerCase()
            .replace(/[^a-z]+/g, '.')
            .replace(/^\.|\.$/g, '')}@example.org`,
          phoneOne: '555-0100',
        }).id,
      );
    }
    const projects = new Map<string, number>();
    for (const name of PROJECT_NAMES) {
      projects.set(
        name,
        data.addProject({
          location: location.id,
          name,
          description: `${name} programming on ${city} Community Television.`,
          podcast: name === 'Inside City Hall',
        }).id,
      );
    }
    const tags = data.addFieldDefinition({
      name: 'Tags',
      type: 'tag',
      widget: null,
      location: location.id,
    });
    const agenda = data.addFieldDefinition({
      name: 'Agenda',
      type: 'file',
      widget: null,
      location: location.id,
    });
    const sub = data.addFieldDefinition({
      name: 'Sub-Category',
      type: 'string',
      widget: 'input',
      location: location.id,
    });
    out.push({
      id: location.id,
      city,
      categories,
      producers,
      projects,
      fields: {
        tags: data.addShowField(tags.id).id,
        agenda: data.addShowField(agenda.id).id,
        subCategory: data.addShowField(sub.id).id,
      },
      vodConfiguration: config.id,
    });
  }
  return out;
}

/** What is decided for a show up front: only numbers, so 50,000 of them cost little. */
interface ShowSpec {
  location: LocationSeed;
  kind: ProgramKind;
  day: LocalDay;
  hour: number;
  minute: number;
  eventMs: number;
  createdMs: number;
  lastModifiedMs: number;
  runtimeSeconds: number;
  twoReels: boolean;
  hasVod: boolean;
  vodState: VodState;
  hasFile: boolean;
  hasCaptions: boolean;
  /** Chapters of the VOD (0: none). */
  chapters: number;
}

/** Ids handed out up front, so building a show later never touches a sequence. */
interface ShowIds {
  show: number;
  reels: number[];
  vod: number | null;
  chapters: number[];
  customFields: number[];
  /** thumbnails 0–4, agenda 5, playback 6, second reel 7 */
  assetBase: number;
  mediaBase: number;
}

const ASSETS_PER_SHOW = 8;
/** Share of complete meeting VODs that carry chapters. */
const CHAPTERED_SHARE = 0.6;
const MEDIA_PER_SHOW = 2;

/** A per-show PRNG seed: the same show gets the same text whenever it is first built. */
function showSeed(randomSeed: number, ordinal: number): number {
  let h = (randomSeed ^ Math.imul(ordinal + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Fills `data` with a deterministic community-TV catalog: the same `randomSeed` always gives the
 * same records (ids, titles, dates, VOD states).
 *
 * Only ids and sort keys are made now; each show (with its reels and VOD) is built on first
 * access from its own PRNG, so start-up stays fast at 50,000 shows and the result does not depend
 * on which show is looked at first.
 */
export function seedSimulatorData(data: SimulatorData, options: SeedOptions): void {
  const randomSeed = options.randomSeed ?? 1;
  const rng = createPrng(randomSeed);
  const locations = seedOrganisation(data, Math.max(1, options.locations ?? 1));
  const count = Math.max(0, Math.floor(options.shows));
  if (count === 0) return;

  const offsetMs = parseOffsetMinutes(data.timeZoneOffset) * 60_000;
  const untilMs =
    options.until instanceof Date
      ? options.until.getTime()
      : (parseCablecastDate(options.until ?? DEFAULT_SEED_UNTIL, data.timeZoneOffset)?.ms ?? NaN);
  if (!Number.isFinite(untilMs))
    throw new Error(`seed.until is not a date: ${String(options.until)}`);
  // A big catalog is an old station: spread over more years.
  const years = Math.min(20, Math.max(2, Math.ceil(count / 2500)));
  const spanDays = years * 365;
  // No edit from the future: the catalog was exported a few days after its newest event, and
  // at least an hour before the simulator started, so a sync right after start-up sees every
  // seeded show as settled (its watermark trusts only values some minutes older than the server's
  // clock) and an incremental sync after a full one finds nothing to fetch. Whole hours, so
  // simulators seeded within the same hour still serve the same catalog.
  const startHourMs = Math.floor(data.clock.wallTime() / HOUR_MS) * HOUR_MS;
  const latestEditMs = Math.min(untilMs + 5 * DAY_MS, startHourMs - HOUR_MS);
  // Local midnights expressed as UTC timestamps of the local wall clock.
  const lastLocalDay = Math.floor((untilMs + offsetMs) / DAY_MS) * DAY_MS;
  const firstLocalDay = lastLocalDay - (spanDays - 1) * DAY_MS;

  const specs: ShowSpec[] = [];
  for (let i = 0; i < count; i++) {
    const location = locations.length === 1 ? locations[0]! : rng.pick(locations);
    const kind = rng.weighted(PROGRAM_KINDS, KIND_WEIGHTS);
    let localDay = firstLocalDay + rng.int(0, spanDays - 1) * DAY_MS;
    // Move to the next day the program really happens on (back a week if that passes the end).
    const firstWeekday = new Date(localDay).getUTCDay();
    let shift = 0;
    while (!kind.days.includes((firstWeekday + shift) % 7)) shift++;
    localDay += shift * DAY_MS;
    if (localDay > lastLocalDay) localDay -= 7 * DAY_MS;
    const wall = new Date(localDay);
    const [hour, minute] = rng.pick(kind.times);
    const eventMs = localDay + (hour * 60 + minute) * 60_000 - offsetMs;
    const runtimeSeconds = rng.int(kind.runtimeMinutes[0] * 60, kind.runtimeMinutes[1] * 60);
    // Shows are entered before the event; edits land after it, a few much later.
    const createdMs = eventMs - rng.int(2 * HOUR_MS, 10 * DAY_MS) - rng.int(0, 999);
    let lastModifiedMs =
      eventMs + runtimeSeconds * 1000 + rng.int(HOUR_MS, 5 * DAY_MS) + rng.int(0, 999);
    if (rng.chance(0.08)) lastModifiedMs += rng.int(DAY_MS, 365 * DAY_MS);
    lastModifiedMs = Math.min(lastModifiedMs, latestEditMs - rng.int(0, HOUR_MS));
    const hasVod = rng.chance(0.87);
    const vodState = rng.weighted<VodState>(VOD_STATE_SHARES.states, VOD_STATE_SHARES.shares);
    const hasFile = hasVod ? vodState !== 'waiting' : rng.chance(0.7);
    specs.push({
      location,
      kind,
      day: { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() },
      hour,
      minute,
      eventMs,
      createdMs,
      lastModifiedMs,
      runtimeSeconds,
      // A long meeting is sometimes recorded on two reels.
      twoReels: runtimeSeconds > 2 * 3600 && rng.chance(0.25),
      hasVod,
      vodState,
      hasFile,
      hasCaptions: hasVod && vodState === 'complete' && rng.chance(kind.captionLikelihood),
      chapters: 0,
    });
  }

  // Every lastModified distinct, so `lastModified greaterThan` pages never split a tie.
  const byModified = [...specs].sort((a, b) => a.lastModifiedMs - b.lastModifiedMs);
  for (let i = 1; i < byModified.length; i++) {
    const previous = byModified[i - 1]!;
    const current = byModified[i]!;
    if (current.lastModifiedMs <= previous.lastModifiedMs)
      current.lastModifiedMs = previous.lastModifiedMs + 1;
  }
  // Ties pushed forward may pass the latest edit: pull the newest back, each below the next.
  let ceiling = latestEditMs;
  for (let i = byModified.length - 1; i >= 0; i--) {
    const spec = byModified[i]!;
    if (spec.lastModifiedMs <= ceiling) break;
    spec.lastModifiedMs = ceiling;
    ceiling -= 1;
  }
  // Never created after its last edit, even a show whose event is still to come.
  for (const spec of specs) spec.createdMs = Math.min(spec.createdMs, spec.lastModifiedMs);
  // Ids grow with creation time, as on a real server.
  specs.sort((a, b) => a.createdMs - b.createdMs);
  // Which VODs have chapters, and how many: from a hash of the show's place, not from `rng`, so
  // the rest of the catalog is what it was before chapters were simulated.
  specs.forEach((spec, ordinal) => {
    if (!spec.kind.chaptered || !spec.hasVod || spec.vodState !== 'complete') return;
    const hash = showSeed(randomSeed ^ 0x0c4a_97e5, ordinal);
    if ((hash % 1000) / 1000 < CHAPTERED_SHARE) spec.chapters = 5 + ((hash >>> 10) % 5);
  });

  const fieldsPerShow = 3;
  const customFieldBase = data.customFieldIds.reserve(count * fieldsPerShow);
  const assetBase = data.assetIds.reserve(count * ASSETS_PER_SHOW);
  const mediaBase = data.mediaIds.reserve(count * MEDIA_PER_SHOW);
  specs.forEach((spec, ordinal) => {
    const show = data.contentIds.take();
    const reels = spec.twoReels
      ? [data.contentIds.take(), data.contentIds.take()]
      : [data.contentIds.take()];
    const vod = spec.hasVod ? data.contentIds.take() : null;
    const firstChapter = data.chapterIds.reserve(spec.chapters);
    const chapters = Array.from({ length: spec.chapters }, (_, k) => firstChapter + k);
    const firstField = customFieldBase + ordinal * fieldsPerShow;
    const ids: ShowIds = {
      show,
      reels,
      vod,
      chapters,
      customFields: [firstField, firstField + 1, firstField + 2],
      assetBase: assetBase + ordinal * ASSETS_PER_SHOW,
      mediaBase: mediaBase + ordinal * MEDIA_PER_SHOW,
    };
    data.deferShow({
      id: show,
      reelIds: reels,
      vodId: vod,
      chapterIds: chapters,
      location: spec.location.id,
      eventDateMs: spec.eventMs,
      lastModifiedMs: spec.lastModifiedMs,
      build: () => buildShow(data, spec, ids, createPrng(showSeed(randomSeed, ordinal))),
    });
  });
}

function buildShow(data: SimulatorData, spec: ShowSpec, ids: ShowIds, rng: Prng): void {
  const { location } = spec;
  const draft = spec.kind.make({
    city: location.city,
    day: spec.day,
    hour: spec.hour,
    minute: spec.minute,
    rng,
  });
  const thumbnailOptions = spec.hasFile ? [0, 1, 2, 3, 4].map((k) => ids.assetBase + k) : [];
  const thumbnail = thumbnailOptions[0] ?? null;
  const agendaValue = draft.hasAgenda ? ids.assetBase + 5 : null;
  const playbackAsset = spec.hasFile ? ids.assetBase + 6 : null;
  const { year, month, day } = spec.day;
  const eventDay = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  data.addShow(
    {
      location: location.id,
      title: flatString(draft.title),
      cgTitle: flatString(draft.cgTitle),
      comments: flatString(draft.comments),
      category: location.categories.get(draft.category) ?? null,
      producer: location.producers.get(draft.producer) ?? null,
      project: location.projects.get(draft.project) ?? null,
      eventDate: spec.eventMs,
      crawlLength: 14400,
      runCount: rng.chance(0.2) ? 0 : rng.int(1, 90),
      custom1: draft.hasAgenda ? 'Council Chambers' : null,
      thumbnail,
      thumbnailOptions,
      thumbnailImage: thumbnail === null ? null : { url: data.thumbnailUrl(thumbnail) },
      showThumbnails: thumbnail === null ? [] : thumbnailSlugs(thumbnail),
      hasCaptions: spec.hasCaptions,
      customFields: [
        { showField: location.fields.tags, value: draft.tags.length ? draft.tags.join(',') : null },
        {
          showField: location.fields.agenda,
          value: agendaValue,
          fieldValueString: agendaValue === null ? null : flatString(`agenda-${eventDay}.pdf`),
        },
        { showField: location.fields.subCategory, value: draft.subCategory },
      ],
    },
    {
      id: ids.show,
      created: spec.createdMs,
      lastModified: spec.lastModifiedMs,
      customFieldIds: ids.customFields,
    },
  );
  const half = Math.floor(spec.runtimeSeconds / 2);
  const lengths = spec.twoReels ? [half, spec.runtimeSeconds - half] : [spec.runtimeSeconds];
  lengths.forEach((length, index) => {
    data.addReel(
      ids.show,
      {
        length,
        reelNumber: index + 1,
        media: ids.mediaBase + index,
        hasValidFile: spec.hasFile,
        playbackAsset: spec.hasFile ? (index === 0 ? playbackAsset : ids.assetBase + 7) : null,
      },
      { id: ids.reels[index]!, quiet: true },
    );
  });
  if (ids.vod === null) return;
  const state = spec.vodState;
  data.addVod(
    ids.show,
    {
      vodState: state,
      vodConfiguration: location.vodConfiguration,
      asset: playbackAsset,
      views: state === 'complete' ? rng.int(0, 600) : 0,
      percentComplete:
        state === 'complete'
          ? 1
          : state === 'processing'
            ? Math.round(rng.next() * 90 + 5) / 100
            : 0,
      errorMessage: state === 'error' ? rng.pick(VOD_ERRORS) : null,
      statusMessage: state === 'waiting' ? 'Waiting for a digital file' : null,
      chapters: ids.chapters,
      chaptersPublished: ids.chapters.length > 0,
    },
    { id: ids.vod, quiet: true },
  );
  // After every other draw from `rng`, so chapters change nothing else about the show.
  addAgendaChapters(data, ids.vod, ids.chapters, draft.agenda ?? [], spec.runtimeSeconds, rng);
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Chapters the way stations mark up meetings: the standing items, then the agenda, then adjourn. */
function addAgendaChapters(
  data: SimulatorData,
  vodId: number,
  chapterIds: readonly number[],
  agenda: readonly string[],
  runtimeSeconds: number,
  rng: Prng,
): void {
  const count = chapterIds.length;
  if (count === 0) return;
  const middle = [...agenda.map(sentenceCase), ...MEETING_CHAPTERS.reports];
  const titles = [...MEETING_CHAPTERS.opening, ...middle]
    .slice(0, count - 1)
    .concat(MEETING_CHAPTERS.closing);
  // Evenly spread with some jitter, always increasing, the last one before the end.
  let offset = 0;
  titles.forEach((title, index) => {
    if (index > 0) {
      const share = runtimeSeconds / count;
      offset = Math.max(offset + 30, Math.round(index * share + (rng.next() - 0.5) * share * 0.6));
    }
    data.addChapter(
      vodId,
      {
        title,
        body: index === 0 ? 'The meeting is called to order.' : title,
        offset: Math.min(offset, Math.max(0, runtimeSeconds - 10)),
        order: index + 1,
      },
      { id: chapterIds[index] },
    );
  });
}

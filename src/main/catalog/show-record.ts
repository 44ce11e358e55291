import { VOD_STATES, type VodState } from '../../shared/catalog';
import type { Reel, Show, Vod } from '../cablecast';
import type { StoredCustomField, StoredReel } from './catalog.schema';

/**
 * A show as the catalog stores it: Cablecast's record flattened to what the list, the search index
 * and the detail pane read. Lookup names are not here: the store copies them from its lookup tables.
 */
export interface CatalogShow {
  id: number;
  locationId: number | null;
  title: string;
  cgTitle: string | null;
  comments: string | null;
  eventDate: string | null;
  eventAt: number | null;
  eventDay: string | null;
  lastModified: string | null;
  lastModifiedAt: number | null;
  categoryId: number | null;
  producerId: number | null;
  projectId: number | null;
  totalRunTime: number | null;
  hasCaptions: boolean;
  customFields: StoredCustomField[];
  customText: string | null;
  reels: StoredReel[];
  vodId: number | null;
  vodState: VodState | null;
  vodPercent: number | null;
  vodUrl: string | null;
  vodEmbed: string | null;
  vodChaptersPublished: boolean;
  vodIsWatchable: boolean | null;
  vodViews: number | null;
  thumbnailUrl: string | null;
  thumbnailId: number | null;
  thumbnailOptions: number[];
}

/** Field types whose `value` is the id of something else (an option, an asset, a producer). */
const REFERENCE_TYPES = new Set(['select', 'file', 'producer']);
const KNOWN_VOD_STATES: ReadonlySet<string> = new Set(VOD_STATES);
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;
const US_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/;

/** Epoch milliseconds of a Cablecast date, or null. Compared as instants, whatever the offset. */
export function instantOf(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The server's local calendar day of a date as Cablecast wrote it. The offset in the string is the
 * server's, so its own digits are the local day: no time-zone arithmetic, and none of the client's.
 * The legacy "7/14/2026 12:00:00 AM" form is read the same way.
 */
export function localDayOf(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const iso = ISO_DAY.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const us = US_DAY.exec(value);
  if (us) return `${us[3]}-${us[1]?.padStart(2, '0')}-${us[2]?.padStart(2, '0')}`;
  return null;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

function customFieldsOf(show: Show): StoredCustomField[] {
  const out: StoredCustomField[] = [];
  for (const field of show.customFields) {
    const type = field.type ?? null;
    const raw = field.value;
    const isReference = typeof raw === 'number' && type !== null && REFERENCE_TYPES.has(type);
    let value = nonEmpty(field.fieldValueString);
    if (value === null && !isReference) {
      if (typeof raw === 'string') value = nonEmpty(raw);
      else if (typeof raw === 'number' || typeof raw === 'boolean') value = String(raw);
    }
    out.push({
      showField: field.showField ?? null,
      fieldName: field.fieldName ?? null,
      type,
      value,
      refId: isReference ? raw : null,
    });
  }
  // The legacy custom1..custom8 strings still carry data on older catalogs.
  for (let n = 1; n <= 8; n++) {
    const value = nonEmpty(show[`custom${n}` as `custom${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8}`]);
    if (value !== null) {
      out.push({ showField: null, fieldName: `Custom ${n}`, type: 'string', value, refId: null });
    }
  }
  return out;
}

function pickVod(
  show: Show,
  vods: ReadonlyMap<number, Vod>,
): { id: number; vod: Vod | null } | null {
  for (const id of show.vods) {
    const vod = vods.get(id);
    if (vod) return { id, vod };
  }
  const first = show.vods[0];
  return first === undefined ? null : { id: first, vod: null };
}

function vodStateOf(vod: Vod | null): VodState | null {
  const state = vod?.vodState;
  if (state === null || state === undefined) return null;
  // A state a newer server invents still means "has a VOD"; the list shows it as unknown.
  return KNOWN_VOD_STATES.has(state) ? (state as VodState) : 'unknown';
}

function roundedOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value)
    ? null
    : Math.round(value);
}

/** Flattens a validated show and its sideloaded reels and VODs (`include=reel,vod`). */
export function toCatalogShow(
  show: Show,
  reels: ReadonlyMap<number, Reel>,
  vods: ReadonlyMap<number, Vod>,
): CatalogShow {
  const customFields = customFieldsOf(show);
  const texts = customFields.map((field) => field.value).filter((v): v is string => v !== null);
  const chosen = pickVod(show, vods);
  const vod = chosen?.vod ?? null;
  return {
    id: show.id,
    locationId: show.location ?? null,
    title: show.title,
    cgTitle: show.cgTitle ?? null,
    comments: show.comments ?? null,
    eventDate: show.eventDate ?? null,
    eventAt: instantOf(show.eventDate),
    eventDay: localDayOf(show.eventDate),
    lastModified: show.lastModified ?? null,
    lastModifiedAt: instantOf(show.lastModified),
    categoryId: show.category ?? null,
    producerId: show.producer ?? null,
    projectId: show.project ?? null,
    totalRunTime: roundedOrNull(show.totalRunTime),
    hasCaptions: show.hasCaptions === true,
    customFields,
    customText: texts.length === 0 ? null : texts.join(' '),
    reels: show.reels.map((id) => {
      const reel = reels.get(id);
      return {
        id,
        reelNumber: reel?.reelNumber ?? null,
        length: reel?.length ?? null,
        cue: reel?.cue ?? null,
      };
    }),
    vodId: chosen?.id ?? null,
    vodState: vodStateOf(vod),
    vodPercent: vod?.percentComplete ?? null,
    vodUrl: vod?.url ?? null,
    vodEmbed: vod?.embedCode ?? null,
    vodChaptersPublished: vod?.chaptersPublished === true,
    vodIsWatchable: vod?.isWatchable ?? null,
    vodViews: vod?.views ?? null,
    thumbnailUrl: show.thumbnailImage?.url ?? null,
    thumbnailId: show.thumbnail ?? null,
    thumbnailOptions: [...show.thumbnailOptions],
  };
}

/** Ranked show suggestions for a recording, and the one exact link: the Cablecast file key. */
import { parseFileKey } from './file-key';
import { parseEventDateFromName, type DateCandidate } from './filename-date';
import { compareTitles, prepareTitle, type PreparedTitle } from './title-similarity';

export interface CatalogShowForLinking {
  id: number;
  title: string;
  cgTitle: string | null;
  /** ISO date or date-time of the event; only the day is used. */
  eventDate: string | null;
  /** Seconds. */
  totalRunTime: number | null;
}

export interface RecordingForLinking {
  fileName: string;
  durationSec: number | null;
}

export interface LinkSuggestion {
  showId: number;
  /** 0..1; 1 only for the file key. */
  score: number;
  method: 'file-key' | 'suggestion';
  /** Only the file key is certain; anything else waits for an operator. */
  isCertain: boolean;
  reasons: string[];
}

export interface LinkResult {
  suggestions: LinkSuggestion[];
  /** Things the operator should know that belong to no one suggestion. */
  notes: string[];
}

export interface SuggestOptions {
  /** How many suggestions to return (default 10). */
  limit?: number;
  /** The day file-name dates are judged against (default today). */
  now?: Date;
}

interface IndexedShow {
  show: CatalogShowForLinking;
  title: PreparedTitle;
  cg: PreparedTitle | null;
  day: number | null;
}

/** Word counts above this are too common to narrow the field (every "county" show). */
const COMMON_WORD_SHARE = 0.2;
const WEIGHT = { title: 0.55, date: 0.3, runTime: 0.15 };
/** A suggestion never reaches certainty: that is reserved for the file key. */
const MAX_SUGGESTION_SCORE = 0.99;
const DAY_MS = 86_400_000;

function dayNumber(iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso.slice(0, 10) + 'T00:00:00Z');
  return Number.isNaN(t) ? null : Math.round(t / DAY_MS);
}

export function formatRunTime(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/**
 * The catalog prepared once for many look-ups: titles tokenised, and shows found by word and by
 * day, so a look-up scores a few hundred likely shows rather than all 50,000.
 */
export class LinkIndex {
  private readonly byId = new Map<number, IndexedShow>();
  private readonly byWord = new Map<string, IndexedShow[]>();
  private readonly byDay = new Map<number, IndexedShow[]>();

  constructor(shows: readonly CatalogShowForLinking[]) {
    // Catalogs repeat titles (every council meeting has the same one): prepare each once.
    const prepared = new Map<string, PreparedTitle>();
    const prepare = (text: string): PreparedTitle => {
      let p = prepared.get(text);
      if (!p) prepared.set(text, (p = prepareTitle(text)));
      return p;
    };
    for (const show of shows) {
      const title = prepare(show.title);
      const cg = show.cgTitle && show.cgTitle !== show.title ? prepare(show.cgTitle) : null;
      const entry: IndexedShow = { show, title, cg, day: dayNumber(show.eventDate) };
      this.byId.set(show.id, entry);
      for (const word of new Set([...title.tokens, ...(cg?.tokens ?? [])]))
        push(this.byWord, word, entry);
      if (entry.day !== null) push(this.byDay, entry.day, entry);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  has(showId: number): boolean {
    return this.byId.has(showId);
  }

  /**
   * Whether ranking a recording could meet any of these shows: it meets only the shows sharing a
   * title word with its name or falling on a day next to a date in it (see `candidates`), and the
   * show its file key names. A recording these shows cannot reach keeps its ranking when they
   * change, except when one of them was its suggestion, which the caller checks. (How common a
   * word counts moves a little with the catalog's size; that alone does not rank again.)
   */
  reaches(showIds: ReadonlySet<number>): (recording: { fileName: string }) => boolean {
    const words = new Set<string>();
    const days = new Set<number>();
    for (const id of showIds) {
      const entry = this.byId.get(id);
      if (!entry) continue;
      for (const word of entry.title.tokens) words.add(word);
      for (const word of entry.cg?.tokens ?? []) words.add(word);
      if (entry.day !== null) for (let d = entry.day - 1; d <= entry.day + 1; d++) days.add(d);
    }
    return ({ fileName }) => {
      const key = parseFileKey(fileName);
      if (key && showIds.has(key.showId)) return true;
      if (recordingTitle(fileName).tokens.some((word) => words.has(word))) return true;
      return parseEventDateFromName(fileName).some((c) => {
        const day = dayNumber(c.date);
        return day !== null && days.has(day);
      });
    };
  }

  /**
   * Shows on or next to any candidate day, plus the shows sharing the most title words (at most
   * `titleCap` of them, so a common word like "council" does not bring in half the catalog).
   */
  candidates(days: readonly number[], words: readonly string[], titleCap = 300): Set<IndexedShow> {
    const found = new Set<IndexedShow>();
    for (const day of days)
      for (let d = day - 1; d <= day + 1; d++)
        for (const e of this.byDay.get(d) ?? []) found.add(e);
    const limit = Math.max(50, this.byId.size * COMMON_WORD_SHARE);
    const postings = words
      .map((w) => this.byWord.get(w) ?? [])
      .filter((p) => p.length > 0)
      .sort((a, b) => a.length - b.length);
    const shared = new Map<IndexedShow, number>();
    // Always use the rarest word, even if common, so a plain title still finds something.
    postings.forEach((p, i) => {
      if (i === 0 || p.length <= limit) for (const e of p) shared.set(e, (shared.get(e) ?? 0) + 1);
    });
    // Bucket by shared-word count: linear, where a sort of thousands of shows would not be.
    const buckets: IndexedShow[][] = [];
    for (const [e, n] of shared) (buckets[n] ??= []).push(e);
    let taken = 0;
    for (let n = buckets.length - 1; n > 0 && taken < titleCap; n--)
      for (const e of buckets[n] ?? []) {
        if (taken++ >= titleCap) break;
        found.add(e);
      }
    return found;
  }
}

/** A file name's title words, without the file key in front. */
function recordingTitle(fileName: string): PreparedTitle {
  return prepareTitle(fileName.replace(/^\s*\d+\s*-\s*\d+\s*-/, ''));
}

function push<K>(map: Map<K, IndexedShow[]>, key: K, entry: IndexedShow): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

function scoreShow(
  entry: IndexedShow,
  title: PreparedTitle,
  dates: readonly (DateCandidate & { day: number })[],
  durationSec: number | null,
): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  const main = compareTitles(title, entry.title);
  const cg = entry.cg ? compareTitles(title, entry.cg) : null;
  const best = cg && cg.score > main.score ? cg : main;
  if (best.sharedWords > 0)
    reasons.push(
      `Title matches ${best.sharedWords} of ${best.showWords} word${best.showWords === 1 ? '' : 's'}${best === cg ? ' (CG title)' : ''}`,
    );
  else if (best.score > 0.3) reasons.push('Title is spelled similarly');

  let dateScore = 0;
  let dateReason: string | null = null;
  if (entry.day !== null) {
    for (const c of dates) {
      const gap = Math.abs(c.day - entry.day);
      const s = gap === 0 ? c.confidence : gap === 1 ? 0.5 * c.confidence : 0;
      if (s > dateScore) {
        dateScore = s;
        dateReason =
          gap === 0
            ? `Same event date as the file name (${c.date})`
            : `Event date ${entry.show.eventDate?.slice(0, 10) ?? ''} is one day from the file name's ${c.date}`;
      }
    }
  }
  if (dateReason) reasons.push(dateReason);

  let runScore = 0;
  const total = entry.show.totalRunTime;
  if (durationSec !== null && total !== null && total > 0) {
    const diff = Math.abs(durationSec - total);
    runScore = diff <= 120 ? 1 : diff <= total * 0.1 ? 0.5 : 0;
    if (runScore > 0)
      reasons.push(`Run time ${formatRunTime(durationSec)} vs ${formatRunTime(total)}`);
  }

  const score = WEIGHT.title * best.score + WEIGHT.date * dateScore + WEIGHT.runTime * runScore;
  return { score: Math.min(MAX_SUGGESTION_SCORE, Math.round(score * 1000) / 1000), reasons };
}

/**
 * Ranks catalog shows for a recording. The file key of a show in the catalog is the one certain
 * link; everything else is a suggestion with its reasons, for an operator to confirm.
 */
export function suggestLinks(
  recording: RecordingForLinking,
  index: LinkIndex,
  options: SuggestOptions = {},
): LinkResult {
  const limit = options.limit ?? 10;
  const notes: string[] = [];
  const suggestions: LinkSuggestion[] = [];
  const key = parseFileKey(recording.fileName);
  let keyShow: number | null = null;
  if (key) {
    if (index.has(key.showId)) {
      keyShow = key.showId;
      suggestions.push({
        showId: key.showId,
        score: 1,
        method: 'file-key',
        isCertain: true,
        reasons: [
          `File name carries the Cablecast file key for show ${key.showId}, reel ${key.reel}`,
        ],
      });
    } else {
      notes.push(
        `File name carries the file key for show ${key.showId}, which is not in the catalog (deleted, another location, or not synced yet)`,
      );
    }
  }

  const title = recordingTitle(recording.fileName);
  const dates = parseEventDateFromName(recording.fileName, options.now ? { now: options.now } : {})
    .map((c) => ({ ...c, day: dayNumber(c.date) }))
    .filter((c): c is DateCandidate & { day: number } => c.day !== null);
  const ranked: LinkSuggestion[] = [];
  for (const entry of index.candidates(
    dates.map((d) => d.day),
    title.tokens,
  )) {
    if (entry.show.id === keyShow) continue;
    const { score, reasons } = scoreShow(entry, title, dates, recording.durationSec);
    if (score <= 0.05) continue;
    if (key && !keyShow) reasons.push(`The file key names show ${key.showId}, not this one`);
    ranked.push({ showId: entry.show.id, score, method: 'suggestion', isCertain: false, reasons });
  }
  ranked.sort((a, b) => b.score - a.score || a.showId - b.showId);
  suggestions.push(...ranked.slice(0, Math.max(0, limit - suggestions.length)));
  return { suggestions, notes };
}

/** The first draft of a recording's public title, description, tags and chapters. */
import type { DraftChapter, RecordingDraft } from '../../../shared/library';
import { parseFileKey } from '../file-key';
import { parseEventDateFromName } from '../filename-date';
import { titleTokens } from '../title-similarity';
import { normalizeChapters } from './chapters';
import type { ParsedSummary } from './summary-text';
import { cutAtSentence, formatHms, stripDiacritics, tidyCase } from './text';
import { isTagWord, stem } from './words';

export interface DraftInput {
  fileName: string;
  /** Event date, `YYYY-MM-DD`, or null. */
  eventDate: string | null;
  summary: ParsedSummary | null;
  durationSec: number | null;
  frameRate: number | null;
  /** Title of the linked Cablecast show, if any. */
  showTitle?: string | null;
}

export const MAX_DESCRIPTION = 2000;
export const MAX_TAGS = 12;
const MAX_TITLE = 255;

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** `2025-01-07` → `January 7, 2025`; null for anything else. */
export function dateInWords(isoDate: string | null): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '');
  const month = MONTH_NAMES[Number(m?.[2]) - 1];
  if (!m || !month) return null;
  return `${month} ${Number(m[3])}, ${m[1]}`;
}

/** Words Cablecast cuts short in file keys (`Birchwood Council Me`), completed when unambiguous. */
const CUT_WORDS = [
  'meeting',
  'session',
  'workshop',
  'hearing',
  'commission',
  'committee',
  'council',
  'board',
];

/**
 * A title from a video file name: no folders, extension, file key (`21413-1-`) or date, `_` and
 * `.` read as spaces, re-cased only when written all in capitals or all in lower case. A last
 * word cut short by a file key's length limit is completed when only one meeting word fits.
 */
export function titleFromFileName(fileName: string, eventDate: string | null = null): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  let stemText = dot > 0 && base.length - dot <= 6 ? base.slice(0, dot) : base;
  const keyed = parseFileKey(base) !== null;
  if (keyed) stemText = stemText.replace(/^\s*\d+\s*-\s*\d+\s*-/, '');
  for (const d of parseEventDateFromName(stemText)) {
    if (d.confidence >= 0.5 || d.date === eventDate) stemText = stemText.split(d.text).join(' ');
  }
  let title = stemText
    .replace(/[_.]+/g, ' ')
    .replace(/\(\s*\)|\[\s*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:–—-]+|[\s,;:–—(-]+$/g, '')
    .replace(/\s+[-–—]\s*$/, '');
  if (keyed) {
    const words = title.split(' ');
    const last = words[words.length - 1]?.toLowerCase() ?? '';
    const fits = CUT_WORDS.filter((w) => last.length >= 2 && w.startsWith(last) && w !== last);
    const only = fits[0];
    if (fits.length === 1 && only) {
      const lastWord = words[words.length - 1] ?? '';
      const upperStart = lastWord.charAt(0) === lastWord.charAt(0).toUpperCase();
      words[words.length - 1] = upperStart ? only.charAt(0).toUpperCase() + only.slice(1) : only;
      title = words.join(' ');
    }
  }
  return tidyCase(title.trim()).slice(0, MAX_TITLE);
}

/** `Birchwood City Council – January 7, 2025`; the title alone when the date is unknown or in it. */
export function cgTitleFor(title: string, eventDate: string | null): string {
  const words = dateInWords(eventDate);
  if (!words || !title) return (title || words || '').slice(0, MAX_TITLE);
  const hasDate = parseEventDateFromName(title).some((d) => d.date === eventDate);
  return hasDate ? title.slice(0, MAX_TITLE) : `${title} – ${words}`.slice(0, MAX_TITLE);
}

function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}[\p{L}'’-]*\p{L}/gu) ?? []).map((w) =>
    w.replace(/['’]s?$/, ''),
  );
}

/** Whether a word survives the title stop words and is worth a tag. */
function salient(word: string): boolean {
  const folded = stripDiacritics(word);
  return isTagWord(folded) && titleTokens(`${folded} `).length > 0;
}

/**
 * Up to 12 lower-case tags: the summary's keywords first, then the title's words, then the words
 * the description repeats most (twice or more), skipping stop words and words every meeting has.
 * A word is not added when a tag with the same stem (`budget`/`budgets`) is already there.
 */
export function proposeTags(
  keywords: readonly string[],
  title: string,
  description: string,
): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  const add = (tag: string): void => {
    const t = tag.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 64);
    const key = stem(stripDiacritics(t));
    if (!t || seen.has(key) || tags.length >= MAX_TAGS) return;
    seen.add(key);
    tags.push(t);
  };
  for (const k of keywords) add(k.replace(/^#/, ''));
  for (const w of wordsOf(title)) if (salient(w)) add(w);
  const counts = new Map<string, { word: string; count: number; first: number }>();
  wordsOf(description).forEach((w, i) => {
    if (!salient(w)) return;
    const key = stem(stripDiacritics(w));
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { word: w, count: 1, first: i });
  });
  const repeated = [...counts.values()]
    .filter((e) => e.count >= 2)
    .sort((a, b) => b.count - a.count || a.first - b.first);
  for (const e of repeated) add(e.word);
  return tags;
}

/**
 * Two-part times (`12:34`) are minutes:seconds. A summary whose times are all two-part is reread
 * as hours:minutes only when there are at least two, the video is known to run over an hour, and
 * read as hours:minutes they all fall inside it with the last past its first quarter: read as
 * minutes:seconds they would all crowd into its first minute or two, which no summary of a long
 * meeting does. Returns the chapters to use and whether they were reread.
 */
export function readTwoPartTimesAsHours(
  summary: Pick<ParsedSummary, 'timestamps' | 'twoPartTimes'>,
  durationSec: number | null,
): DraftChapter[] | null {
  const times = summary.timestamps;
  if (!summary.twoPartTimes || times.length < 2 || durationSec === null || durationSec <= 3600) {
    return null;
  }
  const last = Math.max(...times.map((t) => t.offsetSec)) * 60;
  if (last >= durationSec || last < durationSec / 4) return null;
  return times.map((t) => ({ offsetSec: t.offsetSec * 60, title: t.title }));
}

/**
 * Proposes a draft from what is known about a recording. Title: the summary's, else the show's,
 * else one cleaned from the file name. The CG title adds the event date in words. Chapters come
 * from the summary's timestamps, normalised to the video (no chapter is added at 0:00). `notes`
 * says in plain words what could not be done.
 */
export function proposeDraft(input: DraftInput): RecordingDraft {
  const { summary } = input;
  const notes: string[] = [];
  const title = (
    summary?.title?.trim() ||
    input.showTitle?.trim() ||
    titleFromFileName(input.fileName, input.eventDate)
  ).slice(0, MAX_TITLE);
  const description = cutAtSentence(summary?.description.trim() ?? '', MAX_DESCRIPTION);

  if (!summary) {
    notes.push(
      'There is no summary to draft from, so the title comes from the file name and there is no description or chapters.',
    );
  } else {
    notes.push(...summary.problems);
    if (!summary.description.trim())
      notes.push('The summary has no prose, so the description is empty.');
    if (summary.description.trim().length > MAX_DESCRIPTION) {
      notes.push(`The summary was shortened to fit the ${MAX_DESCRIPTION}-character description.`);
    }
  }

  let chapters: DraftChapter[] = [];
  if (summary && summary.timestamps.length > 0) {
    const reread = readTwoPartTimesAsHours(summary, input.durationSec);
    if (reread && input.durationSec !== null) {
      notes.push(
        `The summary's times were read as hours:minutes (1:15 = 1 hour 15 minutes), since as minutes:seconds they would all fall in the first minutes of a ${formatHms(input.durationSec)} video.`,
      );
    }
    const normalized = normalizeChapters(reread ?? summary.timestamps, {
      durationSec: input.durationSec,
      frameRate: input.frameRate,
    });
    chapters = normalized.chapters;
    notes.push(...normalized.notes);
  } else if (summary) {
    notes.push(
      'The summary has no timestamps, so no chapters were drafted: paste the agenda to draft them.',
    );
  }

  return {
    title,
    cgTitle: cgTitleFor(title, input.eventDate),
    description,
    tags: proposeTags(summary?.keywords ?? [], title, summary?.description ?? ''),
    chapters,
    chaptersSource: chapters.length > 0 ? 'summary' : 'none',
    updatedAt: null,
    approvedAt: null,
    notes,
    fields: {},
    base: null,
  };
}

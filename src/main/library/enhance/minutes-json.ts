/**
 * Minutes as JSON, in the shapes vendors write: `{ title, summary | description | overview,
 * chapters | topics | items | agenda: [{ start | time | timestamp | offset | startSec, title |
 * topic | name | label }], tags | keywords }`, a bare array of chapters, or the same object under
 * `meeting`, `minutes`, `data` or `result`. Times are seconds or `h:mm:ss` / `m:ss` strings.
 */
import { errorMessage } from '../../../shared/errors';
import type { DraftChapter } from '../../../shared/library';
import {
  parseSummaryText,
  splitKeywords,
  uniqueKeywords,
  type ParsedSummary,
} from './summary-text';
import { chapterTitle, parseTimestampLine, parseWrittenTime } from './timestamps';
import { normalizeInput, plural, stripInlineMarkdown } from './text';

type Json = Record<string, unknown>;

const TITLE_KEYS = ['title', 'meetingtitle', 'meeting_title', 'name'];
const SUMMARY_KEYS = ['summary', 'description', 'overview', 'synopsis', 'abstract', 'recap'];
const CHAPTER_KEYS = [
  'chapters',
  'topics',
  'items',
  'agenda',
  'agendaitems',
  'agenda_items',
  'timestamps',
  'sections',
];
const TAG_KEYS = ['tags', 'keywords', 'key_words', 'hashtags'];
const WRAPPER_KEYS = ['meeting', 'minutes', 'data', 'result'];
const START_KEYS = [
  'start',
  'time',
  'timestamp',
  'offset',
  'startsec',
  'start_sec',
  'starttime',
  'start_time',
  'startseconds',
  'start_seconds',
  'begin',
  'seconds',
];
const START_MS_KEYS = ['startms', 'start_ms', 'offsetms', 'offset_ms'];
const ITEM_TITLE_KEYS = ['title', 'topic', 'name', 'label', 'heading', 'item', 'subject'];
const ITEM_TEXT_KEYS = ['text', 'summary', 'description'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first of `keys` present (any letter case) with a value other than null. */
function pick(obj: Json, keys: readonly string[]): { key: string; value: unknown } | null {
  const lower = new Map(Object.keys(obj).map((k) => [k.toLowerCase(), k]));
  for (const key of keys) {
    const actual = lower.get(key);
    if (actual !== undefined && obj[actual] != null) return { key, value: obj[actual] };
  }
  return null;
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) {
    const parts = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    return parts.length > 0 ? parts.join('\n\n') : null;
  }
  return null;
}

/** Seconds from a number, a numeric string, `h:mm:ss` / `m:ss` or ISO `PT1H2M3S`. */
function secondsOf(value: unknown, scale: number): { seconds: number; twoPart: boolean } | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { seconds: value * scale, twoPart: false } : null;
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^-?\d+(?:\.\d+)?$/.test(text)) return { seconds: Number(text) * scale, twoPart: false };
  const iso = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(text);
  if (iso && text.length > 2) {
    const seconds = Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0);
    return { seconds, twoPart: false };
  }
  return parseWrittenTime(text.replace(/^[[(]|[\])]$/g, ''));
}

/** Where JSON.parse stopped: offset of the first character that is not valid JSON. */
function jsonErrorOffset(text: string): number {
  let pos = 0;
  const stop = (): never => {
    throw new RangeError(String(pos));
  };
  const ws = (): void => {
    while (pos < text.length && /\s/.test(text[pos] ?? '')) pos++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[pos] !== ch) stop();
      pos++;
    }
  };
  const str = (): void => {
    pos++;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        pos++;
        return;
      }
      if (c < 32) stop();
      pos += c === 92 ? 2 : 1;
    }
    stop();
  };
  const value = (): void => {
    ws();
    const c = text[pos];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      pos++;
      ws();
      if (text[pos] === close) {
        pos++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[pos] !== '"') stop();
          str();
          ws();
          if (text[pos] !== ':') stop();
          pos++;
        }
        value();
        ws();
        if (text[pos] === ',') pos++;
        else if (text[pos] === close) {
          pos++;
          return;
        } else stop();
      }
    }
    if (c === '"') return str();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    const num = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    num.lastIndex = pos;
    if (!num.exec(text)) stop();
    pos = num.lastIndex;
  };
  try {
    value();
    ws();
    if (pos < text.length) stop();
  } catch (e) {
    if (e instanceof RangeError) return Number(e.message);
    throw e;
  }
  return pos;
}

/** `The minutes file is not valid JSON: Unexpected token '}' at line 3, column 12.` */
export function describeJsonError(text: string, error: unknown): string {
  const raw = errorMessage(error);
  const what = /Unexpected end of JSON input/i.test(raw)
    ? 'it ends before the JSON is complete'
    : raw
        .replace(/\s+in JSON at position \d+.*$/s, '')
        .replace(/,\s*(?:\.\.\.)?".*" is not valid JSON$/s, '')
        .replace(/^JSON\.parse:\s*/, '');
  const offset = Math.min(jsonErrorOffset(text), text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `The minutes file is not valid JSON: ${what} at line ${line}, column ${column}.`;
}

function emptySummary(problems: string[]): ParsedSummary {
  return {
    title: null,
    description: '',
    timestamps: [],
    keywords: [],
    problems,
    twoPartTimes: false,
  };
}

/** Reads minutes JSON; a file that does not parse gives a problem naming the line, not an exception. */
export function parseMinutesJson(input: string): ParsedSummary {
  const text = normalizeInput(input);
  if (!text.trim()) return emptySummary(['The summary is empty.']);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    return emptySummary([describeJsonError(text, error)]);
  }
  let obj: Json = Array.isArray(root) ? { chapters: root } : isObject(root) ? root : {};
  const known = [...TITLE_KEYS, ...SUMMARY_KEYS, ...CHAPTER_KEYS, ...TAG_KEYS];
  if (!pick(obj, known)) {
    const inner = pick(obj, WRAPPER_KEYS);
    if (inner && isObject(inner.value)) obj = inner.value;
  }

  const problems: string[] = [];
  const keywords: string[] = [];
  const timestamps: DraftChapter[] = [];
  let twoPart = 0;
  let untimed = 0;

  const titleText = stringOf(pick(obj, TITLE_KEYS)?.value);
  const summaryText = stringOf(pick(obj, SUMMARY_KEYS)?.value);
  const prose = summaryText ? parseSummaryText(summaryText) : null;

  const tags = pick(obj, TAG_KEYS)?.value;
  if (typeof tags === 'string') keywords.push(...splitKeywords(tags));
  else if (Array.isArray(tags)) {
    for (const t of tags) if (typeof t === 'string') keywords.push(...splitKeywords(t));
  }

  const list = pick(obj, CHAPTER_KEYS);
  if (list && !Array.isArray(list.value)) {
    problems.push(`"${list.key}" in the minutes is not a list, so it gives no chapters.`);
  }
  for (const entry of Array.isArray(list?.value) ? list.value : []) {
    if (typeof entry === 'string') {
      const stamp = parseTimestampLine(entry);
      if (stamp?.kind === 'chapter') {
        timestamps.push({ offsetSec: stamp.time.seconds, title: stamp.title });
        if (stamp.time.twoPart) twoPart++;
      } else if (list?.key === 'topics') keywords.push(...splitKeywords(entry));
      else untimed++;
      continue;
    }
    if (!isObject(entry)) continue;
    const ms = pick(entry, START_MS_KEYS);
    const start = ms ? secondsOf(ms.value, 0.001) : secondsOf(pick(entry, START_KEYS)?.value, 1);
    const named = stringOf(pick(entry, ITEM_TITLE_KEYS)?.value);
    const titleSource = named ?? stringOf(pick(entry, ITEM_TEXT_KEYS)?.value) ?? '';
    if (!start) {
      untimed++;
      continue;
    }
    timestamps.push({ offsetSec: start.seconds, title: chapterTitle(titleSource) });
    if (start.twoPart) twoPart++;
  }
  if (untimed > 0) {
    problems.push(
      `${plural(untimed, 'item')} in the minutes ${untimed === 1 ? 'has' : 'have'} no start time, so ${untimed === 1 ? 'it gives' : 'they give'} no chapter.`,
    );
  }
  // Timed lines inside the summary prose count when the minutes have no chapter list.
  const fromProse = !list && prose ? prose.timestamps : [];
  const all = [...timestamps, ...fromProse];
  const allTwoPart =
    fromProse.length > 0
      ? prose?.twoPartTimes === true && twoPart === timestamps.length
      : twoPart === timestamps.length;
  const title = titleText ? stripInlineMarkdown(titleText).slice(0, 255) || null : null;
  if (!title && !prose?.description && all.length === 0 && keywords.length === 0) {
    problems.push('The minutes have no title, summary, chapters or keywords that could be read.');
  }
  return {
    title,
    description: prose?.description ?? '',
    timestamps: all,
    keywords: uniqueKeywords(keywords),
    problems: [
      ...problems,
      ...(prose?.problems.filter((p) => p !== 'The summary is empty.') ?? []),
    ],
    twoPartTimes: all.length > 0 && allTwoPart,
  };
}

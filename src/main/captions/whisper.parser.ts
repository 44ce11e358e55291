import { errorMessage } from '../../shared/errors';
import type { SourceCue, SourceParseResult } from './caption.types';
import { normalizeLines, stripMarkup } from './caption-text';
import { DiagnosticLog } from './diagnostics';
import { JsonLocator } from './json-locate';
import { reportOtherFormat } from './source-checks';
import { parseClockTime } from './subtitle-time';

type JsonObject = Record<string, unknown>;
type ListKind = 'segments' | 'words' | 'whisper-cpp' | 'chunks';

interface TimedText {
  start: number | null;
  end: number | null;
  text: string;
  index: number;
}

/** Word-level transcripts become captions of about two rows, broken at pauses and sentences. */
const WORD_GROUP_MAX_CHARS = 64;
const WORD_GROUP_MAX_SECONDS = 7;
const WORD_GROUP_PAUSE_SECONDS = 0.8;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function seconds(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    return parseClockTime(v.replace(',', '.'));
  }
  return null;
}

function wordText(w: JsonObject): string {
  const t = typeof w.word === 'string' ? w.word : typeof w.text === 'string' ? w.text : '';
  return t.trim();
}

function joinWords(words: readonly unknown[]): string {
  return words
    .filter(isObject)
    .map(wordText)
    .filter((t) => t !== '')
    .join(' ');
}

function looksLikeWords(list: readonly unknown[]): boolean {
  const first = list.find(isObject);
  return first !== undefined && typeof first.word === 'string';
}

function timedItem(kind: ListKind, item: JsonObject, index: number): TimedText {
  let start: number | null;
  let end: number | null;
  if (kind === 'whisper-cpp') {
    const offsets = isObject(item.offsets) ? item.offsets : null;
    const stamps = isObject(item.timestamps) ? item.timestamps : null;
    const fromMs = offsets ? seconds(offsets.from) : null;
    const toMs = offsets ? seconds(offsets.to) : null;
    start = fromMs !== null ? fromMs / 1000 : stamps ? seconds(stamps.from) : null;
    end = toMs !== null ? toMs / 1000 : stamps ? seconds(stamps.to) : null;
  } else if (kind === 'chunks') {
    const ts = Array.isArray(item.timestamp) ? (item.timestamp as unknown[]) : [];
    start = seconds(ts[0]);
    end = seconds(ts[1]);
  } else {
    start = seconds(item.start);
    end = seconds(item.end);
  }
  let text = kind === 'words' ? wordText(item) : typeof item.text === 'string' ? item.text : '';
  if (kind === 'segments' && text.trim() === '' && Array.isArray(item.words))
    text = joinWords(item.words);
  return { start, end, text, index };
}

/**
 * Reads a Whisper transcript: `{ segments: [{ start, end, text }] }` (openai-whisper,
 * faster-whisper, WhisperX), a bare list of segments, word-level lists (`words`,
 * `word_segments`, or segments carrying only `words`), whisper.cpp's `transcription` and the
 * `chunks` of Hugging Face pipelines. Problems name the line of the segment in the file.
 */
export function parseWhisperJson(text: string): SourceParseResult {
  const log = new DiagnosticLog();
  const cues: SourceCue[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const done = (): SourceParseResult => ({ cues, diagnostics: log.list() });
  if (body.trim() === '') {
    log.error(0, undefined, 'empty-file', 'The file is empty: it holds no transcript.');
    return done();
  }
  if (reportOtherFormat(log, 'JSON', body)) return done();
  const locator = new JsonLocator(body);
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    const message = errorMessage(error);
    const pos = /position (\d+)/.exec(message);
    const line = pos ? locator.lineAt(Number(pos[1])) : 0;
    log.error(
      line,
      undefined,
      'bad-json',
      `${line ? `Line ${line}: the` : 'The'} file is not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')}); a Whisper transcript is a JSON file with a "segments" list.`,
    );
    return done();
  }

  let list: unknown[] | null = null;
  let path: (string | number)[] = [];
  let kind: ListKind = 'segments';
  if (Array.isArray(root)) {
    list = root;
    kind = looksLikeWords(root) ? 'words' : 'segments';
  } else if (isObject(root)) {
    const candidates: [string, ListKind][] = [
      ['segments', 'segments'],
      ['transcription', 'whisper-cpp'],
      ['chunks', 'chunks'],
      ['word_segments', 'words'],
      ['words', 'words'],
    ];
    for (const [key, k] of candidates) {
      const v = root[key];
      if (Array.isArray(v) && v.length > 0) {
        list = v;
        path = [key];
        kind = k;
        break;
      }
    }
    if (
      list &&
      kind === 'segments' &&
      list.every((s) => !isObject(s) || typeof s.text !== 'string' || s.text.trim() === '')
    ) {
      // Segments without text but with words: use the words for finer captions.
      const words = list.flatMap((s) =>
        isObject(s) && Array.isArray(s.words) ? (s.words as unknown[]) : [],
      );
      if (words.length > 0) {
        list = words;
        path = [];
        kind = 'words';
      }
    }
    if (!list) {
      const why =
        typeof root.text === 'string'
          ? 'it has the transcript text but no timings; run Whisper with segment timestamps (JSON output) so captions can be timed'
          : 'it has no "segments" list';
      log.error(
        1,
        undefined,
        'not-whisper',
        `This JSON is not a Whisper transcript that can be captioned: ${why}.`,
      );
      return done();
    }
  } else {
    log.error(
      1,
      undefined,
      'not-whisper',
      'This JSON is not a Whisper transcript: it holds a single value, not segments.',
    );
    return done();
  }

  let offsets: number[] | null = null;
  const lineOf = (index: number): number => {
    if (path.length === 0 && !Array.isArray(root)) return 0;
    offsets ??= locator.arrayElementOffsets(path);
    const offset = offsets[index];
    return offset === undefined ? 0 : locator.lineAt(offset);
  };

  const items: TimedText[] = [];
  list.forEach((item, index) => {
    if (!isObject(item)) {
      const line = lineOf(index);
      log.error(
        line,
        undefined,
        'bad-segment',
        `Item ${index + 1} of the ${kind === 'words' ? 'word' : 'segment'} list${line ? ` (line ${line})` : ''} is not an object with start, end and text; it is skipped.`,
      );
      return;
    }
    items.push(timedItem(kind, item, index));
  });

  if (kind === 'chunks') {
    // The last chunk of a pipeline often has no end: it runs to the next chunk, or a few seconds.
    items.forEach((it, i) => {
      if (it.end === null && it.start !== null) {
        const next = items[i + 1]?.start;
        it.end = next ?? it.start + Math.max(1, it.text.length / 15);
        const line = lineOf(it.index);
        log.warning(
          line,
          undefined,
          'missing-end',
          `Chunk ${it.index + 1}${line ? ` (line ${line})` : ''} has no end time; it is shown until ${next !== undefined && next !== null ? 'the next one' : 'its text has had time to be read'}.`,
        );
      }
    });
  }

  const timed = kind === 'words' ? groupWords(items) : items;
  let prevStart = -Infinity;
  const label = kind === 'words' ? 'Word' : 'Segment';
  for (const it of timed) {
    const line = lineOf(it.index);
    const where = `${label} ${it.index + 1}${line ? ` (line ${line})` : ''}`;
    if (it.start === null || it.end === null || it.start < 0) {
      log.error(
        line,
        undefined,
        'bad-segment',
        `${where} has no valid ${it.start === null || it.start < 0 ? 'start' : 'end'} time (seconds); it is skipped.`,
      );
      continue;
    }
    if (it.end < it.start) {
      log.error(
        line,
        undefined,
        'end-before-start',
        `${where} ends (${it.end} s) before it starts (${it.start} s); it is skipped.`,
      );
      continue;
    }
    const cleaned = normalizeLines(stripMarkup(it.text));
    if (cleaned === '') {
      log.warning(line, undefined, 'empty-cue', `${where} has no text; it is left out.`);
      continue;
    }
    if (it.end === it.start) {
      log.warning(
        line,
        undefined,
        'zero-duration',
        `${where} starts and ends at the same time, so it would never be on screen; it is left out.`,
      );
      continue;
    }
    if (it.start < prevStart) {
      log.warning(
        line,
        undefined,
        'out-of-order',
        `${where} starts before the one above it; captions are put in time order.`,
      );
    }
    prevStart = it.start;
    cues.push({ start: it.start, end: it.end, text: cleaned, line });
  }
  if (cues.length === 0 && log.errors === 0) {
    log.error(0, undefined, 'no-cues', 'The transcript has no timed text to caption.');
  }
  return done();
}

/** Words (with their own times) gathered into caption-sized groups; a word without times joins the group it falls in. */
function groupWords(words: readonly TimedText[]): TimedText[] {
  const groups: TimedText[] = [];
  let current: TimedText | null = null;
  for (const w of words) {
    const t = w.text.trim();
    if (t === '') continue;
    if (current && w.start !== null && current.end !== null && current.start !== null) {
      const pause = w.start - current.end;
      const tooLong = current.text.length + 1 + t.length > WORD_GROUP_MAX_CHARS;
      const tooSlow = (w.end ?? w.start) - current.start > WORD_GROUP_MAX_SECONDS;
      if (pause > WORD_GROUP_PAUSE_SECONDS || tooLong || tooSlow) {
        groups.push(current);
        current = null;
      }
    }
    if (!current) {
      current = { start: w.start, end: w.end, text: t, index: w.index };
    } else {
      current.text += ` ${t}`;
      if (current.start === null) current.start = w.start;
      if (w.end !== null) current.end = w.end;
    }
    if (/[.?!]["')\]]?$/.test(t) && current.text.length >= 24) {
      groups.push(current);
      current = null;
    }
  }
  if (current) groups.push(current);
  return groups;
}

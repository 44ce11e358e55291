/**
 * Times written in summaries (`[00:12:34]`, `1:02:03`, `12:34`) and the chapter lines that carry
 * them. The rule for two-part times: `12:34` is minutes:seconds (minutes may pass 59, `75:30` is
 * 1:15:30). Whether a whole summary of two-part times should be reread as hours:minutes needs the
 * video's length, so `proposeDraft` decides that (see `readTwoPartTimesAsHours`).
 */
import { stripInlineMarkdown } from './text';

export interface WrittenTime {
  seconds: number;
  /** Written as `m:ss` (two parts) rather than `h:mm:ss`. */
  twoPart: boolean;
}

/** `h:mm:ss`, `m:ss`, with optional `.mmm` or `,mmm` fraction or `;ff` / `:ff` frames. */
const TIME = String.raw`\d{1,3}(?::\d{2}){1,2}(?:[.,]\d{1,3}|;\d{2})?`;
/** Frames of a timecode-style label are counted at 30 a second, then snapped to the video. */
const NOMINAL_FPS = 30;

export function parseWrittenTime(text: string): WrittenTime | null {
  const m = /^(\d{1,3})(?::(\d{2}))?:(\d{2})(?:[.,](\d{1,3})|;(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const first = Number(m[1]);
  const middle = m[2] === undefined ? null : Number(m[2]);
  const last = Number(m[3]);
  if (last > 59 || (middle !== null && middle > 59)) return null;
  const fraction = m[4] ? Number(`0.${m[4]}`) : m[5] ? Number(m[5]) / NOMINAL_FPS : 0;
  const seconds =
    middle === null ? first * 60 + last + fraction : first * 3600 + middle * 60 + last + fraction;
  return { seconds, twoPart: middle === null };
}

export type TimestampLine =
  | { kind: 'chapter'; time: WrittenTime; title: string }
  /** A time of day (`7:00 PM`), not a position in the video. */
  | { kind: 'clock' };

const BULLET = /^\s*(?:>\s*)*(?:[-*+•‣◦]|\d{1,3}[.)])\s+/;
const OPEN = String.raw`[\[(]?`;
const CLOSE = String.raw`[\])]?`;
const RANGE = String.raw`(?:\s*(?:-|–|—|to)\s*${TIME})?`;
const CLOCK_SUFFIX = /^\s*(?:[ap]\.?m\.?)(?![a-z])/i;
// A time directly followed by a letter or digit (`12:34abc`) is not a time and a title.
const LEADING = new RegExp(
  `^${OPEN}\\s*(${TIME})${RANGE}(?![\\p{L}\\p{N}:])\\s*${CLOSE}(.*)$`,
  'u',
);
const TRAILING_BOXED = new RegExp(`^(.*?\\S)\\s*[\\[(]\\s*(${TIME})${RANGE}\\s*[\\])]$`);
const TRAILING_DASHED = new RegExp(`^(.*?\\S)\\s+[-–—|@]\\s+(${TIME})$`);

/** A chapter title from the words beside a time: no separators, quotes or markdown, not too long. */
export function chapterTitle(raw: string): string {
  let title = stripInlineMarkdown(raw)
    .replace(/^[\s:|.–—-]+/, '')
    .replace(/[\s:;,|–—-]+$/, '')
    .replace(/^["“'‘](.*)["”'’]$/, '$1')
    .trim();
  if (title.length > 80) {
    const sep = /(?::\s|\s[–—-]\s|\.\s)/.exec(title);
    if (sep && sep.index >= 3 && sep.index <= 80) title = title.slice(0, sep.index);
    else {
      const space = title.lastIndexOf(' ', 80);
      title = `${title.slice(0, space > 40 ? space : 80)}…`;
    }
  }
  return title;
}

/**
 * Reads a line that starts with a time (`[00:12:34] Public comment`, `00:12:34 - Roll call`,
 * `(1:02:03) Budget hearing`, `- **00:05:10** Consent agenda`, a range `00:10 – 00:20 Item`)
 * or ends with one (`Roll call (00:03:10)`, `Roll call - 00:03:10`). Null for any other line:
 * a time inside a sentence is not a chapter.
 */
export function parseTimestampLine(line: string): TimestampLine | null {
  let text = stripInlineMarkdown(line.replace(BULLET, ''));
  // A markdown table row: `| 00:12:34 | Public comment |`.
  if (text.startsWith('|'))
    text = text
      .replace(/^\||\|$/g, '')
      .replace(/\s*\|\s*/g, ' - ')
      .trim();
  const lead = LEADING.exec(text);
  if (lead?.[1] !== undefined) {
    const rest = lead[2] ?? '';
    if (CLOCK_SUFFIX.test(rest)) return { kind: 'clock' };
    const time = parseWrittenTime(lead[1]);
    return time ? { kind: 'chapter', time, title: chapterTitle(rest) } : null;
  }
  const trail = TRAILING_BOXED.exec(text) ?? TRAILING_DASHED.exec(text);
  if (trail?.[1] !== undefined && trail[2] !== undefined) {
    const time = parseWrittenTime(trail[2]);
    return time ? { kind: 'chapter', time, title: chapterTitle(trail[1]) } : null;
  }
  if (new RegExp(`^${OPEN}\\s*${TIME}\\s*[ap]\\.?m\\.?(?![a-z])`, 'i').test(text)) {
    return { kind: 'clock' };
  }
  return null;
}

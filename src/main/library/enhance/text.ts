/** Small text helpers shared by the enhancement functions: input clean-up, markdown, casing. */
import { formatClock } from '../../captions/timecode';

/** Drops a byte-order mark, turns CRLF and CR into LF and composes accents (NFC). */
export function normalizeInput(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .normalize('NFC');
}

/** `é` → `e`, for matching words typed with and without accents. */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** Inline markdown to plain text: links, images, emphasis, code, HTML tags and escapes. */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, ' ')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
    .replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!~|>])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const SMALL_WORDS = new Set(
  'a an and as at but by for from in into nor of on or per the to vs via with'.split(' '),
);
const ROMAN = /^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})$/i;
/** Station shorthand kept in capitals when a name is re-cased. */
const ACRONYMS = new Set(
  'boe bos zba cc pc sb pz hs tv hd sd ada hoa pta pto edc cip dpw usa us'.split(' '),
);

function capitalize(word: string): string {
  return word.replace(/(^|[-/(])(\p{L})/gu, (_m, before: string, letter: string) => {
    return before + letter.toUpperCase();
  });
}

/**
 * Re-cases text written all in capitals or all in lower case (`CITY COUNCIL`, `city_council`)
 * as a title: `City Council`, small words lower case except first, Roman numerals and station
 * shorthand (`CC`, `BOE`) in capitals. Text already in mixed case is left as written.
 */
export function tidyCase(text: string): string {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (!letters) return text;
  const upper = letters === letters.toUpperCase();
  const lower = letters === letters.toLowerCase();
  if (!upper && !lower) return text;
  const words = text.toLowerCase().split(' ');
  return words
    .map((word, i) => {
      const bare = word.replace(/[^\p{L}]/gu, '');
      if (ACRONYMS.has(bare) || (ROMAN.test(bare) && bare !== 'i' && upper)) {
        return word.toUpperCase();
      }
      if (i > 0 && SMALL_WORDS.has(bare)) return word;
      return capitalize(word);
    })
    .join(' ');
}

const SENTENCE_END = /[.!?…]["'”’)\]]*(?=\s|$)/g;

/**
 * Text of at most `max` characters, cut after the last sentence that fits (when that keeps at
 * least half), else at the last word that fits, with an ellipsis.
 */
export function cutAtSentence(text: string, max: number): string {
  if (text.length <= max) return text;
  let best = -1;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length;
    if (end > max) break;
    best = end;
  }
  if (best >= max / 2) return text.slice(0, best).trimEnd();
  const space = text.lastIndexOf(' ', max - 1);
  const cut = space > max / 2 ? text.slice(0, space) : text.slice(0, max - 1);
  return `${cut.replace(/[\s,;:–—-]+$/, '')}…`;
}

/** Seconds as `h:mm:ss` for notes an operator reads (`3720` → `1:02:00`). */
export function formatHms(seconds: number): string {
  return formatClock(Math.round(seconds)).replace(/\.\d+$/, '');
}

/** `1 chapter` / `2 chapters`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** `'A', 'B' and 'C'`, for naming things in a note. */
export function quoteList(items: readonly string[], limit = 5): string {
  const quoted = items.slice(0, limit).map((s) => `'${s}'`);
  if (items.length > limit) quoted.push(`${items.length - limit} more`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1] ?? ''}`;
}

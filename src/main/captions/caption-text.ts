import { CEA608_CHARS, CHARACTER_SUBSTITUTES } from './cea608.tables';

export const CAPTION_COLUMNS = 32;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  lrm: '',
  rlm: '',
};

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Removes what subtitle formats put around the words: HTML-like tags (<i>, <font>, WebVTT
 * <v Speaker>, <c.class>, <00:01.000>), ASS overrides ({\an8}), then entities. A lone "<" in
 * text ("x < y") is not a tag and stays.
 */
export function stripMarkup(text: string): string {
  let out = text;
  if (out.includes('<')) out = out.replace(/<\/?(?:[a-z][^<>]*|\d[\d:.]*)>/gi, '');
  if (out.includes('{\\')) out = out.replace(/\{\\[^}]*\}/g, '');
  return decodeEntities(out);
}

/** Trims each line, collapses runs of spaces, drops empty lines. */
export function normalizeLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/[\t\f\v ]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

interface Cea608TextMapping {
  /** Only characters CEA-608 can show, plus \n between lines. */
  text: string;
  /** Characters written as something close: original → replacement. */
  replaced: Map<string, string>;
  /** Characters with nothing close, left out. */
  dropped: Set<string>;
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** ASCII codes 608 shows as themselves (0x2A is á in 608, so * is not one of them). */
const SAME_IN_608 = (() => {
  const table = new Uint8Array(128);
  for (let c = 0x20; c < 0x7f; c++)
    table[c] = CEA608_CHARS.get(String.fromCharCode(c))?.kind === 'basic' ? 1 : 0;
  table[10] = 1;
  return table;
})();

/** Maps text to what 608 can show: the closest character where there is one, else nothing. */
export function toCea608Text(text: string): Cea608TextMapping {
  const replaced = new Map<string, string>();
  const dropped = new Set<string>();
  let plainAscii = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || SAME_IN_608[c] !== 1) {
      plainAscii = false;
      break;
    }
  }
  // Most transcript text is plain ASCII: nothing to map.
  if (plainAscii) return { text, replaced, dropped };
  let out = '';
  for (const ch of text) {
    if (ch === '\n' || CEA608_CHARS.has(ch)) {
      out += ch;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      out += /\s/.test(ch) ? ' ' : '';
      continue;
    }
    const substitute = CHARACTER_SUBSTITUTES.get(ch);
    if (substitute !== undefined) {
      out += substitute;
      if (substitute !== '' && substitute !== ' ') replaced.set(ch, substitute);
      continue;
    }
    if (/\s/.test(ch)) {
      out += ' ';
      continue;
    }
    const plain = ch.normalize('NFD').replace(COMBINING_MARKS, '');
    if (plain !== ch && plain !== '' && [...plain].every((c) => CEA608_CHARS.has(c))) {
      out += plain;
      replaced.set(ch, plain);
      continue;
    }
    dropped.add(ch);
  }
  // A dropped character between two words must not leave two spaces.
  return { text: dropped.size > 0 ? out.replace(/ {2,}/g, ' ') : out, replaced, dropped };
}

/**
 * Columns a row of mapped text takes. Every character 608 has is in the Basic Multilingual
 * Plane, so after `toCea608Text` one UTF-16 unit is one column.
 */
function width(text: string): number {
  return text.length;
}

/** Greedy word wrap to `columns`; a word longer than a row is cut across rows. */
export function wrapWords(words: readonly string[], columns = CAPTION_COLUMNS): string[] {
  const rows: string[] = [];
  let current = '';
  let currentWidth = 0;
  for (const word of words) {
    let w = word;
    let ww = width(w);
    while (ww > columns) {
      if (currentWidth > 0) {
        rows.push(current);
        current = '';
        currentWidth = 0;
      }
      const chars = [...w];
      rows.push(chars.slice(0, columns).join(''));
      w = chars.slice(columns).join('');
      ww = width(w);
    }
    if (ww === 0) continue;
    if (currentWidth === 0) {
      current = w;
      currentWidth = ww;
    } else if (currentWidth + 1 + ww <= columns) {
      current += ` ${w}`;
      currentWidth += 1 + ww;
    } else {
      rows.push(current);
      current = w;
      currentWidth = ww;
    }
  }
  if (currentWidth > 0) rows.push(current);
  return rows;
}

/** Two rows whose longer one is as short as possible: easier to read than a full top row. */
function balanceTwoRows(rows: readonly string[], columns: number): string[] {
  const [first = '', second = ''] = rows;
  const words = `${first} ${second}`.split(' ');
  const total = first.length + 1 + second.length;
  let best = -1;
  let bestLongest = Math.max(first.length, second.length);
  let top = -1;
  for (let i = 1; i < words.length; i++) {
    top += 1 + (words[i - 1] ?? '').length;
    const bottom = total - top - 1;
    const longest = top > bottom ? top : bottom;
    if (top <= columns && bottom <= columns && longest < bestLongest) {
      best = i;
      bestLongest = longest;
    }
  }
  return best < 0 ? [first, second] : [words.slice(0, best).join(' '), words.slice(best).join(' ')];
}

/** Words a caption should not end on: they belong with what follows. */
const CLINGING_WORDS = new Set(
  'a an the of to in on at by for with from and or but as that is are was my our your their his her its'.split(
    ' ',
  ),
);

/** How good a place to cut between captions the end of this word is. */
function breakStrength(word: string): number {
  let last = word.charCodeAt(word.length - 1);
  // A closing quote or bracket after the punctuation: look at the character before it.
  if ((last === 34 || last === 39 || last === 41 || last === 93) && word.length > 1) {
    last = word.charCodeAt(word.length - 2);
  }
  if (last === 46 || last === 63 || last === 33) return 3; // . ? !
  if (last === 59 || last === 58) return 2; // ; :
  if (last === 44) return 1; // ,
  return word.length <= 5 && CLINGING_WORDS.has(word.toLowerCase()) ? -1 : 0;
}

/**
 * Splits words into `parts` groups of about equal length, cutting at the end of a sentence or
 * clause when one is near the even split.
 */
function splitEvenly(words: readonly string[], parts: number): string[][] {
  const ends: number[] = [];
  let total = 0;
  for (const w of words) {
    total += (total > 0 ? 1 : 0) + width(w);
    ends.push(total);
  }
  const groups: string[][] = [];
  let from = 0;
  for (let g = 1; g < parts; g++) {
    const ideal = (total * g) / parts;
    const slack = total / parts / 3;
    let best = -1;
    let bestScore = -Infinity;
    for (let i = from; i < words.length - (parts - g); i++) {
      const distance = Math.abs((ends[i] ?? 0) - ideal);
      if (distance > slack && best >= 0) continue;
      const score = breakStrength(words[i] ?? '') * slack - distance;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < from) best = from;
    groups.push(words.slice(from, best + 1));
    from = best + 1;
  }
  groups.push(words.slice(from));
  return groups;
}

function rowsFor(words: readonly string[], maxRows: number, columns: number): string[] {
  const rows = wrapWords(words, columns);
  return rows.length === 2 && maxRows >= 2 ? balanceTwoRows(rows, columns) : rows;
}

/**
 * Lays caption text out as pop-on captions of at most `maxRows` rows of at most `columns`
 * characters. The source's own line breaks are kept when they fit; otherwise the text is
 * re-flowed at word boundaries, and text too long for one caption becomes several of about
 * equal length, cut at sentence ends where possible.
 */
export function layoutCaptions(text: string, maxRows = 2, columns = CAPTION_COLUMNS): string[][] {
  // Most cues are one short line already: nothing to lay out.
  if (text.length <= columns && !text.includes('\n') && !text.includes('  ')) {
    const t = text.trim();
    return t === '' ? [] : [[t]];
  }
  const lines = text
    .split('\n')
    .map((l) => l.replace(/ +/g, ' ').trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return [];
  if (lines.length <= maxRows && lines.every((l) => width(l) <= columns)) return [lines];
  const words = lines.join(' ').split(' ');
  const greedy = wrapWords(words, columns);
  const parts = Math.ceil(greedy.length / maxRows);
  if (parts === 1) return [rowsFor(words, maxRows, columns)];
  const even = splitEvenly(words, parts).map((group) => rowsFor(group, maxRows, columns));
  if (even.every((rows) => rows.length > 0 && rows.length <= maxRows)) return even;
  const captions: string[][] = [];
  for (let i = 0; i < greedy.length; i += maxRows) captions.push(greedy.slice(i, i + maxRows));
  return captions;
}

export function columnsOf(text: string): number {
  return width(text);
}

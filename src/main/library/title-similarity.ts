/** Title similarity between a recording's file name and a catalog show's title. */

/** Words that every meeting title carries; they would make unrelated meetings look alike. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'at',
  'for',
  'in',
  'of',
  'on',
  'the',
  'to',
  'meeting',
  'meetings',
  'mtg',
  'regular',
  'reg',
  'session',
  'hd',
  'sd',
  'final',
  'raw',
  'edit',
  'master',
  'copy',
  'video',
  // Catalog titles often end in the start time ("- 10/28/2026 7:00:00 PM").
  'am',
  'pm',
]);

/** Station shorthand seen in file names, spelled out as the catalog titles write it. */
const ABBREVIATIONS: Record<string, string[]> = {
  cc: ['city', 'council'],
  pc: ['planning', 'commission'],
  sb: ['school', 'board'],
  boe: ['board', 'education'],
  bos: ['board', 'supervisors'],
  zba: ['zoning', 'board', 'appeals'],
  pz: ['planning', 'zoning'],
  wkshp: ['workshop'],
  cmte: ['committee'],
  comm: ['commission'],
  twp: ['township'],
  hs: ['high', 'school'],
};

/**
 * Lower-cased words without punctuation, stop words or numbers (dates and file keys are matched
 * on their own, and as words they would match any show of the same year).
 */
export function titleTokens(text: string): string[] {
  const spaced = text
    .replace(/\.[a-z0-9]{2,4}$/i, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ');
  const tokens: string[] = [];
  for (const word of spaced.split(' ')) {
    if (!word || /\d/.test(word) || STOP_WORDS.has(word)) continue;
    const expanded = ABBREVIATIONS[word];
    if (expanded) tokens.push(...expanded.filter((w) => !STOP_WORDS.has(w)));
    else tokens.push(word);
  }
  return [...new Set(tokens)];
}

/** Character trigrams of the joined tokens: catches "Birchwood Council Me" vs "Meeting". */
export function trigrams(tokens: readonly string[]): Set<string> {
  const grams = new Set<string>();
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

export interface PreparedTitle {
  tokens: string[];
  grams: Set<string>;
}

export function prepareTitle(text: string): PreparedTitle {
  const tokens = titleTokens(text);
  return { tokens, grams: trigrams(tokens) };
}

export interface TitleMatch {
  /** 0..1 */
  score: number;
  /** Words of the show title also found in the file name. */
  sharedWords: number;
  /** Words in the show title. */
  showWords: number;
}

export function compareTitles(recording: PreparedTitle, show: PreparedTitle): TitleMatch {
  const recordingWords = new Set(recording.tokens);
  let shared = 0;
  for (const t of show.tokens) if (recordingWords.has(t)) shared++;
  const union = recording.tokens.length + show.tokens.length - shared;
  const jaccard = union === 0 ? 0 : shared / union;
  let common = 0;
  const [small, large] =
    recording.grams.size <= show.grams.size
      ? [recording.grams, show.grams]
      : [show.grams, recording.grams];
  for (const g of small) if (large.has(g)) common++;
  const total = recording.grams.size + show.grams.size;
  const dice = total === 0 ? 0 : (2 * common) / total;
  return { score: (jaccard + dice) / 2, sharedWords: shared, showWords: show.tokens.length };
}

export function titleSimilarity(a: string, b: string): number {
  return compareTitles(prepareTitle(a), prepareTitle(b)).score;
}

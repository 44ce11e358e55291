/**
 * Significant words, for matching agenda items to what was said and for picking tags. Built on
 * `titleTokens` (lower case, no punctuation, numbers or meeting stop words), with accents
 * folded and the small words of speech removed.
 */
import { titleTokens } from '../title-similarity';
import { stripDiacritics } from './text';

/** Words of ordinary speech that say nothing about the business being discussed. */
const SPEECH_WORDS = new Set(
  (
    'about after again all also any are around back been before being both but can could did ' +
    'does doing done each from get gets going gonna good got had has have her here hers him his ' +
    'how into its just know let like made make many may more most much must need next night not ' +
    'now number okay one only other our out over please really right said say says see she ' +
    'should some such than thank thanks that the their them then there these they thing things ' +
    'think this those through tonight today two under upon very want was way well were what ' +
    'when where which while who whom why will with would yes yeah you your yours item items ' +
    'agenda day days time times year years evening everyone everybody mr mrs ms dr sir ' +
    'ladies gentlemen folks anything something nothing everything lot little bit'
  ).split(' '),
);

/** Words too common in meeting titles and summaries to be useful as tags. */
const GENERIC_TAG_WORDS = new Set(
  (
    'meeting meetings regular special session sessions agenda minutes summary overview ' +
    'discussion discussed discuss item items motion motions vote voted votes approved approve ' +
    'approval members member board presented present presentation update updates report ' +
    'reports also including included include public comments comment held general various ' +
    'several new old business other matters among'
  ).split(' '),
);

/** Lower-cased, accent-folded significant words of a text, in order, repeats kept. */
export function significantWords(text: string): string[] {
  // The trailing space keeps titleTokens from reading a final `.abc` as a file extension.
  const words: string[] = [];
  for (const chunk of stripDiacritics(text).split(/\s+/)) {
    for (const word of titleTokens(`${chunk} `)) {
      if (word.length >= 3 && !SPEECH_WORDS.has(word)) words.push(word);
    }
  }
  return words;
}

/**
 * A crude stem: `ing`, `ed` and a plural `s` dropped, then the first six letters. `approval`,
 * `approve` and `approving` all give `approv`; `calling` gives `call`; `minutes` gives `minute`.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w.slice(0, 6);
}

/** The distinct stems of the significant words of a text. */
export function matchKeys(text: string): string[] {
  return [...new Set(significantWords(text).map(stem))];
}

/** Words that say what kind of item it is, not which: they count little when matching. */
const AGENDA_KIND_WORDS = new Set(
  (
    'presentation update report reports discussion consideration consider action possible ' +
    'review approval approve adopt adoption request recommendation project proposed status ' +
    'introduction reading'
  )
    .split(' ')
    .map(stem),
);

/** How much a stem counts when matching an agenda item: 0.3 for kind words, else 1. */
export function kindWeight(key: string): number {
  return AGENDA_KIND_WORDS.has(key) ? 0.3 : 1;
}

/** Whether a word is worth a tag: significant and not one every meeting has. */
export function isTagWord(word: string): boolean {
  return word.length >= 4 && !GENERIC_TAG_WORDS.has(word) && !SPEECH_WORDS.has(word);
}

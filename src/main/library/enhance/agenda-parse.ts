/**
 * Agenda items from pasted agenda text. Numbered or lettered items (`1.`, `1)`, `(a)`, `A.`,
 * `IV.`, `1.2`, `Item 5:`) and bullets are items; when at least two lines carry such a marker,
 * lines without one are headings, notes or page furniture and are skipped (a line starting in
 * lower case continues the item above). Without markers, every line is an item. Either way,
 * `AGENDA` headings, page numbers, dates, times of day, links and rules are dropped.
 */
import { parseEventDateFromName } from '../filename-date';
import { chapterTitle } from './timestamps';
import { normalizeInput, stripInlineMarkdown, tidyCase } from './text';
import { significantWords } from './words';

export interface AgendaItem {
  /** The item's text without its number, as a chapter title. */
  title: string;
  /** 1-based line of the pasted text it starts on. */
  line: number;
}

const ROMAN = String.raw`(?:[IVXLC]{1,6}|[ivxlc]{1,6})`;
const MARKER = new RegExp(
  String.raw`^\s*(?:` +
    String.raw`(?:agenda\s+)?item\s+(?:no\.?\s*)?\d{1,3}[a-z]?\s*[:.)–—-]?\s*` +
    String.raw`|\(\s*(?:\d{1,3}|[A-Za-z]|${ROMAN})\s*\)\s*` +
    String.raw`|(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|[A-Za-z][.)]|${ROMAN}[.)])\s+` +
    String.raw`|\d{1,3}\s*[-–—:]\s+` +
    String.raw`|[-*+•‣◦▪■●○]\s+` +
    String.raw`)`,
  'i',
);
/** Section words an `AGENDA` heading is made of; `Consent Agenda` and the like are items. */
const ITEM_AGENDA = /^(?:consent|approv|adopt|addition|amend|change|review|modif|order of)/i;
const CLOCK = /\b\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?(?![a-z])/gi;
const WEEKDAY = /\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/gi;

function isFurniture(line: string): boolean {
  const t = line.trim();
  if (/^[\W_]+$/u.test(t)) return true;
  if (/^(?:page\s+)?[-–—\s]*\d+(?:\s+of\s+\d+)?[-–—\s]*$/i.test(t)) return true;
  if (/^(?:https?:\/\/|www\.)\S+$/i.test(t)) return true;
  if (/^(?:posted|printed|continued|agenda packet|page \d+|\(continued\))\b/i.test(t)) return true;
  const plain = t
    .replace(/[^\p{L}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (/\bagenda$/i.test(plain) && plain.split(' ').length <= 7 && !ITEM_AGENDA.test(plain)) {
    return true;
  }
  // A date or a time of day and nothing else of substance.
  let rest = t.replace(CLOCK, ' ').replace(WEEKDAY, ' ');
  for (const d of parseEventDateFromName(rest)) rest = rest.split(d.text).join(' ');
  return rest !== t && significantWords(rest).length === 0;
}

function cleanItemTitle(raw: string): string {
  const text = stripInlineMarkdown(raw)
    // Table-of-contents leaders and page numbers: `Consent agenda ........ 3`.
    .replace(/\s*(?:\.\s*){3,}\d*\s*$/, '')
    .replace(/\s*[([]?\s*(?:pages?|pp?\.)\s*\d+(?:\s*[-–]\s*\d+)?\s*[)\]]?\s*$/i, '')
    // Times of day scheduled for the item.
    .replace(/^\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?\s*[-–—:]?\s*/i, '')
    .replace(/\s*[-–—,(]?\s*\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?\)?\s*$/i, '');
  return chapterTitle(tidyCase(text));
}

export interface ReadAgenda {
  items: AgendaItem[];
  /** Lines that are not items: headings (`CITY OF BIRCHWOOD`), notes, dates, furniture. */
  otherLines: string[];
}

export function readAgenda(agenda: string): ReadAgenda {
  const otherLines: string[] = [];
  const lines = normalizeInput(agenda).split('\n');
  const marked = lines.filter((l) => MARKER.test(l) && l.replace(MARKER, '').trim()).length >= 2;
  const items: AgendaItem[] = [];
  let last: AgendaItem | null = null;
  let lastRaw = '';
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed) {
      last = null;
      return;
    }
    const marker = MARKER.exec(line);
    const body = marker ? line.slice(marker[0].length) : line;
    if (!body.trim() || isFurniture(body)) {
      otherLines.push(trimmed);
      return;
    }
    if (marked && !marker) {
      // Wrapped text of the item above goes on in lower case.
      if (last && /^\p{Ll}/u.test(trimmed)) {
        lastRaw = `${lastRaw} ${trimmed}`;
        last.title = cleanItemTitle(lastRaw);
      } else otherLines.push(trimmed);
      return;
    }
    const title = cleanItemTitle(body);
    if (!/\p{L}/u.test(title)) return;
    last = { title, line: index + 1 };
    lastRaw = body;
    items.push(last);
  });
  return { items, otherLines };
}

/** The items of a pasted agenda, in order. */
export function parseAgenda(agenda: string): AgendaItem[] {
  return readAgenda(agenda).items;
}

/**
 * When each agenda item was discussed, found in the transcript.
 *
 * Each item's significant words (stemmed: `approval` ~ `approve`; text in parentheses left out)
 * are looked for in a window of 90 seconds of cues starting at a cue that says at least one of
 * them. Words never said anywhere are set aside (paraphrase, names of the town), but an item at
 * least a third of whose words were never said is not found. A window's score is the share of
 * the item's remaining words it contains, each weighted by how rare it is in the transcript (a
 * word said all evening says little about where an item starts) and words that only name the
 * kind of item (presentation, update, report, approval…) or that the agenda's own headings use
 * (`CITY OF BIRCHWOOD`) counting 0.3. A window counts when it
 * scores at least 0.55 and, for items of three or more said words, contains at least two.
 *
 * Items are placed in agenda order: a dynamic programme picks, among all orderings that keep item
 * n+1 after item n, the one with the highest total score, and among equal scores the earliest
 * windows. Each placed item then moves, within its window and never past the next item, to the
 * cue that says most of it: the chair's announcement rather than a passing mention just before.
 * An item that cannot be placed in order but matches strongly elsewhere (score 0.8, two
 * words or more) is placed there, with a note that it was taken out of order. Items never found are
 * named in a note and left out: no time is ever invented. No chapter is added at 0:00 for a call
 * to order; opening items are found like any other.
 */
import type { DraftChapter, TranscriptCue } from '../../../shared/library';
import { normalizeChapters, type ChapterOptions } from './chapters';
import { readAgenda, type AgendaItem } from './agenda-parse';
import { formatHms, quoteList } from './text';
import { kindWeight, matchKeys } from './words';

export const WINDOW_SEC = 90;
export const MIN_SCORE = 0.55;
const STRONG_SCORE = 0.8;
/** Weight of words the agenda's headings share (`CITY OF BIRCHWOOD`): they name the meeting. */
const CONTEXT_WEIGHT = 0.3;
/** Enough to prefer the earlier of two equal windows, too little to outweigh a better one. */
const EARLY_BIAS = 0.01;

interface Scored {
  cue: number;
  score: number;
}

interface Index {
  cues: TranscriptCue[];
  /** Cue indexes that contain each stem, ascending. */
  postings: Map<string, number[]>;
  /** First cue index past each cue's window. */
  windowEnd: number[];
}

function buildIndex(cues: readonly TranscriptCue[]): Index {
  const sorted = cues
    .filter((c) => Number.isFinite(c.startSec) && c.text.trim() !== '')
    .sort((a, b) => a.startSec - b.startSec);
  const postings = new Map<string, number[]>();
  sorted.forEach((cue, i) => {
    for (const key of matchKeys(cue.text)) {
      const list = postings.get(key);
      if (list) list.push(i);
      else postings.set(key, [i]);
    }
  });
  const windowEnd: number[] = [];
  let end = 0;
  for (let i = 0; i < sorted.length; i++) {
    const limit = (sorted[i]?.startSec ?? 0) + WINDOW_SEC;
    end = Math.max(end, i + 1);
    while (end < sorted.length && (sorted[end]?.startSec ?? Infinity) < limit) end++;
    windowEnd.push(end);
  }
  return { cues: sorted, postings, windowEnd };
}

/** Whether a sorted list has a value in [from, to). */
function hasBetween(list: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] ?? Infinity) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && (list[lo] ?? Infinity) < to;
}

/** The words an item is matched on: its text outside parentheses (procedural notes), as stems. */
function itemKeys(title: string): string[] {
  const outside = matchKeys(title.replace(/\([^)]*\)/g, ' '));
  return outside.length > 0 ? outside : matchKeys(title);
}

interface ItemMatch {
  /** Windows that match well enough, in time order. */
  windows: Scored[];
  /** Share of the item's weight said in one cue. */
  cueScore: (cue: number) => number;
}

const NO_MATCH: ItemMatch = { windows: [], cueScore: () => 0 };

function matchItem(item: AgendaItem, index: Index, context: ReadonlySet<string>): ItemMatch {
  const keys = itemKeys(item.title);
  // Words never said cannot place an item, but an item most of whose words were never said was
  // not taken up: at least a third of its words must be in the transcript.
  const said = keys.filter((k) => index.postings.has(k));
  if (said.length === 0 || said.length * 3 < keys.length) return NO_MATCH;
  const n = index.cues.length;
  const weights = new Map(
    said.map((k) => [
      k,
      (context.has(k) ? CONTEXT_WEIGHT : kindWeight(k)) *
        (1 + Math.log((n + 1) / ((index.postings.get(k)?.length ?? 0) + 1))),
    ]),
  );
  const total = [...weights.values()].reduce((sum, w) => sum + w, 0);
  const share = (from: number, to: number): { score: number; found: number } => {
    let found = 0;
    let score = 0;
    for (const [k, w] of weights) {
      if (hasBetween(index.postings.get(k) ?? [], from, to)) {
        found++;
        score += w;
      }
    }
    return { score: score / total, found };
  };
  const needed = said.length >= 3 ? 2 : 1;
  const starts = new Set<number>();
  for (const k of said) for (const i of index.postings.get(k) ?? []) starts.add(i);
  const windows: Scored[] = [];
  for (const start of [...starts].sort((a, b) => a - b)) {
    const { score, found } = share(start, index.windowEnd[start] ?? start + 1);
    if (score >= MIN_SCORE && found >= needed) windows.push({ cue: start, score });
  }
  return { windows, cueScore: (cue) => share(cue, cue + 1).score };
}

/**
 * Within a chosen window, the cue that says most of the item (the chair's announcement rather
 * than a passing mention just before it), earliest among equals, and before `limit`.
 */
function announcement(match: ItemMatch, start: number, end: number, limit: number): number {
  let best = start;
  let bestScore = match.cueScore(start);
  for (let c = start + 1; c < Math.min(end, limit); c++) {
    const score = match.cueScore(c);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

interface Node {
  item: number;
  cue: number;
  value: number;
  prev: Node | null;
}

/** The best in-order placement: item index → cue index. */
function placeInOrder(candidates: readonly Scored[][], cueCount: number): Map<number, Scored> {
  // best[c]: the best chain so far whose last item sits at cue c.
  const best: (Node | null)[] = new Array<Node | null>(cueCount).fill(null);
  candidates.forEach((list, item) => {
    if (list.length === 0) return;
    // Best chain ending strictly before each cue, from items before this one.
    const before: (Node | null)[] = new Array<Node | null>(cueCount + 1).fill(null);
    for (let c = 0; c < cueCount; c++) {
      const prior = before[c] ?? null;
      const here = best[c] ?? null;
      before[c + 1] = here && (!prior || here.value > prior.value) ? here : prior;
    }
    for (const s of list) {
      const prev = before[s.cue] ?? null;
      const value = (prev?.value ?? 0) + s.score - (EARLY_BIAS * s.cue) / cueCount;
      const current = best[s.cue];
      if (!current || value > current.value) best[s.cue] = { item, cue: s.cue, value, prev };
    }
  });
  let top: Node | null = null;
  for (const node of best) if (node && (!top || node.value > top.value)) top = node;
  const placed = new Map<number, Scored>();
  const scores = new Map<string, number>();
  candidates.forEach((list, item) => list.forEach((s) => scores.set(`${item}:${s.cue}`, s.score)));
  for (let node = top; node; node = node.prev) {
    placed.set(node.item, { cue: node.cue, score: scores.get(`${node.item}:${node.cue}`) ?? 0 });
  }
  return placed;
}

/** The earliest of an item's best-scoring windows. */
function strongest(list: readonly Scored[]): Scored | null {
  let top: Scored | null = null;
  for (const s of list) if (!top || s.score > top.score) top = s;
  return top;
}

/**
 * Chapters from a pasted agenda, each item placed where the transcript shows it was discussed
 * (see the module comment for the rules), normalised to the video like any chapter list.
 */
export function chaptersFromAgenda(
  agenda: string,
  cues: readonly TranscriptCue[],
  options: ChapterOptions,
): { chapters: DraftChapter[]; notes: string[] } {
  const { items, otherLines } = readAgenda(agenda);
  if (items.length === 0) {
    return { chapters: [], notes: ['No agenda items were found in the pasted text.'] };
  }
  const index = buildIndex(cues);
  if (index.cues.length === 0) {
    return {
      chapters: [],
      notes: ['There is no transcript to find the agenda items in: the captions are empty.'],
    };
  }
  const context = new Set(otherLines.flatMap((line) => matchKeys(line)));
  const matches = items.map((item) => matchItem(item, index, context));
  const candidates = matches.map((m) => m.windows);
  const placed = placeInOrder(candidates, index.cues.length);
  // Move each placed item to its announcement, never past the next placed item.
  const order = [...placed.entries()].sort((x, y) => x[1].cue - y[1].cue);
  order.forEach(([item, s], k) => {
    const match = matches[item];
    if (!match) return;
    const limit = order[k + 1]?.[1].cue ?? index.cues.length;
    const end = index.windowEnd[s.cue] ?? s.cue + 1;
    placed.set(item, { cue: announcement(match, s.cue, end, limit), score: s.score });
  });
  const notes: string[] = [];
  const usedCues = new Set([...placed.values()].map((s) => s.cue));
  candidates.forEach((list, i) => {
    const item = items[i];
    if (placed.has(i) || !item || item.title.split(' ').length < 2) return;
    const top = strongest(list);
    if (top && top.score >= STRONG_SCORE && !usedCues.has(top.cue)) {
      placed.set(i, top);
      usedCues.add(top.cue);
      const at = formatHms(index.cues[top.cue]?.startSec ?? 0);
      notes.push(`'${item.title}' was found out of agenda order, at ${at}: check that chapter.`);
    }
  });

  const missing = items.filter((_, i) => !placed.has(i)).map((item) => item.title);
  if (missing.length > 0) {
    notes.unshift(`Not found in the transcript: ${quoteList(missing, 8)}.`);
  }
  const chapters: DraftChapter[] = [];
  items.forEach((item, i) => {
    const s = placed.get(i);
    const cue = s ? index.cues[s.cue] : undefined;
    if (cue) chapters.push({ offsetSec: cue.startSec, title: item.title });
  });
  const normalized = normalizeChapters(chapters, options);
  return { chapters: normalized.chapters, notes: [...notes, ...normalized.notes] };
}

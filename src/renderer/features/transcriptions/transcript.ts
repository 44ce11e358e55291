import type { TranscriptCue } from '../../../shared/library';

/**
 * The cue on screen at `timeSec`: a binary search for the last cue starting at or before it, then
 * a short look back for a long cue still running over shorter later ones. −1 between cues.
 * `cues` must be sorted by start time (as `library.captions` returns them).
 */
export function cueAt(cues: readonly TranscriptCue[], timeSec: number): number {
  if (!Number.isFinite(timeSec)) return -1;
  let lo = 0;
  let hi = cues.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cue = cues[mid];
    if (cue && cue.startSec <= timeSec) {
      last = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const LOOK_BACK = 8;
  for (let i = last; i >= 0 && i > last - LOOK_BACK; i--) {
    const cue = cues[i];
    if (cue && timeSec < cue.endSec) return i;
  }
  return -1;
}

/** What the transcript filter box matches: the phrase as typed, any case, spaces collapsed. */
function normalizeQuery(query: string): string {
  return query.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The positions of the cues whose text contains the query; every cue when it is blank. */
export function filterCues(cues: readonly TranscriptCue[], query: string): number[] {
  const q = normalizeQuery(query);
  const out: number[] = [];
  cues.forEach((cue, i) => {
    if (q === '' || cue.text.replace(/\s+/g, ' ').toLowerCase().includes(q)) out.push(i);
  });
  return out;
}

interface TextPart {
  text: string;
  match: boolean;
}

/** The text cut into runs, the query's occurrences marked, for highlighting. */
export function matchParts(text: string, query: string): TextPart[] {
  const q = normalizeQuery(query);
  if (q === '') return [{ text, match: false }];
  // Whitespace in the query matches any run of whitespace in the text.
  const pattern = new RegExp(
    q
      .split(' ')
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+'),
    'gi',
  );
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    if (m[0] === '') break;
    if (start > at) parts.push({ text: text.slice(at, start), match: false });
    parts.push({ text: m[0], match: true });
    at = start + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false });
  return parts.length > 0 ? parts : [{ text, match: false }];
}

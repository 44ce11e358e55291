import type { CaptionDiagnostic, SourceCue } from './caption.types';
import { CAPTION_COLUMNS, columnsOf, layoutCaptions, toCea608Text } from './caption-text';
import { CEA608_CHARS, MISC, pacBytes, sccWord } from './cea608.tables';
import { DiagnosticLog } from './diagnostics';
import { SCC_HEADER } from './scc.decoder';
import {
  FRAMES_PER_DAY,
  formatClock,
  formatTimecode,
  frameToSeconds,
  secondsToFrame,
} from './timecode';

export interface SccEncodeOptions {
  /** Frame count of the video's start timecode (see parseStartTimecode); labels count from it. */
  startFrame?: number;
  /** Rows per caption, 1 to 4. Default 2. */
  maxRows?: number;
  /** Where rows sit across the screen. Default 'center'. */
  align?: 'center' | 'left';
  /**
   * A gap shorter than this (frames) keeps a caption up until the next one replaces it, rather
   * than blanking the screen for a flicker. Default 6 (0.2 s).
   */
  minGapFrames?: number;
  /** Scenarist wrote CRLF; some tools expect it. Default '\r\n'. */
  lineEnding?: '\r\n' | '\n';
}

/** A caption as the encoded file shows it (seconds from the video's start). */
export interface EncodedCaption {
  start: number;
  end: number;
  lines: string[];
  /** Line of the source cue it came from. */
  sourceLine: number;
  /** Seconds later than wanted, when there was no time to send it earlier (0 on time). */
  late: number;
}

interface SccEncodeResult {
  /** The SCC file's text, or '' when there was nothing to encode. */
  scc: string;
  captions: EncodedCaption[];
  diagnostics: CaptionDiagnostic[];
}

interface PlannedCaption {
  lines: string[];
  words: string[];
  /** Wanted display and erase frames (absolute). */
  start: number;
  end: number;
  sourceLine: number;
  /** Whether this caption begins a source cue (only later pieces of a cue may start earlier). */
  firstOfCue: boolean;
}

interface SccLine {
  frame: number;
  words: string[];
}

const EOC = sccWord(0x14, MISC.EOC);
const EDM = sccWord(0x14, MISC.EDM);

/** Packs characters two to a word; controls and two-byte characters go out twice, alone. */
class WordWriter {
  readonly words: string[] = [];
  private pending = -1;

  basic(byte: number): void {
    if (this.pending < 0) this.pending = byte;
    else {
      this.words.push(sccWord(this.pending, byte));
      this.pending = -1;
    }
  }

  flush(): void {
    if (this.pending >= 0) this.words.push(sccWord(this.pending, 0));
    this.pending = -1;
  }

  twice(b1: number, b2: number): void {
    this.flush();
    const w = sccWord(b1, b2);
    this.words.push(w, w);
  }
}

/**
 * The words that load one pop-on caption into non-displayed memory: resume caption loading,
 * erase what the last swap left there, then for each row a preamble (and tab offset) and the
 * text. Every control, special and extended character code is sent twice; parity is odd.
 */
function loadWords(rows: readonly string[], align: 'center' | 'left'): string[] {
  const out = new WordWriter();
  out.twice(0x14, MISC.RCL);
  out.twice(0x14, MISC.ENM);
  const firstRow = 16 - rows.length;
  for (let i = 0; i < rows.length; i++) {
    const text = rows[i] ?? '';
    const col =
      align === 'center' ? Math.max(0, Math.floor((CAPTION_COLUMNS - columnsOf(text)) / 2)) : 0;
    const [p1, p2] = pacBytes(firstRow + i, col);
    out.twice(p1, p2);
    if (col % 4 > 0) out.twice(0x17, 0x20 + (col % 4));
    for (const ch of text) {
      const c = CEA608_CHARS.get(ch);
      if (!c) continue;
      if (c.kind === 'basic') out.basic(c.byte);
      else if (c.kind === 'special') out.twice(c.b1, c.b2);
      else {
        // The fallback first: a decoder without the extended set shows it instead.
        out.basic(c.fallback);
        out.twice(c.b1, c.b2);
      }
    }
    out.flush();
  }
  return out.words;
}

/**
 * Frames at which the pieces of a cue split over several captions change: each piece's share of
 * the cue's time follows its length (reading time), but where the time allows, each piece stays
 * up long enough to send the next one behind it, so none has to appear late.
 */
function splitTimes(
  start: number,
  end: number,
  lengths: readonly number[],
  wordCounts: readonly number[],
): number[] {
  const total = lengths.reduce((a, b) => a + b, 0) || 1;
  const bounds = [start];
  let before = 0;
  for (let i = 0; i < lengths.length - 1; i++) {
    before += lengths[i] ?? 0;
    bounds.push(start + Math.round(((end - start) * before) / total));
  }
  bounds.push(end);
  const fitted = [...bounds];
  // The piece before piece k must last for piece k's words plus its End Of Caption.
  for (let k = 1; k < lengths.length; k++) {
    fitted[k] = Math.max(fitted[k] ?? 0, (fitted[k - 1] ?? 0) + (wordCounts[k] ?? 0) + 2);
  }
  for (let k = lengths.length - 1; k >= 1; k--) {
    fitted[k] = Math.min(
      fitted[k] ?? 0,
      (fitted[k + 1] ?? 0) - (k + 1 < lengths.length ? (wordCounts[k + 1] ?? 0) + 2 : 1),
    );
  }
  for (let k = 1; k < lengths.length; k++) {
    if ((fitted[k] ?? 0) < (fitted[k - 1] ?? 0) + (wordCounts[k] ?? 0) + 2) return bounds;
  }
  return fitted;
}

/**
 * Where a cue follows another closely, its first caption needs the one before to stay up long
 * enough to send it (one frame a word, plus End Of Caption). When the caption before is a later
 * piece of a split cue, its start can move earlier, taking the time from the piece before it.
 */
function fitPieceBoundaries(planned: PlannedCaption[], startFrame: number): void {
  const need = (p: PlannedCaption): number => p.words.length + 2;
  for (let i = planned.length - 1; i >= 1; i--) {
    const cur = planned[i];
    const prev = planned[i - 1];
    if (!cur || !prev || prev.firstOfCue) continue;
    const deficit = need(cur) - (cur.start - prev.start);
    if (deficit <= 0) continue;
    const before = planned[i - 2];
    const floor = before ? before.start + need(prev) : startFrame + prev.words.length;
    const move = Math.min(deficit, prev.start - floor);
    if (move <= 0) continue;
    prev.start -= move;
    if (before) before.end = prev.start;
  }
}

/**
 * Encodes cues as pop-on SCC: each caption is loaded into non-displayed memory ahead of time
 * (one frame per word) so that its End Of Caption lands on the cue's start; an Erase Displayed
 * Memory clears it at its end when there is a gap. Labels are drop-frame, from `startFrame`.
 */
export function encodeScc(
  cues: readonly SourceCue[],
  options: SccEncodeOptions = {},
): SccEncodeResult {
  const log = new DiagnosticLog();
  const startFrame = options.startFrame ?? 0;
  const maxRows = Math.min(4, Math.max(1, Math.floor(options.maxRows ?? 2)));
  const align = options.align ?? 'center';
  const minGap = Math.max(2, options.minGapFrames ?? 6);
  const eol = options.lineEnding ?? '\r\n';

  const sorted = [...cues].sort((a, b) => a.start - b.start || a.end - b.end);
  const replaced = new Map<string, { to: string; line: number; count: number }>();
  const dropped = new Map<string, { line: number; count: number }>();
  const planned: PlannedCaption[] = [];
  let prevCueEnd = -Infinity;

  for (const cue of sorted) {
    if (!Number.isFinite(cue.start) || !Number.isFinite(cue.end) || cue.start < 0) continue;
    const mapped = toCea608Text(cue.text);
    for (const [from, to] of mapped.replaced) {
      const r = replaced.get(from);
      if (r) r.count += 1;
      else replaced.set(from, { to, line: cue.line, count: 1 });
    }
    for (const ch of mapped.dropped) {
      const d = dropped.get(ch);
      if (d) d.count += 1;
      else dropped.set(ch, { line: cue.line, count: 1 });
    }
    const pieces = layoutCaptions(mapped.text, maxRows);
    if (pieces.length === 0) {
      log.warning(
        cue.line,
        undefined,
        'empty-caption',
        `The caption at line ${cue.line} has no text that captions can show; it is left out.`,
      );
      continue;
    }
    const s = secondsToFrame(cue.start) + startFrame;
    const e = Math.max(s + pieces.length, secondsToFrame(cue.end) + startFrame);
    if (cue.start < prevCueEnd - 0.034) {
      log.warning(
        cue.line,
        undefined,
        'overlap',
        `The caption at line ${cue.line} (${formatClock(cue.start)}) starts before the previous one ends (${formatClock(prevCueEnd)}); pop-on shows one caption at a time, so it replaces the previous one.`,
      );
    }
    prevCueEnd = Math.max(prevCueEnd, cue.end);
    // A cue too long for one caption becomes several within its time, each on screen for a
    // share of it in proportion to its length: better than dropping words.
    const words: string[][] = [];
    const lengths: number[] = [];
    for (const rows of pieces) {
      words.push(loadWords(rows, align));
      let n = 0;
      for (const r of rows) n += columnsOf(r);
      lengths.push(n);
    }
    const bounds = splitTimes(
      s,
      e,
      lengths,
      words.map((w) => w.length),
    );
    for (let i = 0; i < pieces.length; i++) {
      const from = bounds[i] ?? s;
      const to = bounds[i + 1] ?? e;
      planned.push({
        lines: pieces[i] ?? [],
        words: words[i] ?? [],
        start: from,
        end: Math.max(to, from + 1),
        sourceLine: cue.line,
        firstOfCue: i === 0,
      });
    }
  }

  fitPieceBoundaries(planned, startFrame);

  for (const [from, r] of replaced) {
    log.warning(
      r.line,
      undefined,
      'character-replaced',
      `"${from}" is not in the caption character set; it is written as "${r.to}" (first at line ${r.line}${r.count > 1 ? `, ${r.count} captions` : ''}).`,
    );
  }
  for (const [ch, d] of dropped) {
    const code = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    log.warning(
      d.line,
      undefined,
      'character-dropped',
      `"${ch}" (${code}) has no caption equivalent and is left out (first at line ${d.line}${d.count > 1 ? `, ${d.count} captions` : ''}).`,
    );
  }

  // Schedule: every SCC line is sent one word per frame, and lines may not overlap in time.
  const out: SccLine[] = [];
  const shown: { start: number; end: number; plan: PlannedCaption; edm: boolean }[] = [];
  let busy = startFrame;
  for (const plan of planned) {
    const n = plan.words.length;
    const prev = shown[shown.length - 1];
    const s = plan.start;
    let placed = false;
    if (prev && s - prev.end >= minGap && Math.max(prev.end, busy) + 2 <= s) {
      // Erase the previous caption at its end, and load this one around the erase: as late as
      // possible after it, and what does not fit there just before it (never splitting a
      // doubled code, whose copy must follow in the next frame).
      const edmAt = Math.max(prev.end, busy);
      const roomAfter = s - (edmAt + 2);
      const roomBefore = edmAt - busy;
      let before = -1;
      if (roomAfter >= n) before = 0;
      else {
        for (let k = Math.min(n, roomBefore); k >= n - roomAfter && k > 0; k--) {
          if (k === n || plan.words[k - 1] !== plan.words[k]) {
            before = k;
            break;
          }
        }
      }
      if (before >= 0) {
        if (before > 0) out.push({ frame: edmAt - before, words: plan.words.slice(0, before) });
        out.push({ frame: edmAt, words: [EDM, EDM] });
        if (before < n) out.push({ frame: s - (n - before), words: plan.words.slice(before) });
        prev.end = edmAt;
        prev.edm = true;
        busy = before < n ? s : edmAt + 2;
        placed = true;
      }
    }
    if (!placed) {
      // No erase (the gap is too short, or there is no time to send one): this caption
      // replaces the previous one when it appears.
      const loadAt = Math.max(busy, s - n);
      out.push({ frame: loadAt, words: plan.words });
      busy = loadAt + n;
    }
    const shownAt = Math.max(s, busy);
    if (prev && !prev.edm) prev.end = shownAt;
    const late = shownAt - plan.start;
    if (late > 2) {
      log.warning(
        plan.sourceLine,
        undefined,
        'caption-delayed',
        `The caption at ${formatClock(frameToSeconds(plan.start - startFrame))} (line ${plan.sourceLine}) appears ${frameToSeconds(late).toFixed(2)} s late: there is not enough time before it to send its ${n} words (one frame each).`,
      );
    }
    out.push({ frame: shownAt, words: [EOC, EOC] });
    busy = shownAt + 2;
    const end = late > 0 ? Math.max(plan.end, shownAt + 15) : Math.max(plan.end, shownAt + 1);
    shown.push({ start: shownAt, end, plan, edm: false });
  }
  const last = shown[shown.length - 1];
  if (last) {
    const edmAt = Math.max(last.end, busy);
    out.push({ frame: edmAt, words: [EDM, EDM] });
    last.end = edmAt;
    last.edm = true;
  }

  const lastLine = out[out.length - 1];
  if (lastLine && lastLine.frame + lastLine.words.length >= FRAMES_PER_DAY) {
    log.error(
      0,
      undefined,
      'beyond-24-hours',
      `The captions run past 23:59:59;29 (the last is at ${formatClock(frameToSeconds(lastLine.frame))} with the start timecode), which SCC timecode cannot label.`,
    );
  }

  const captions: EncodedCaption[] = shown.map((c) => ({
    start: frameToSeconds(c.start - startFrame),
    end: frameToSeconds(c.end - startFrame),
    lines: c.plan.lines,
    sourceLine: c.plan.sourceLine,
    late: frameToSeconds(Math.max(0, c.start - c.plan.start)),
  }));
  if (out.length === 0) return { scc: '', captions, diagnostics: log.list() };
  const parts: string[] = [SCC_HEADER, ''];
  for (const line of out)
    parts.push(`${formatTimecode(line.frame, true)}\t${line.words.join(' ')}`, '');
  return { scc: parts.join(eol), captions, diagnostics: log.list() };
}

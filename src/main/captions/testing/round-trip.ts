import { expect } from 'vitest';
import type { CaptionDiagnostic, SourceCue } from '../caption.types';
import { toCea608Text } from '../caption-text';
import { hasOddParity } from '../cea608.tables';
import { decodeScc } from '../scc.decoder';
import type { EncodedCaption } from '../scc.encoder';
import { FRAME_RATE, frameToDropFrameLabel, parseTimecode } from '../timecode';
import { comparableText, decodeWithFfmpeg, ffmpegAvailable, noteFfmpegMissing } from './ffmpeg';

const FRAME = 1 / FRAME_RATE;

/**
 * Checks gather what is wrong and assert once: a four-hour file has 300,000 words, and one
 * failure message listing the first problems says more than the first failing `expect`.
 */
class Problems {
  private readonly list: string[] = [];
  check(ok: boolean, problem: () => string): void {
    if (!ok && this.list.length < 20) this.list.push(problem());
  }
  assertNone(): void {
    expect(this.list).toEqual([]);
  }
}

/**
 * The rules every SCC we write must follow: the header, drop-frame labels in order, one frame per
 * word with no line sent over the one before, odd parity on every byte, every control code (and
 * special or extended character) sent twice in a row.
 */
export function expectWellFormedScc(scc: string): void {
  const p = new Problems();
  const lines = scc.split('\r\n');
  p.check(lines[0] === 'Scenarist_SCC V1.0', () => `header is "${lines[0]}"`);
  let busy = -1;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const [label = '', data = ''] = line.split('\t');
    const tc = parseTimecode(label);
    p.check(
      /^\d\d:\d\d:\d\d;\d\d$/.test(label) && tc.ok,
      () => `"${label}" is not a drop-frame label`,
    );
    if (!tc.ok) continue;
    p.check(tc.frame >= busy, () => `${label} is sent before the line above has finished`);
    const words = data.split(' ');
    busy = tc.frame + words.length;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] ?? '';
      const v = parseInt(w, 16);
      p.check(/^[0-9a-f]{4}$/.test(w), () => `"${w}" on ${label} is not a word`);
      p.check(hasOddParity(v >> 8) && hasOddParity(v & 0xff), () => `${w} on ${label}: parity`);
      const b1 = (v >> 8) & 0x7f;
      if (b1 >= 0x10 && b1 <= 0x1f) {
        p.check(words[i + 1] === w, () => `control ${w} on ${label} is not doubled`);
        i += 1;
      }
    }
  }
  p.assertNone();
}

/** Our decoder reads back exactly the captions the encoder says it wrote. */
export function expectDecoderAgrees(
  scc: string,
  captions: readonly EncodedCaption[],
  startFrame = 0,
): void {
  const decoded = decodeScc(scc, { startFrame });
  expect(decoded.diagnostics).toEqual([]);
  expect(decoded.cues.map((c) => c.lines)).toEqual(captions.map((c) => c.lines));
  const p = new Problems();
  decoded.cues.forEach((cue, i) => {
    const c = captions[i];
    p.check(cue.style === 'pop-on', () => `caption ${i + 1} is ${cue.style}`);
    p.check(
      Math.abs(cue.start - (c?.start ?? NaN)) < 1e-9,
      () => `caption ${i + 1} starts at ${cue.start}, not ${c?.start}`,
    );
    p.check(
      Math.abs((cue.end ?? NaN) - (c?.end ?? NaN)) < 1e-9,
      () => `caption ${i + 1} ends at ${cue.end}, not ${c?.end}`,
    );
    for (const line of cue.lines) p.check(line.length <= 32, () => `"${line}" is longer than 32`);
  });
  p.assertNone();
}

/**
 * ffmpeg, an independent decoder, shows the same text at the same times (skipped, saying so,
 * where ffmpeg is not installed). It reads labels as
 * wall-clock seconds and frames as 33 ms, so drop-frame labels come out within about two frames.
 */
export async function expectFfmpegAgrees(
  scc: string,
  captions: readonly EncodedCaption[],
  startSeconds = 0,
): Promise<void> {
  if (!ffmpegAvailable) return noteFfmpegMissing();
  const ff = await decodeWithFfmpeg(scc);
  expect(ff.map((c) => c.text)).toEqual(captions.map((c) => comparableText(c.lines.join(' '))));
  const tolerance = 2.5 * FRAME;
  const p = new Problems();
  ff.forEach((cue, i) => {
    const c = captions[i];
    const start = cue.start - startSeconds;
    const end = cue.end - startSeconds;
    p.check(
      Math.abs(start - (c?.start ?? NaN)) <= tolerance,
      () => `caption ${i + 1}: ffmpeg starts it at ${start}, we at ${c?.start}`,
    );
    p.check(
      Math.abs(end - (c?.end ?? NaN)) <= tolerance,
      () => `caption ${i + 1}: ffmpeg ends it at ${end}, we at ${c?.end}`,
    );
  });
  p.assertNone();
}

/**
 * The captions say what the source said, when it said it: each cue's text in full (perhaps over
 * several captions), starting within two frames of the cue (later only with a warning) and
 * ending within a frame of it, or when the next caption replaces it.
 */
export function expectMatchesSource(
  captions: readonly EncodedCaption[],
  cues: readonly SourceCue[],
  diagnostics: readonly CaptionDiagnostic[],
  maxDelaySeconds = 1.5,
): void {
  const p = new Problems();
  // Captions say themselves when they are late (the warnings about it are capped).
  const delayed = new Set(captions.filter((c) => c.late > 2 * FRAME).map((c) => c.sourceLine));
  const warned = diagnostics.filter((d) => d.code === 'caption-delayed' && d.line > 0).length;
  p.check(
    warned === Math.min(25, captions.filter((c) => c.late > 2 * FRAME).length),
    () => `${warned} late warnings`,
  );
  const byLine = new Map<number, EncodedCaption[]>();
  captions.forEach((c, i) => {
    const prev = captions[i - 1];
    p.check(
      !prev || c.start >= prev.end - 1e-9,
      () => `caption ${i + 1} starts before caption ${i} ends`,
    );
    const list = byLine.get(c.sourceLine) ?? [];
    list.push(c);
    byLine.set(c.sourceLine, list);
  });
  const sorted = [...cues].sort((a, b) => a.start - b.start);
  sorted.forEach((cue, i) => {
    const mine = byLine.get(cue.line) ?? [];
    // Spaces aside (a word longer than a row is cut across rows), every character is there.
    const expected = toCea608Text(cue.text).text.replace(/\s+/g, '');
    const got = mine
      .map((c) => c.lines.join(''))
      .join('')
      .replace(/\s+/g, '');
    p.check(got === expected, () => `cue at line ${cue.line}: "${got}" is not "${expected}"`);
    const first = mine[0];
    const last = mine[mine.length - 1];
    if (!first || !last) return;
    const late = first.start - cue.start;
    if (delayed.has(cue.line)) {
      p.check(
        late > 0 && late <= maxDelaySeconds,
        () => `cue at line ${cue.line} is ${late} s late`,
      );
    } else {
      p.check(
        Math.abs(late) <= 2.5 * FRAME,
        () => `cue at line ${cue.line} starts ${late} s off, unwarned`,
      );
    }
    const next = captions[captions.indexOf(last) + 1];
    const nextSource = sorted[i + 1];
    // A caption shown late still stays up for at least half a second.
    const upTo = Math.max(
      cue.end + FRAME,
      next && nextSource ? next.start : 0,
      delayed.has(cue.line) ? last.start + 15 * FRAME : 0,
    );
    const from = Math.min(cue.end, next?.start ?? Infinity) - FRAME;
    p.check(
      last.end >= from && last.end <= upTo + 1e-9,
      () => `cue at line ${cue.line} (${cue.start}-${cue.end}) ends at ${last.end}`,
    );
  });
  p.assertNone();
}

/** How ffmpeg reads a label: wall-clock seconds, and 33 ms a frame. */
function ffmpegSecondsOfLabel(label: string): number {
  const [h = 0, m = 0, s = 0, f = 0] = label.split(/[:;]/).map(Number);
  return h * 3600 + m * 60 + s + (f * 33) / 1000;
}

/** ffmpeg reads an SCC file as our decoder does (for files written by the command line). */
export async function expectFfmpegReadsLikeUs(scc: string, startFrame = 0): Promise<void> {
  const decoded = decodeScc(scc, { startFrame });
  expect(decoded.valid).toBe(true);
  const captions = decoded.cues.map((c) => ({
    start: c.start,
    end: c.end ?? c.start,
    lines: c.lines,
    sourceLine: 0,
    late: 0,
  }));
  await expectFfmpegAgrees(scc, captions, ffmpegSecondsOfLabel(frameToDropFrameLabel(startFrame)));
}

import type { SourceCue } from './caption.types';
import { normalizeLines, stripMarkup } from './caption-text';
import type { DiagnosticLog } from './diagnostics';
import { hasNul, reportOtherFormat, type SourceFormatName } from './source-checks';
import { parseClockTime } from './subtitle-time';

export function excerpt(text: string): string {
  const t = text.trim();
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/**
 * The checks every subtitle text format starts with: an empty file, binary data, or another
 * format under this one's name. Returns false when there is nothing to parse.
 */
export function readableSubtitleText(
  log: DiagnosticLog,
  format: SourceFormatName,
  text: string,
): boolean {
  if (text.trim() === '') {
    log.error(0, undefined, 'empty-file', 'The file is empty: it holds no subtitles.');
    return false;
  }
  if (hasNul(text)) {
    log.error(0, undefined, 'binary-data', 'The file contains binary data, not subtitle text.');
    return false;
  }
  return !reportOtherFormat(log, format, text);
}

/**
 * Turns a timing line and its text into a cue, the same way for SRT and WebVTT: a broken timing
 * or an end before the start skips the cue with an error; an empty or zero-length cue is left out
 * with a warning; cues out of time order are reported (and sorted later).
 */
export class CueCollector {
  readonly cues: SourceCue[] = [];
  private prevStart = -Infinity;

  constructor(
    private readonly log: DiagnosticLog,
    private readonly words: { one: string; many: string; timingExample: string },
  ) {}

  add(timing: string, timingLine: number, match: RegExpExecArray | null, body: string[]): void {
    const { log, words } = this;
    const start = match ? parseClockTime(match[1] ?? '') : null;
    const end = match ? parseClockTime(match[2] ?? '') : null;
    if (start === null || end === null) {
      log.error(
        timingLine,
        undefined,
        'bad-timing',
        `Line ${timingLine}: "${excerpt(timing)}" is not a valid ${words.one === 'cue' ? 'cue timing' : 'timing'} (expected ${words.timingExample}); the ${words.one} is skipped.`,
      );
      return;
    }
    if (end < start) {
      log.error(
        timingLine,
        undefined,
        'end-before-start',
        `Line ${timingLine}: the ${words.one} ends (${match?.[2] ?? ''}) before it starts (${match?.[1] ?? ''}); it is skipped.`,
      );
      return;
    }
    const cleaned = normalizeLines(stripMarkup(body.join('\n')));
    if (cleaned === '') {
      log.warning(
        timingLine,
        undefined,
        'empty-cue',
        `Line ${timingLine}: the ${words.one} has no text; it is left out.`,
      );
      return;
    }
    if (end === start) {
      log.warning(
        timingLine,
        undefined,
        'zero-duration',
        `Line ${timingLine}: the ${words.one} starts and ends at the same time, so it is never on screen; it is left out.`,
      );
      return;
    }
    if (start < this.prevStart) {
      log.warning(
        timingLine,
        undefined,
        'out-of-order',
        `Line ${timingLine}: the ${words.one} starts before the one above it; ${words.many} are put in time order.`,
      );
    }
    this.prevStart = start;
    this.cues.push({ start, end, text: cleaned, line: timingLine });
  }
}

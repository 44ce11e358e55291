import type { SourceCue, SourceParseResult } from './caption.types';
import { normalizeLines, stripMarkup } from './caption-text';
import { DiagnosticLog } from './diagnostics';
import { hasNul, reportNoCues, reportOtherFormat } from './source-checks';
import { parseClockTime, textLines } from './subtitle-time';

const TIMING = /^\s*(\S+)\s*-->\s*(\S+)/;

function excerpt(text: string): string {
  const t = text.trim();
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/**
 * Reads SRT (SubRip) subtitles. Tolerates what real files do: a missing number, a missing
 * blank line, `.` for `,`, tags. Each problem names its line; a broken subtitle is skipped.
 */
export function parseSrt(text: string): SourceParseResult {
  const log = new DiagnosticLog();
  const cues: SourceCue[] = [];
  if (text.trim() === '') {
    log.error(0, undefined, 'empty-file', 'The file is empty: it holds no subtitles.');
    return { cues, diagnostics: log.list() };
  }
  if (hasNul(text)) {
    log.error(0, undefined, 'binary-data', 'The file contains binary data, not subtitle text.');
    return { cues, diagnostics: log.list() };
  }
  if (reportOtherFormat(log, 'SRT', text)) return { cues, diagnostics: log.list() };
  const lines = textLines(text);
  const at = (i: number): string => lines[i] ?? '';
  const isNumberBeforeTiming = (i: number): boolean =>
    /^\d+$/.test(at(i).trim()) && at(i + 1).includes('-->');
  let i = 0;
  let prevStart = -Infinity;
  while (i < lines.length) {
    while (i < lines.length && at(i).trim() === '') i++;
    if (i >= lines.length) break;
    if (isNumberBeforeTiming(i)) i++;
    const timing = at(i);
    const timingLine = i + 1;
    if (!timing.includes('-->')) {
      log.error(
        timingLine,
        undefined,
        'bad-cue',
        `Line ${timingLine}: expected a subtitle number or a timing line such as "00:00:01,000 --> 00:00:04,000", found "${excerpt(timing)}"; the lines up to the next blank line are skipped.`,
      );
      while (i < lines.length && at(i).trim() !== '') i++;
      continue;
    }
    i++;
    const body: string[] = [];
    while (i < lines.length && at(i).trim() !== '') {
      if (TIMING.test(at(i)) || isNumberBeforeTiming(i)) break;
      body.push(at(i));
      i++;
    }
    const m = TIMING.exec(timing);
    const start = m ? parseClockTime(m[1] ?? '') : null;
    const end = m ? parseClockTime(m[2] ?? '') : null;
    if (start === null || end === null) {
      log.error(
        timingLine,
        undefined,
        'bad-timing',
        `Line ${timingLine}: "${excerpt(timing)}" is not a valid timing (expected HH:MM:SS,mmm --> HH:MM:SS,mmm); the subtitle is skipped.`,
      );
      continue;
    }
    if (end < start) {
      log.error(
        timingLine,
        undefined,
        'end-before-start',
        `Line ${timingLine}: the subtitle ends (${m?.[2] ?? ''}) before it starts (${m?.[1] ?? ''}); it is skipped.`,
      );
      continue;
    }
    const cleaned = normalizeLines(stripMarkup(body.join('\n')));
    if (cleaned === '') {
      log.warning(
        timingLine,
        undefined,
        'empty-cue',
        `Line ${timingLine}: the subtitle has no text; it is left out.`,
      );
      continue;
    }
    if (end === start) {
      log.warning(
        timingLine,
        undefined,
        'zero-duration',
        `Line ${timingLine}: the subtitle starts and ends at the same time, so it is never on screen; it is left out.`,
      );
      continue;
    }
    if (start < prevStart) {
      log.warning(
        timingLine,
        undefined,
        'out-of-order',
        `Line ${timingLine}: the subtitle starts before the one above it; subtitles are put in time order.`,
      );
    }
    prevStart = start;
    cues.push({ start, end, text: cleaned, line: timingLine });
  }
  if (cues.length === 0 && log.errors === 0) reportNoCues(log, 'SRT');
  return { cues, diagnostics: log.list() };
}

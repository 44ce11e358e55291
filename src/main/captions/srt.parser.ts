import type { SourceParseResult } from './caption.types';
import { DiagnosticLog } from './diagnostics';
import { CueCollector, excerpt, readableSubtitleText } from './cue-collector';
import { reportNoCues } from './source-checks';
import { textLines } from './subtitle-time';

const TIMING = /^\s*(\S+)\s*-->\s*(\S+)/;

/**
 * Reads SRT (SubRip) subtitles. Tolerates what real files do: a missing number, a missing
 * blank line, `.` for `,`, tags. Each problem names its line; a broken subtitle is skipped.
 */
export function parseSrt(text: string): SourceParseResult {
  const log = new DiagnosticLog();
  if (!readableSubtitleText(log, 'SRT', text)) return { cues: [], diagnostics: log.list() };
  const collector = new CueCollector(log, {
    one: 'subtitle',
    many: 'subtitles',
    timingExample: 'HH:MM:SS,mmm --> HH:MM:SS,mmm',
  });
  const lines = textLines(text);
  const at = (i: number): string => lines[i] ?? '';
  const isNumberBeforeTiming = (i: number): boolean =>
    /^\d+$/.test(at(i).trim()) && at(i + 1).includes('-->');
  let i = 0;
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
    collector.add(timing, timingLine, TIMING.exec(timing), body);
  }
  const cues = collector.cues;
  if (cues.length === 0 && log.errors === 0) reportNoCues(log, 'SRT');
  return { cues, diagnostics: log.list() };
}

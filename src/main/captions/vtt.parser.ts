import type { SourceParseResult } from './caption.types';
import { DiagnosticLog } from './diagnostics';
import { CueCollector, excerpt, readableSubtitleText } from './cue-collector';
import { reportNoCues } from './source-checks';
import { textLines } from './subtitle-time';

const TIMING = /^\s*(\S+)\s+-->\s+(\S+)/;

/**
 * Reads WebVTT. Comments, styles and regions are skipped; cue settings are ignored (pop-on SCC
 * captions are placed at the bottom); voice, class and timestamp tags are removed.
 */
export function parseVtt(text: string): SourceParseResult {
  const log = new DiagnosticLog();
  if (!readableSubtitleText(log, 'WebVTT', text)) return { cues: [], diagnostics: log.list() };
  const collector = new CueCollector(log, {
    one: 'cue',
    many: 'cues',
    timingExample: 'HH:MM:SS.mmm --> HH:MM:SS.mmm',
  });
  const lines = textLines(text);
  const at = (i: number): string => lines[i] ?? '';
  let i = 0;
  while (i < lines.length && at(i).trim() === '') i++;
  if (/^WEBVTT(?:[ \t].*)?$/.test(at(i).trimEnd())) {
    // The header block runs to the first blank line.
    while (i < lines.length && at(i).trim() !== '') i++;
  } else {
    log.error(
      i + 1,
      undefined,
      'bad-header',
      `Line ${i + 1}: a WebVTT file must start with "WEBVTT"; it starts with "${excerpt(at(i))}".`,
    );
  }
  while (i < lines.length) {
    while (i < lines.length && at(i).trim() === '') i++;
    if (i >= lines.length) break;
    const first = at(i);
    if (/^(NOTE|STYLE|REGION)(\s|$)/.test(first)) {
      while (i < lines.length && at(i).trim() !== '') i++;
      continue;
    }
    if (!first.includes('-->')) i++; // a cue identifier
    const timing = at(i);
    const timingLine = i + 1;
    if (!timing.includes('-->')) {
      log.error(
        timingLine,
        undefined,
        'bad-cue',
        `Line ${timingLine}: expected a cue timing such as "00:00:01.000 --> 00:00:04.000", found "${excerpt(timing)}"; the lines up to the next blank line are skipped.`,
      );
      while (i < lines.length && at(i).trim() !== '') i++;
      continue;
    }
    i++;
    const body: string[] = [];
    while (i < lines.length && at(i).trim() !== '' && !at(i).includes('-->')) {
      body.push(at(i));
      i++;
    }
    collector.add(timing, timingLine, TIMING.exec(timing), body);
  }
  const cues = collector.cues;
  if (cues.length === 0 && log.errors === 0) reportNoCues(log, 'WebVTT');
  return { cues, diagnostics: log.list() };
}

import type { DiagnosticLog } from './diagnostics';

export type SourceFormatName = 'SCC' | 'WebVTT' | 'JSON' | 'SRT';
type Kind = SourceFormatName;

function recognise(text: string): Kind | null {
  const head = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 300);
  if (head.startsWith('Scenarist_SCC')) return 'SCC';
  if (/^WEBVTT(\s|$)/.test(head)) return 'WebVTT';
  if (head.startsWith('{') || head.startsWith('[')) return 'JSON';
  if (/^\d+\s*\r?\n\s*\d\d:\d\d:\d\d,\d{3}\s*-->/.test(head)) return 'SRT';
  return null;
}

/**
 * When a file given as one format is plainly another (an SCC file named .srt, say), one clear
 * error saying so beats a line-by-line list of everything that does not parse.
 */
export function reportOtherFormat(log: DiagnosticLog, expected: Kind, text: string): boolean {
  const kind = recognise(text);
  if (kind === null || kind === expected) return false;
  log.error(
    1,
    undefined,
    'wrong-format',
    `This is ${kind === 'SCC' ? 'an' : 'a'} ${kind} file, not ${expected}: check the file's name and extension.`,
  );
  return true;
}

export function reportNoCues(log: DiagnosticLog, expected: string): void {
  log.error(0, undefined, 'no-cues', `No ${expected} captions could be read from the file.`);
}

export function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

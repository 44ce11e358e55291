import type { CaptionCue } from './caption.types';
import { formatClockTime } from './subtitle-time';

export interface SubtitleWriteOptions {
  /**
   * Length of the video in seconds: a caption still on screen at the end of an SCC file (no
   * erase) is shown until then. Without it, such a caption gets `openEndSeconds`.
   */
  mediaDuration?: number;
  /** Default 5. */
  openEndSeconds?: number;
}

interface TimedLines {
  start: number;
  end: number;
  lines: string[];
}

/** Cues players can take: each with an end, none before 0, none empty. */
function closedCues(cues: readonly CaptionCue[], options: SubtitleWriteOptions): TimedLines[] {
  const open = options.openEndSeconds ?? 5;
  const out: TimedLines[] = [];
  cues.forEach((cue, i) => {
    let end = cue.end;
    if (end === null) {
      const next = cues[i + 1]?.start;
      const media = options.mediaDuration;
      end = next ?? (media !== undefined && media > cue.start ? media : cue.start + open);
    }
    const start = Math.max(0, cue.start);
    if (end <= start || cue.lines.length === 0) return;
    out.push({ start, end, lines: cue.lines });
  });
  return out;
}

function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** WebVTT for a preview track: the decoded captions, bottom-placed by the player. */
export function toWebVtt(cues: readonly CaptionCue[], options: SubtitleWriteOptions = {}): string {
  const parts = ['WEBVTT', ''];
  for (const c of closedCues(cues, options)) {
    parts.push(`${formatClockTime(c.start, '.')} --> ${formatClockTime(c.end, '.')}`);
    for (const line of c.lines) parts.push(escapeVtt(line));
    parts.push('');
  }
  return parts.join('\n');
}

export function toSrt(cues: readonly CaptionCue[], options: SubtitleWriteOptions = {}): string {
  const parts: string[] = [];
  closedCues(cues, options).forEach((c, i) => {
    parts.push(
      String(i + 1),
      `${formatClockTime(c.start, ',')} --> ${formatClockTime(c.end, ',')}`,
      ...c.lines,
      '',
    );
  });
  return parts.join('\n');
}

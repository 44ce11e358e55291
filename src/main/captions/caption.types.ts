/** How a caption reaches the screen (CEA-608 caption styles). */
export type CaptionStyle = 'pop-on' | 'roll-up' | 'paint-on';

/** One caption as a viewer sees it: the displayed rows, top to bottom, between two moments. */
export interface CaptionCue {
  /** Seconds from the start of the video (after any start-timecode offset). */
  start: number;
  /** Seconds; null when the caption is still on screen at the end of the file. */
  end: number | null;
  lines: string[];
  style: CaptionStyle;
}

export type DiagnosticSeverity = 'error' | 'warning';

/**
 * A problem found in a caption file, in words an operator understands. `line` is 1-based
 * (0 means the file as a whole); `word` is the 1-based position of the caption word on an SCC
 * line, when the problem is one word.
 */
export interface CaptionDiagnostic {
  line: number;
  word?: number;
  severity: DiagnosticSeverity;
  code: string;
  message: string;
}

/** A caption read from a source format (SRT, WebVTT, Whisper JSON), before encoding. */
export interface SourceCue {
  start: number;
  end: number;
  /** The text with tags removed; `\n` separates the lines the source asked for. */
  text: string;
  /** Where the cue starts in the source file (1-based), for diagnostics. */
  line: number;
}

export interface SourceParseResult {
  cues: SourceCue[];
  diagnostics: CaptionDiagnostic[];
}

export type SourceFormat = 'srt' | 'vtt' | 'whisper-json';
export type CaptionFormat = SourceFormat | 'scc';

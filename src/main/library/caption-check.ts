/** Reads a recording's caption file: validates it, and turns it into a preview track and transcript. */
import { readFile } from 'node:fs/promises';
import type {
  CaptionDiagnosticView,
  CaptionPreview,
  CaptionSourceFormat,
  TranscriptCue,
} from '../../shared/library';
import {
  decodeScc,
  decodeSourceText,
  FRAME_RATE,
  parseSourceCaptions,
  parseTimecode,
  toWebVtt,
  type CaptionCue,
  type CaptionDiagnostic,
} from '../captions';
import { errorCodeText } from '../../shared/errors';

export interface CaptionCheck {
  valid: boolean;
  cueCount: number;
  diagnostics: CaptionDiagnosticView[];
  /** The first error of all the file's diagnostics, in words with its line, for the reason. */
  firstError: string | null;
}

/** At most this many diagnostics are kept per file: an operator needs the first ones. */
const MAX_DIAGNOSTICS = 50;
/** Caption files larger than this are not a transcript of a meeting. */
const MAX_CAPTION_BYTES = 50 * 1024 * 1024;
const ONE_HOUR_FRAMES = Math.round(3600 * FRAME_RATE);

function view(d: CaptionDiagnostic): CaptionDiagnosticView {
  return {
    severity: d.severity,
    message: d.message,
    line: d.line > 0 ? d.line : null,
    word: d.word ?? null,
  };
}

/**
 * The diagnostics kept for a file: errors before warnings, each in file order, at most
 * MAX_DIAGNOSTICS. The recording's reason is read from its first error, so no number of warnings
 * may push an error out of the list.
 */
function kept(diagnostics: readonly CaptionDiagnostic[]): CaptionDiagnosticView[] {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity !== 'error');
  return [...errors, ...warnings].slice(0, MAX_DIAGNOSTICS).map(view);
}

function describe(d: CaptionDiagnosticView): string {
  const where =
    d.line === null
      ? ''
      : d.word === null
        ? `line ${d.line}: `
        : `line ${d.line}, word ${d.word}: `;
  return where + d.message;
}

interface Read {
  cues: CaptionCue[];
  diagnostics: CaptionDiagnostic[];
}

function fail(message: string): Read {
  return { cues: [], diagnostics: [{ line: 0, severity: 'error', code: 'unreadable', message }] };
}

/**
 * Decodes the file. SCC times count from `startFrame`: the video's start timecode when known;
 * otherwise, when the captions begin an hour or more in, the common 01:00:00;00 start is assumed
 * (a preview at 3600 s into a 2-minute clip would show nothing).
 */
async function readCaptions(
  path: string,
  format: CaptionSourceFormat,
  startTimecode: string | null,
): Promise<Read> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = errorCodeText(error);
    return fail(
      code === 'ENOENT'
        ? 'The caption file is gone (moved or deleted since the scan).'
        : `The caption file could not be read (${code}).`,
    );
  }
  if (bytes.length > MAX_CAPTION_BYTES) {
    return fail(
      `The caption file is ${Math.round(bytes.length / 1048576)} MB: too large to be captions.`,
    );
  }
  if (format === 'scc') {
    const parsed = startTimecode ? parseTimecode(startTimecode) : null;
    let startFrame = parsed?.ok ? parsed.frame : 0;
    let decoded = decodeScc(bytes, { startFrame });
    const first = decoded.stats.firstFrame;
    if (!parsed?.ok && first !== null && first >= ONE_HOUR_FRAMES) {
      startFrame = ONE_HOUR_FRAMES;
      decoded = decodeScc(bytes, { startFrame });
    }
    return { cues: decoded.cues, diagnostics: decoded.diagnostics };
  }
  const text = decodeSourceText(bytes);
  const parsed = parseSourceCaptions(text.text, format);
  return {
    cues: parsed.cues.map((c) => ({
      start: c.start,
      end: c.end,
      lines: c.text.split('\n'),
      style: 'pop-on' as const,
    })),
    diagnostics: [
      ...text.diagnostics,
      ...parsed.diagnostics,
      ...(parsed.cues.length === 0 && !parsed.diagnostics.some((d) => d.severity === 'error')
        ? [
            {
              line: 0,
              severity: 'error' as const,
              code: 'no-captions',
              message: 'The file has no captions in it.',
            },
          ]
        : []),
    ],
  };
}

export async function checkCaptions(
  path: string,
  format: CaptionSourceFormat,
  startTimecode: string | null,
): Promise<CaptionCheck> {
  const read = await readCaptions(path, format, startTimecode);
  const diagnostics = kept(read.diagnostics);
  const errors = read.diagnostics.filter((d) => d.severity === 'error');
  const firstError = errors.find((d) => d.line > 0) ?? errors[0];
  return {
    valid: firstError === undefined && read.cues.length > 0,
    cueCount: read.cues.length,
    diagnostics,
    firstError: firstError
      ? describe(view(firstError))
      : read.cues.length === 0
        ? 'the file shows no captions at all.'
        : null,
  };
}

function transcript(cues: readonly CaptionCue[]): TranscriptCue[] {
  const out: TranscriptCue[] = [];
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i]!;
    const text = cue.lines.join(' ').replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const next = cues[i + 1];
    const end = cue.end ?? next?.start ?? cue.start + 4;
    out.push({ startSec: cue.start, endSec: Math.max(end, cue.start), text });
  }
  return out;
}

/** The captions as WebVTT for the player's track, and as a transcript of cues. */
export async function previewCaptions(
  path: string,
  format: CaptionSourceFormat,
  startTimecode: string | null,
): Promise<CaptionPreview> {
  const read = await readCaptions(path, format, startTimecode);
  const diagnostics = kept(read.diagnostics);
  if (read.cues.length === 0) return { vtt: null, cues: [], diagnostics };
  return { vtt: toWebVtt(read.cues), cues: transcript(read.cues), diagnostics };
}

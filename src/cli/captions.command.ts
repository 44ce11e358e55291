import { errorMessage, errorCode } from '../shared/errors';
import { readFile } from 'node:fs/promises';
import {
  captionFormatFromPath,
  convertToScc,
  decodeScc,
  decodeSourceText,
  formatClock,
  formatTimecode,
  parseStartTimecode,
  secondsToFrame,
  SidecarWriteError,
  TimecodeError,
  toSrt,
  toWebVtt,
  writeSidecarAtomic,
  type CaptionCue,
  type CaptionDiagnostic,
} from '../main/captions';

/** Where a command writes what it has to say (process.stdout in the CLI, a buffer in tests). */
export interface CommandOutput {
  write(text: string): unknown;
}

/** Exit codes: 0 done / valid, 1 the file has errors or could not be written, 2 wrong usage. */
const EXIT_OK = 0;
const EXIT_ERRORS = 1;
const EXIT_USAGE = 2;

function describeReadError(error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return errorMessage(error);
}

/** `file:line:word: severity: message`, leaving out what does not apply (line 0 is the file). */
function formatDiagnostic(file: string, d: CaptionDiagnostic): string {
  const where = d.line > 0 ? `${file}:${d.line}${d.word !== undefined ? `:${d.word}` : ''}` : file;
  return `${where}: ${d.severity}: ${d.message}\n`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function span(cues: readonly CaptionCue[]): { from: number; to: number } | null {
  const first = cues[0];
  const last = cues[cues.length - 1];
  if (!first || !last) return null;
  return { from: first.start, to: last.end ?? last.start };
}

function startFrameOf(offset: string | undefined, file: string, out: CommandOutput): number | null {
  if (offset === undefined) return 0;
  try {
    return parseStartTimecode(offset);
  } catch (error) {
    out.write(
      `${file}: error: ${error instanceof TimecodeError ? error.message : String(error)}\n`,
    );
    return null;
  }
}

/**
 * `archivist captions validate FILE`: decodes an SCC file as a CC1 viewer would see it and lists
 * every problem with its line and word, then a summary. Returns 0 when valid, 1 when not.
 */
export async function captionsValidate(
  file: string,
  out: CommandOutput,
  options: { startTimecode?: string } = {},
): Promise<number> {
  const startFrame = startFrameOf(options.startTimecode, file, out);
  if (startFrame === null) return EXIT_USAGE;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    out.write(`${file}: error: cannot read the file: ${describeReadError(error)}\n`);
    return EXIT_ERRORS;
  }
  const result = decodeScc(bytes, { startFrame });
  for (const d of result.diagnostics) out.write(formatDiagnostic(file, d));
  const { errors, warnings } = result.stats;
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  const range = span(result.cues);
  const styles = [...new Set(result.cues.map((c) => c.style))].join(', ');
  const shown = range
    ? `${plural(result.cues.length, 'caption')} (${styles}) over ${formatClock(range.to - range.from)}, from ${formatTimecode(secondsToFrame(range.from) + startFrame)} to ${formatTimecode(secondsToFrame(range.to) + startFrame)}`
    : 'no captions';
  out.write(`${file}: ${result.valid ? 'valid' : 'INVALID'}: ${shown}; ${counts}.\n`);
  if (range && options.startTimecode === undefined && range.from >= 50 * 60) {
    out.write(
      `${file}: note: the first caption is at ${formatTimecode(secondsToFrame(range.from))}; if the video's timecode starts at 01:00:00;00, give --start-timecode 01:00:00;00.\n`,
    );
  }
  return result.valid ? EXIT_OK : EXIT_ERRORS;
}

interface CaptionsConvertOptions {
  /** The video's start timecode, e.g. `01:00:00;00`: SCC labels count from it. */
  offset?: string;
  /** Rows per caption when encoding SCC (1-4, default 2). */
  maxRows?: number;
  out?: CommandOutput;
}

/**
 * `archivist captions convert IN OUT [--start-timecode 01:00:00;00]`: SRT, WebVTT or Whisper JSON
 * to SCC, or SCC to WebVTT or SRT, by the files' extensions. The output appears atomically, and
 * an SCC with errors is never written. Returns 0 when written, 1 on errors, 2 on wrong usage.
 */
export async function captionsConvert(
  input: string,
  output: string,
  options: CaptionsConvertOptions = {},
): Promise<number> {
  const out = options.out ?? process.stdout;
  const from = captionFormatFromPath(input);
  const to = captionFormatFromPath(output);
  if (!from || !to) {
    const bad = from ? output : input;
    out.write(
      `${bad}: error: cannot tell the caption format from the file name: use .scc, .srt, .vtt or .json.\n`,
    );
    return EXIT_USAGE;
  }
  const encoding = from !== 'scc';
  if (encoding ? to !== 'scc' : to !== 'vtt' && to !== 'srt') {
    out.write(
      `${output}: error: converting ${from} to ${to} is not supported: SRT, WebVTT and Whisper JSON convert to SCC, and SCC to WebVTT or SRT.\n`,
    );
    return EXIT_USAGE;
  }
  const startFrame = startFrameOf(options.offset, input, out);
  if (startFrame === null) return EXIT_USAGE;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(input);
  } catch (error) {
    out.write(`${input}: error: cannot read the file: ${describeReadError(error)}\n`);
    return EXIT_ERRORS;
  }

  let content: string;
  let summary: string;
  let exit = EXIT_OK;
  if (from !== 'scc') {
    const source = decodeSourceText(bytes);
    const result = convertToScc(source.text, from, { startFrame, maxRows: options.maxRows });
    for (const d of [...source.diagnostics, ...result.diagnostics])
      out.write(formatDiagnostic(input, d));
    if (!result.ok) {
      out.write(`${output}: not written: ${input} has errors (listed above).\n`);
      return EXIT_ERRORS;
    }
    content = result.scc;
    const last = result.captions[result.captions.length - 1];
    summary = `${plural(result.captions.length, 'caption')}, up to ${formatClock(last?.end ?? 0)}`;
  } else {
    const decoded = decodeScc(bytes, { startFrame });
    for (const d of decoded.diagnostics) out.write(formatDiagnostic(input, d));
    if (decoded.cues.length === 0) {
      out.write(`${output}: not written: ${input} shows no captions.\n`);
      return EXIT_ERRORS;
    }
    content = to === 'vtt' ? toWebVtt(decoded.cues) : toSrt(decoded.cues);
    summary = plural(decoded.cues.length, 'caption');
    if (!decoded.valid) {
      summary += `, but ${input} has errors (listed above): check the result`;
      exit = EXIT_ERRORS;
    }
  }
  try {
    await writeSidecarAtomic(output, content);
  } catch (error) {
    out.write(
      `${output}: error: ${error instanceof SidecarWriteError ? error.message : String(error)}\n`,
    );
    return EXIT_ERRORS;
  }
  out.write(`${output}: written: ${summary}.\n`);
  return exit;
}

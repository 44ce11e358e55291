import { extname } from 'node:path';
import type {
  CaptionDiagnostic,
  CaptionFormat,
  SourceFormat,
  SourceParseResult,
} from './caption.types';
import { decodeScc, type SccDecodeOptions, type SccDecodeResult } from './scc.decoder';
import { encodeScc, type EncodedCaption, type SccEncodeOptions } from './scc.encoder';
import { parseSrt } from './srt.parser';
import { toWebVtt, type SubtitleWriteOptions } from './subtitle.writer';
import { parseVtt } from './vtt.parser';
import { parseWhisperJson } from './whisper.parser';

const EXTENSIONS: Record<string, CaptionFormat> = {
  '.scc': 'scc',
  '.srt': 'srt',
  '.vtt': 'vtt',
  '.webvtt': 'vtt',
  '.json': 'whisper-json',
};

/** The caption format a file name says it holds, or null. */
export function captionFormatFromPath(path: string): CaptionFormat | null {
  return EXTENSIONS[extname(path).toLowerCase()] ?? null;
}

export function parseSourceCaptions(text: string, format: SourceFormat): SourceParseResult {
  switch (format) {
    case 'srt':
      return parseSrt(text);
    case 'vtt':
      return parseVtt(text);
    case 'whisper-json':
      return parseWhisperJson(text);
  }
}

interface SccConversion {
  /** True when neither the source nor the encoding had an error: the SCC is safe to publish. */
  ok: boolean;
  scc: string;
  captions: EncodedCaption[];
  /** The source's problems, then the encoder's. */
  diagnostics: CaptionDiagnostic[];
  /** Our own decoder's reading of the SCC written: the encoder is checked on every file. */
  check: SccDecodeResult | null;
}

/**
 * The text of a subtitle file from its bytes: UTF-8 normally, UTF-16 when it has a byte-order
 * mark (Windows tools write it), and Windows-1252 when the bytes are not UTF-8 (older SRTs), with
 * a warning, rather than turning every accented letter into a replacement character.
 */
export function decodeSourceText(bytes: Uint8Array): {
  text: string;
  diagnostics: CaptionDiagnostic[];
} {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), diagnostics: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), diagnostics: [] };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), diagnostics: [] };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      diagnostics: [
        {
          line: 0,
          severity: 'warning',
          code: 'not-utf8',
          message:
            'The file is not UTF-8 text; it was read as Windows-1252 (Western European). Check accented letters in the result.',
        },
      ],
    };
  }
}

/** SRT, WebVTT or Whisper JSON text to SCC, checked by decoding the result again. */
export function convertToScc(
  text: string,
  format: SourceFormat,
  options: SccEncodeOptions = {},
): SccConversion {
  const parsed = parseSourceCaptions(text, format);
  const encoded = encodeScc(parsed.cues, options);
  const diagnostics = [...parsed.diagnostics, ...encoded.diagnostics];
  let check: SccDecodeResult | null = null;
  if (encoded.scc !== '') {
    check = decodeScc(encoded.scc, { startFrame: options.startFrame ?? 0 });
    const problem = check.diagnostics.find((d) => d.severity === 'error');
    if (problem) {
      diagnostics.push({
        line: 0,
        severity: 'error',
        code: 'self-check',
        message: `The SCC written does not pass validation (${problem.message}); it was not saved. Please report this file.`,
      });
    }
  } else if (!diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push({
      line: 0,
      severity: 'error',
      code: 'no-captions',
      message: 'There is no caption text to encode.',
    });
  }
  return {
    ok: !diagnostics.some((d) => d.severity === 'error'),
    scc: encoded.scc,
    captions: encoded.captions,
    diagnostics,
    check,
  };
}

/** An SCC file as WebVTT for a preview track, with the decoder's findings. */
export function sccToWebVtt(
  input: string | Uint8Array,
  options: SccDecodeOptions & SubtitleWriteOptions = {},
): { vtt: string; decoded: SccDecodeResult } {
  const decoded = decodeScc(input, options);
  return { vtt: toWebVtt(decoded.cues, options), decoded };
}

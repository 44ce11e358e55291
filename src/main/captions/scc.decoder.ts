/**
 * The SCC file parser: reads the text (encoding, header, lines, timecodes, words, parity) and
 * feeds each word to the CEA-608 machine at the frame it is sent on, naming the line and word of
 * every problem. What the words do on screen is the machine's job (cea608.machine.ts).
 */
import type { CaptionCue, CaptionDiagnostic } from './caption.types';
import { Cea608Machine, hex2 } from './cea608.machine';
import { ODD_PARITY } from './cea608.tables';
import { DiagnosticLog } from './diagnostics';
import { formatTimecode, frameToSeconds, parseTimecode } from './timecode';

export const SCC_HEADER = 'Scenarist_SCC V1.0';

export interface SccDecodeOptions {
  /** Frame count of the video's start timecode (e.g. 01:00:00;00); cue times count from it. */
  startFrame?: number;
  /** How many diagnostics of one kind to list before summarising the rest. Default 25. */
  maxDiagnosticsPerKind?: number;
}

export interface SccDecodeStats {
  /** Lines carrying caption data. */
  dataLines: number;
  words: number;
  /** Timecode (frames) of the first data line, or null. */
  firstFrame: number | null;
  /** Frame after the last word sent, or null. */
  lastFrame: number | null;
  /** Whether the timecodes are drop-frame; null with no data lines. */
  dropFrame: boolean | null;
  errors: number;
  warnings: number;
}

export interface SccDecodeResult {
  cues: CaptionCue[];
  diagnostics: CaptionDiagnostic[];
  /** True when nothing is an error: the file shows captions and nothing in it is broken. */
  valid: boolean;
  stats: SccDecodeStats;
}

const HEX = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    t[65 + i] = 10 + i;
    t[97 + i] = 10 + i;
  }
  return t;
})();

function parseWord(token: string): number {
  if (token.length !== 4) return -1;
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const c = token.charCodeAt(i);
    const d = c < 128 ? (HEX[c] ?? -1) : -1;
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

function printable(text: string, max = 40): string {
  let out = '';
  for (const ch of text.slice(0, max)) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0xfffd ? '?' : ch;
  }
  return text.length > max ? `${out}…` : out;
}

/** Turns the bytes of a file into text, or says why they are not an SCC text file. */
function readText(input: string | Uint8Array, log: DiagnosticLog): string | null {
  if (typeof input === 'string') {
    if (input.length === 0) {
      log.error(0, undefined, 'empty-file', 'The file is empty (0 bytes): it holds no captions.');
      return null;
    }
    if (input.includes('\u0000')) return binary(log);
    if (input.charCodeAt(0) === 0xfeff) {
      log.warning(
        1,
        undefined,
        'byte-order-mark',
        'The file starts with a byte-order mark; SCC files are plain ASCII and some systems reject the mark.',
      );
      return input.slice(1);
    }
    return input;
  }
  const bytes = input;
  if (bytes.length === 0) {
    log.error(0, undefined, 'empty-file', 'The file is empty (0 bytes): it holds no captions.');
    return null;
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    log.error(
      1,
      undefined,
      'mis-encoded',
      'The file is saved as UTF-16 (Unicode) text; SCC files must be plain ASCII. Save it again as ASCII or UTF-8.',
    );
    return new TextDecoder(b0 === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
  }
  const sample = bytes.subarray(0, 4096);
  let zerosEven = 0;
  let zerosOdd = 0;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i] ?? 0;
    if (b === 0) {
      if (i % 2 === 0) zerosEven += 1;
      else zerosOdd += 1;
    } else if (b < 0x09 || (b > 0x0d && b < 0x20)) controls += 1;
  }
  const half = sample.length / 2;
  if (sample.length >= 8 && (zerosOdd > half * 0.6 || zerosEven > half * 0.6)) {
    log.error(
      1,
      undefined,
      'mis-encoded',
      'The file is saved as UTF-16 (Unicode) text without a byte-order mark; SCC files must be plain ASCII. Save it again as ASCII or UTF-8.',
    );
    return new TextDecoder(zerosOdd > zerosEven ? 'utf-16le' : 'utf-16be').decode(bytes);
  }
  if (zerosEven + zerosOdd > 0 || controls > sample.length * 0.01) return binary(log);
  let start = 0;
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    log.warning(
      1,
      undefined,
      'byte-order-mark',
      'The file starts with a UTF-8 byte-order mark; SCC files are plain ASCII and some systems reject the mark.',
    );
    start = 3;
  }
  // Latin-1 keeps one character per byte, so a stray byte shows up in the word it damages.
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString(
    'latin1',
  );
}

function binary(log: DiagnosticLog): null {
  log.error(
    0,
    undefined,
    'binary-data',
    'The file contains binary data, not text: it is not an SCC caption file, or it is damaged.',
  );
  return null;
}

/** Says what a file that is not SCC looks like, so the operator knows what to do with it. */
function recogniseOtherFormat(lines: readonly string[], first: number): string | null {
  const head = (lines[first] ?? '').trim();
  if (/^WEBVTT/.test(head)) {
    return 'This is a WebVTT subtitle file, not SCC (it starts with "WEBVTT"). Convert it to SCC with "archivist captions convert".';
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    return 'This is a JSON file (perhaps a Whisper transcript), not SCC. Convert it to SCC with "archivist captions convert".';
  }
  for (let i = first; i < Math.min(lines.length, first + 20); i++) {
    if (/\d\d:\d\d[:.,]\d\d[.,]\d+\s*-->/.test(lines[i] ?? '')) {
      return 'This is an SRT subtitle file (timings like "00:00:01,000 --> 00:00:04,000"), not SCC: perhaps it was renamed to .scc. Convert it to SCC with "archivist captions convert".';
    }
  }
  return null;
}

/**
 * Decodes and validates an SCC file: the cues a CC1 viewer would see, and every problem with
 * its line and word. Never throws on bad input; a damaged file gives diagnostics.
 */
export function decodeScc(
  input: string | Uint8Array,
  options: SccDecodeOptions = {},
): SccDecodeResult {
  const log = new DiagnosticLog(options.maxDiagnosticsPerKind ?? 25);
  const startFrame = options.startFrame ?? 0;
  const stats: SccDecodeStats = {
    dataLines: 0,
    words: 0,
    firstFrame: null,
    lastFrame: null,
    dropFrame: null,
    errors: 0,
    warnings: 0,
  };
  const finish = (cues: CaptionCue[]): SccDecodeResult => {
    stats.errors = log.errors;
    stats.warnings = log.warnings;
    return { cues, diagnostics: log.list(), valid: log.errors === 0, stats };
  };

  const text = readText(input, log);
  if (text === null) return finish([]);
  const lines = text.split(/\r\n|\r|\n/);
  let first = 0;
  while (first < lines.length && (lines[first] ?? '').trim() === '') first++;
  if (first >= lines.length) {
    log.error(0, undefined, 'empty-file', 'The file has only blank lines: it holds no captions.');
    return finish([]);
  }

  const headLine = (lines[first] ?? '').trim();
  let dataStart = first + 1;
  if (headLine !== SCC_HEADER) {
    const other = recogniseOtherFormat(lines, first);
    const firstToken = headLine.split(/\s+/)[0] ?? '';
    if (other) {
      log.error(first + 1, undefined, 'not-scc', other);
      return finish([]);
    }
    if (/^scenarist_scc/i.test(headLine)) {
      log.error(
        first + 1,
        undefined,
        'bad-header',
        `The header reads "${printable(headLine)}"; it must be exactly "${SCC_HEADER}".`,
      );
    } else if (parseTimecode(firstToken).ok || /^\d\d:\d\d/.test(firstToken)) {
      log.error(
        first + 1,
        undefined,
        'bad-header',
        `The header line "${SCC_HEADER}" is missing: players and Cablecast may not recognise the file as SCC.`,
      );
      dataStart = first;
    } else {
      log.error(
        first + 1,
        undefined,
        'not-scc',
        `This is not an SCC caption file: it starts with "${printable(headLine)}" instead of "${SCC_HEADER}".`,
      );
      return finish([]);
    }
  }

  const machine = new Cea608Machine(log);
  let lastLineFrame = -1;
  let lastLineLabel = '';
  let lastLineNo = 0;
  let busyUntil = -1;
  let parityWords = 0;
  let sawDrop = false;
  let sawNonDrop = false;

  for (let i = dataStart; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const tokens = trimmed.split(/\s+/);
    const label = tokens[0] ?? '';
    const parsed = parseTimecode(label);
    let frame: number;
    if (parsed.ok) {
      frame = parsed.frame;
      if (parsed.dropFrame) sawDrop = true;
      else sawNonDrop = true;
    } else if (parsed.code === 'dropped-frame-label' && parsed.frame !== undefined) {
      log.error(lineNo, undefined, parsed.code, `Line ${lineNo}: ${parsed.message}.`);
      frame = parsed.frame;
      sawDrop = true;
    } else {
      const looksLikeLabel = /^\d{1,2}[:;]\d\d[:;]\d\d[:;,.]\d\d$/.test(label);
      log.error(
        lineNo,
        undefined,
        'bad-timecode',
        looksLikeLabel
          ? `Line ${lineNo}: ${parsed.message}; the line is skipped.`
          : `Line ${lineNo} does not start with a timecode (it starts with "${printable(label, 20)}"); the line is skipped.`,
      );
      continue;
    }
    const words = tokens.length - 1;
    if (words === 0) continue;
    stats.dataLines += 1;
    stats.words += words;
    if (stats.firstFrame === null) stats.firstFrame = frame;

    if (frame < lastLineFrame) {
      log.error(
        lineNo,
        undefined,
        'timecode-backwards',
        `Line ${lineNo} (${label}) is earlier than line ${lastLineNo} (${lastLineLabel}): timecodes must go forwards, or captions play out of order.`,
      );
    } else if (frame < busyUntil) {
      log.warning(
        lineNo,
        undefined,
        'transmission-overlap',
        `Line ${lineNo} (${label}) starts before line ${lastLineNo} has finished sending (it needs one frame per word, until ${formatTimecode(busyUntil, parsed.ok ? parsed.dropFrame : true)}), so its captions appear ${busyUntil - frame} frame(s) late.`,
      );
    }
    lastLineFrame = frame;
    lastLineLabel = label;
    lastLineNo = lineNo;
    const sendFrom = Math.max(frame, busyUntil);
    busyUntil = sendFrom + words;

    for (let w = 1; w <= words; w++) {
      const token = tokens[w] ?? '';
      const wordFrame = sendFrom + w - 1;
      machine.at(lineNo, w);
      const value = parseWord(token);
      if (value < 0) {
        log.error(
          lineNo,
          w,
          'bad-word',
          `"${printable(token, 12)}" at line ${lineNo}, word ${w} is not a caption word: SCC words are 4 hexadecimal digits, such as 9420.`,
        );
        continue;
      }
      const b1 = value >> 8;
      const b2 = value & 0xff;
      const bad1 = ODD_PARITY[b1] !== 1;
      const bad2 = ODD_PARITY[b2] !== 1;
      let c1 = b1 & 0x7f;
      let c2 = b2 & 0x7f;
      if (bad1 || bad2) {
        parityWords += 1;
        const bad = [bad1 ? b1 : -1, bad2 ? b2 : -1].filter((b) => b >= 0).map(hex2);
        log.error(
          lineNo,
          w,
          'parity',
          `${bad.length === 2 ? `Bytes ${bad[0]} and ${bad[1]}` : `Byte ${bad[0]}`} at line ${lineNo}, word ${w} ${bad.length === 2 ? 'have' : 'has'} even parity: the file is damaged or was written without parity.`,
        );
        // A decoder drops a damaged command and shows a solid block for a damaged character.
        if (c1 >= 0x10 && c1 <= 0x1f) {
          machine.handle(0, 0, wordFrame);
          continue;
        }
        if (bad1) c1 = 0x7f;
        if (bad2) c2 = 0x7f;
      }
      machine.handle(c1, c2, wordFrame);
    }
    machine.endOfGroup();
  }
  stats.lastFrame = busyUntil >= 0 ? busyUntil : null;
  stats.dropFrame = stats.dataLines === 0 ? null : sawDrop;
  if (sawDrop && sawNonDrop) {
    log.warning(
      0,
      undefined,
      'mixed-timecode',
      'The file mixes drop-frame (;) and non-drop-frame (:) timecodes; each line is read as written, but the file was probably edited by hand or joined from two files.',
    );
  }
  if (parityWords > 0 && parityWords * 2 > stats.words) {
    log.error(
      0,
      undefined,
      'no-parity',
      `${parityWords} of ${stats.words} caption words have parity errors: the file was written without CEA-608 odd parity, so players show nothing or garbage. Export it again with parity.`,
    );
  }

  const { cues: frameCues, neverShownLine } = machine.finish();
  if (neverShownLine) {
    log.warning(
      neverShownLine,
      undefined,
      'caption-never-shown',
      `The caption loaded at line ${neverShownLine} is never shown: no End Of Caption command (942f) follows it.`,
    );
  }

  const cues: CaptionCue[] = [];
  let early = 0;
  for (const c of frameCues) {
    if (c.startFrame < startFrame) early += 1;
    cues.push({
      start: frameToSeconds(c.startFrame - startFrame),
      end: c.endFrame === null ? null : frameToSeconds(c.endFrame - startFrame),
      lines: c.lines,
      style: c.style,
    });
  }
  if (early > 0) {
    log.warning(
      0,
      undefined,
      'before-start',
      `${early} caption(s) come before the video's start timecode ${formatTimecode(startFrame)}, so they are never seen.`,
    );
  }
  if (cues.length === 0) {
    let why: string;
    if (stats.dataLines === 0) why = 'it has no caption data lines';
    else if (neverShownLine)
      why = `text is loaded (line ${neverShownLine}) but never displayed, because no End Of Caption command (942f) follows it`;
    else if (machine.ignoredNoModeLine)
      why = `its text (from line ${machine.ignoredNoModeLine}) comes before any caption mode command`;
    else if (machine.channel2TextLine)
      why = `its captions are on channel 2 (CC2, from line ${machine.channel2TextLine}), not channel 1`;
    else why = 'no caption text reaches the screen';
    log.error(0, undefined, 'no-captions', `The file would show no captions at all: ${why}.`);
  }
  return finish(cues);
}

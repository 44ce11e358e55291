import type { CaptionCue, CaptionDiagnostic, CaptionStyle } from './caption.types';
import {
  BASIC_CHARS,
  EXTENDED_CHARS_12,
  EXTENDED_CHARS_13,
  MISC,
  ODD_PARITY,
  SPECIAL_CHARS,
  pacIndent,
  pacRow,
  sccWord,
} from './cea608.tables';
import { DiagnosticLog } from './diagnostics';
import { formatTimecode, frameToSeconds, parseTimecode } from './timecode';

export const SCC_HEADER = 'Scenarist_SCC V1.0';
const COLUMNS = 32;

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

type Mode = 'none' | 'pop-on' | 'roll-up' | 'paint-on' | 'text';

/** One of the decoder's two 15 x 32 caption memories. Empty cells are ''. */
class CaptionMemory {
  readonly cells: string[][] = [];
  /** Bit r set when row r (1-15) may hold characters. */
  used = 0;

  constructor() {
    for (let r = 0; r <= 15; r++) this.cells.push(new Array<string>(COLUMNS).fill(''));
  }

  put(row: number, col: number, ch: string): void {
    const cells = this.cells[row];
    if (!cells) return;
    cells[col] = ch;
    this.used |= 1 << row;
  }

  clearRow(row: number, fromCol = 0): void {
    const cells = this.cells[row];
    if (!cells || (this.used & (1 << row)) === 0) return;
    for (let c = fromCol; c < COLUMNS; c++) cells[c] = '';
    if (fromCol === 0) this.used &= ~(1 << row);
  }

  clear(): void {
    for (let r = 1; r <= 15; r++) this.clearRow(r);
    this.used = 0;
  }

  moveRow(from: number, to: number): void {
    const a = this.cells[from];
    const b = this.cells[to];
    if (!a || !b) return;
    for (let c = 0; c < COLUMNS; c++) b[c] = a[c] ?? '';
    if (this.used & (1 << from)) this.used |= 1 << to;
    else this.used &= ~(1 << to);
  }

  get isEmpty(): boolean {
    return this.snapshot().length === 0;
  }

  /** The rows that show something, top to bottom, with gaps between characters as spaces. */
  snapshot(): string[] {
    const lines: string[] = [];
    if (this.used === 0) return lines;
    for (let r = 1; r <= 15; r++) {
      if ((this.used & (1 << r)) === 0) continue;
      const cells = this.cells[r] ?? [];
      let text = '';
      for (let c = 0; c < COLUMNS; c++) text += cells[c] || ' ';
      text = text.trim();
      if (text) lines.push(text);
    }
    return lines;
  }
}

interface OpenCue {
  startFrame: number;
  lines: string[];
  style: CaptionStyle;
}

interface FrameCue extends OpenCue {
  endFrame: number | null;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hex2(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}

/**
 * The CEA-608 caption decoder for channel 1 (CC1), fed one byte pair at a time with the frame it
 * is sent on. It keeps the displayed and non-displayed memories as a television decoder does and
 * turns every change of what is on screen into cues.
 */
class Cea608Decoder {
  private mode: Mode = 'none';
  private rollUpRows = 2;
  private displayed = new CaptionMemory();
  private nonDisplayed = new CaptionMemory();
  private row = 15;
  private col = 0;
  /** A PAC has placed the cursor since the caption began (pop-on and paint-on need one). */
  private positioned = false;
  private channel: 1 | 2 = 1;
  private displayedStyle: CaptionStyle = 'pop-on';
  /** First frame the displayed memory changed since the last cue was taken. */
  private pending: number | null = null;
  private open: OpenCue | null = null;
  private readonly frameCues: FrameCue[] = [];
  private overflowReported = 0;
  /** Where text was last loaded into non-displayed memory and not yet shown (0: none). */
  private loadedLine = 0;
  private warnedNoMode = false;
  private prevControl = -1;
  private prevControlFrame = -2;
  private notedChannel2 = false;
  private notedField2 = false;
  // Why a file might show nothing: kept to explain "no captions" in plain words.
  ignoredNoModeLine = 0;
  channel2TextLine = 0;
  // Where the word being handled sits, for diagnostics.
  private line = 0;
  private word = 0;

  constructor(private readonly log: DiagnosticLog) {}

  at(line: number, word: number): void {
    this.line = line;
    this.word = word;
  }

  private where(): string {
    return `line ${this.line}, word ${this.word}`;
  }

  /** A byte pair, parity already checked and stripped. */
  handle(c1: number, c2: number, frame: number): void {
    if (c1 === 0 && c2 === 0) {
      // Padding: fills a frame, and two copies of a control code around it are two commands.
      this.prevControl = -1;
      return;
    }
    if (c1 >= 0x10 && c1 <= 0x1f) {
      const code = (c1 << 8) | c2;
      // Control codes are sent twice in consecutive frames so one can survive a dropout; the
      // copy is not a second command. A third copy is a new command again.
      if (code === this.prevControl && frame === this.prevControlFrame + 1) {
        this.prevControl = -1;
        return;
      }
      this.prevControl = code;
      this.prevControlFrame = frame;
      this.control(c1, c2, frame);
      return;
    }
    this.prevControl = -1;
    if (c1 < 0x10) {
      if (!this.notedField2) {
        this.notedField2 = true;
        this.log.warning(
          this.line,
          this.word,
          'field-2-data',
          `The word at ${this.where()} (${hex2(c1)}) is extended data service or field-2 data, which SCC caption channel 1 does not carry; it is ignored.`,
        );
      }
      return;
    }
    this.textByte(c1, frame);
    if (c2 !== 0) {
      if (c2 < 0x20) {
        this.log.warning(
          this.line,
          this.word,
          'bad-character',
          `The second byte at ${this.where()} (${hex2(c2)}) is not a character; decoders ignore it.`,
        );
      } else this.textByte(c2, frame);
    }
  }

  private textByte(b: number, frame: number): void {
    this.write(BASIC_CHARS[b] ?? '█', frame, false);
  }

  private target(): CaptionMemory {
    return this.mode === 'pop-on' ? this.nonDisplayed : this.displayed;
  }

  private touch(frame: number): void {
    if (this.pending === null) this.pending = frame;
  }

  private write(ch: string, frame: number, backspaceFirst: boolean): void {
    if (this.channel !== 1) {
      if (!this.channel2TextLine) this.channel2TextLine = this.line;
      return;
    }
    if (this.mode === 'text') return;
    if (this.mode === 'none') {
      if (!this.ignoredNoModeLine) this.ignoredNoModeLine = this.line;
      if (!this.warnedNoMode) {
        this.warnedNoMode = true;
        this.log.warning(
          this.line,
          this.word,
          'text-without-mode',
          `Text at ${this.where()} comes before any caption mode command (9420 pop-on, 9425-9427 roll-up or 9429 paint-on), so decoders do not show it.`,
        );
      }
      return;
    }
    if (!this.positioned && this.mode !== 'roll-up') {
      this.positioned = true;
      this.log.warning(
        this.line,
        this.word,
        'text-without-preamble',
        `Text at ${this.where()} comes before any preamble address code (row and column), so it goes wherever the cursor was left (row ${this.row}).`,
      );
    }
    const mem = this.target();
    if (backspaceFirst && this.col > 0) this.col -= 1;
    if (this.col >= COLUMNS) {
      this.col = COLUMNS - 1;
      const bit = 1 << this.row;
      if ((this.overflowReported & bit) === 0) {
        this.overflowReported |= bit;
        this.log.error(
          this.line,
          this.word,
          'row-too-long',
          `Row ${this.row} is longer than ${COLUMNS} characters at ${this.where()}: each character past column ${COLUMNS} overwrites the last one, so viewers lose text.`,
        );
      }
    }
    mem.put(this.row, this.col, ch);
    this.col += 1;
    if (mem === this.displayed) {
      this.displayedStyle = this.mode === 'paint-on' ? 'paint-on' : 'roll-up';
      this.touch(frame);
    } else this.loadedLine = this.line;
  }

  private control(c1: number, c2: number, frame: number): void {
    const channel = c1 & 0x08 ? 2 : 1;
    this.channel = channel;
    if (channel === 2) {
      if (!this.notedChannel2) {
        this.notedChannel2 = true;
        this.log.warning(
          this.line,
          this.word,
          'channel-2',
          `The file also carries caption channel 2 (CC2) from ${this.where()}; only channel 1 (CC1) is checked and shown.`,
        );
      }
      return;
    }
    const b1 = c1 & 0x17;
    if (c2 >= 0x40) {
      const row = pacRow(b1, c2);
      if (row === 0) return this.unknown(c1, c2);
      return this.preamble(row, pacIndent(c2), frame);
    }
    if (b1 === 0x11 && c2 >= 0x20 && c2 <= 0x2f) {
      // Mid-row codes change colour or italics and take up one column, shown as a space.
      return this.write(' ', frame, false);
    }
    if (b1 === 0x11 && c2 >= 0x30 && c2 <= 0x3f) {
      return this.write(SPECIAL_CHARS[c2 - 0x30] ?? '', frame, false);
    }
    if ((b1 === 0x12 || b1 === 0x13) && c2 >= 0x20 && c2 <= 0x3f) {
      // Extended characters replace the basic character sent just before them as a fallback.
      const table = b1 === 0x12 ? EXTENDED_CHARS_12 : EXTENDED_CHARS_13;
      return this.write(table[c2 - 0x20] ?? '', frame, true);
    }
    if ((b1 === 0x14 || b1 === 0x15) && c2 >= 0x20 && c2 <= 0x2f) {
      if (b1 === 0x15 && !this.notedField2) {
        this.notedField2 = true;
        this.log.warning(
          this.line,
          this.word,
          'field-2-data',
          `The command at ${this.where()} uses the field-2 (CC3) form (15xx); it is read as channel 1 here, but players may show it on CC3 or not at all. Channel 1 commands start with 94.`,
        );
      }
      return this.misc(c2, frame);
    }
    if (b1 === 0x17 && c2 >= 0x21 && c2 <= 0x23) {
      this.col = Math.min(COLUMNS - 1, this.col + (c2 - 0x20));
      return;
    }
    if (b1 === 0x17 && c2 >= 0x24 && c2 <= 0x2a) return; // character-set designations: no text
    if ((b1 === 0x10 && c2 >= 0x20 && c2 <= 0x2f) || (b1 === 0x17 && c2 >= 0x2d && c2 <= 0x2f)) {
      // Background and black-foreground attributes also take a column, over a sent space.
      return this.write(' ', frame, true);
    }
    this.unknown(c1, c2);
  }

  private unknown(c1: number, c2: number): void {
    this.log.warning(
      this.line,
      this.word,
      'unknown-control-code',
      `${sccWord(c1, c2)} at ${this.where()} is not a CEA-608 command; decoders ignore it.`,
    );
  }

  private preamble(row: number, indent: number, frame: number): void {
    if (this.mode === 'roll-up') {
      const base = Math.max(row, this.rollUpRows);
      if (base !== this.row) this.moveRollUpWindow(base, frame);
      this.row = base;
    } else this.row = row;
    this.col = indent;
    this.positioned = true;
    this.overflowReported &= ~(1 << this.row);
  }

  /** Roll-up rows follow the base row a PAC names; rows outside the window are erased. */
  private moveRollUpWindow(base: number, frame: number): void {
    const shift = base - this.row;
    const rows = this.rollUpRows;
    const order = shift > 0 ? [...Array(rows).keys()] : [...Array(rows).keys()].reverse();
    for (const i of order) {
      const from = this.row - i;
      if (from >= 1) this.displayed.moveRow(from, from + shift);
    }
    for (let r = 1; r <= 15; r++) if (r > base || r <= base - rows) this.displayed.clearRow(r);
    this.touch(frame);
  }

  private commit(): void {
    if (this.pending === null) return;
    const lines = this.displayed.snapshot();
    const open = this.open;
    if (open ? !sameLines(open.lines, lines) : lines.length > 0) {
      if (open) this.close(this.pending);
      if (lines.length > 0) {
        this.open = { startFrame: this.pending, lines, style: this.displayedStyle };
      }
    }
    this.pending = null;
  }

  private close(frame: number): void {
    const open = this.open;
    if (!open) return;
    // A caption replaced in the frame it appeared was never seen.
    if (frame > open.startFrame) this.frameCues.push({ ...open, endFrame: frame });
    this.open = null;
  }

  private misc(c2: number, frame: number): void {
    this.commit();
    switch (c2) {
      case MISC.RCL:
        this.mode = 'pop-on';
        return;
      case MISC.BS: {
        if (this.col > 0) {
          this.col -= 1;
          const mem = this.target();
          mem.put(this.row, this.col, '');
          if (mem === this.displayed) this.touch(frame);
        }
        return;
      }
      case MISC.DER: {
        const mem = this.target();
        mem.clearRow(this.row, this.col);
        if (mem === this.displayed) this.touch(frame);
        return;
      }
      case MISC.RU2:
      case MISC.RU3:
      case MISC.RU4: {
        const rows = c2 - MISC.RU2 + 2;
        if (this.mode !== 'roll-up') {
          // Switching into roll-up from pop-on or paint-on erases both memories.
          if (this.displayed.used) this.touch(frame);
          this.displayed.clear();
          this.nonDisplayed.clear();
          this.row = 15;
          this.col = 0;
        } else if (rows < this.rollUpRows) {
          for (let r = 1; r <= this.row - rows; r++) this.displayed.clearRow(r);
          this.touch(frame);
        }
        this.mode = 'roll-up';
        this.rollUpRows = rows;
        if (this.row < rows) this.row = rows;
        this.commit();
        return;
      }
      case MISC.RDC:
        this.mode = 'paint-on';
        return;
      case MISC.TR:
      case MISC.RTD:
        this.mode = 'text';
        return;
      case MISC.EDM:
        if (this.displayed.used) {
          this.displayed.clear();
          this.touch(frame);
          this.commit();
        }
        this.overflowReported = 0;
        return;
      case MISC.CR:
        if (this.mode === 'roll-up') {
          const top = this.row - this.rollUpRows + 1;
          for (let r = Math.max(1, top); r < this.row; r++) this.displayed.moveRow(r + 1, r);
          if (top - 1 >= 1) this.displayed.clearRow(top - 1);
          this.displayed.clearRow(this.row);
          this.col = 0;
          this.overflowReported &= ~(1 << this.row);
          this.touch(frame);
        }
        return;
      case MISC.ENM:
        this.nonDisplayed.clear();
        this.loadedLine = 0;
        return;
      case MISC.EOC: {
        const shown = this.nonDisplayed;
        this.nonDisplayed = this.displayed;
        this.displayed = shown;
        this.mode = 'pop-on';
        this.displayedStyle = 'pop-on';
        this.touch(frame);
        this.commit();
        this.positioned = false;
        this.loadedLine = 0;
        this.overflowReported = 0;
        return;
      }
      default:
        // AOF, AON (reserved) and FON (flash) change nothing a viewer reads.
        return;
    }
  }

  /** Paint-on captions appear as they are painted: each SCC line is a step a viewer sees. */
  endOfLine(): void {
    if (this.mode === 'paint-on') this.commit();
  }

  finish(): { cues: FrameCue[]; neverShownLine: number } {
    this.commit();
    if (this.open) this.frameCues.push({ ...this.open, endFrame: null });
    this.open = null;
    return {
      cues: this.frameCues,
      neverShownLine: this.mode === 'pop-on' && !this.nonDisplayed.isEmpty ? this.loadedLine : 0,
    };
  }
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

  const decoder = new Cea608Decoder(log);
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
      decoder.at(lineNo, w);
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
          decoder.handle(0, 0, wordFrame);
          continue;
        }
        if (bad1) c1 = 0x7f;
        if (bad2) c2 = 0x7f;
      }
      decoder.handle(c1, c2, wordFrame);
    }
    decoder.endOfLine();
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

  const { cues: frameCues, neverShownLine } = decoder.finish();
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
    else if (decoder.ignoredNoModeLine)
      why = `its text (from line ${decoder.ignoredNoModeLine}) comes before any caption mode command`;
    else if (decoder.channel2TextLine)
      why = `its captions are on channel 2 (CC2, from line ${decoder.channel2TextLine}), not channel 1`;
    else why = 'no caption text reaches the screen';
    log.error(0, undefined, 'no-captions', `The file would show no captions at all: ${why}.`);
  }
  return finish(cues);
}

/**
 * The CEA-608 caption channel state machine: pop-on, roll-up and paint-on captions, control
 * codes, preamble address codes and the two display memories, turned into cues. It is fed byte
 * pairs with a time; the SCC file parser (scc.decoder.ts) is one thing that feeds it.
 */
import type { CaptionStyle } from './caption.types';
import {
  BASIC_CHARS,
  EXTENDED_CHARS_12,
  EXTENDED_CHARS_13,
  MISC,
  SPECIAL_CHARS,
  pacIndent,
  pacRow,
  sccWord,
} from './cea608.tables';
import type { DiagnosticLog } from './diagnostics';

const COLUMNS = 32;

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

/** A caption as it was on screen, timed in frames; `endFrame` is null while it is still shown. */
interface FrameCue {
  startFrame: number;
  endFrame: number | null;
  lines: string[];
  style: CaptionStyle;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A byte as diagnostics name it: `0x14`. */
export function hex2(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}

/**
 * The CEA-608 caption decoder for channel 1 (CC1), fed one byte pair at a time with the frame it
 * is sent on. It keeps the displayed and non-displayed memories as a television decoder does and
 * turns every change of what is on screen into cues.
 *
 * It knows nothing of the file the pairs come from: the caller checks parity, says where each
 * pair sits (`at`, for the diagnostics it logs) and where a group of pairs sent together ends
 * (`endOfGroup`); `finish` hands back the cues in frames.
 */
export class Cea608Machine {
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
  // Why the captions might show nothing: kept to explain "no captions" in plain words.
  private firstIgnoredNoModeLine = 0;
  private firstChannel2TextLine = 0;
  // Where the pair being handled sits, for diagnostics.
  private line = 0;
  private word = 0;

  constructor(private readonly log: DiagnosticLog) {}

  /** The line of the first text ignored for coming before any caption mode command (0: none). */
  get ignoredNoModeLine(): number {
    return this.firstIgnoredNoModeLine;
  }

  /** The line of the first text sent on channel 2 (0: none). */
  get channel2TextLine(): number {
    return this.firstChannel2TextLine;
  }

  /** Where the next pair comes from (line and word), for the diagnostics it may cause. */
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
      if (!this.firstChannel2TextLine) this.firstChannel2TextLine = this.line;
      return;
    }
    if (this.mode === 'text') return;
    if (this.mode === 'none') {
      if (!this.firstIgnoredNoModeLine) this.firstIgnoredNoModeLine = this.line;
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

  /**
   * The end of a group of pairs sent together (an SCC line). Paint-on captions appear as they are
   * painted: each group is a step a viewer sees.
   */
  endOfGroup(): void {
    if (this.mode === 'paint-on') this.commit();
  }

  /**
   * Closes the caption on screen (it stays up: no end frame) and says where text was loaded
   * into non-displayed memory and never shown (0: none).
   */
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

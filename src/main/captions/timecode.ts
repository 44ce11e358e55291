/**
 * SCC time: NTSC video runs at 30000/1001 (29.97) frames per second, but timecode labels count
 * 30 frames to the second. Non-drop-frame labels (`HH:MM:SS:FF`) therefore drift from the wall
 * clock by 3.6 s an hour; drop-frame labels (`HH:MM:SS;FF`) skip the labels ;00 and ;01 at the
 * start of every minute except every tenth, which keeps them within two frames of the wall clock.
 * Everything here works in whole frames, the unit the captions are actually sent in.
 */

export const FRAME_RATE = 30000 / 1001;
/** Frames in ten minutes of drop-frame timecode (10 * 60 * 30 - 9 * 2). */
const FRAMES_PER_10_MINUTES = 17_982;
/** Frames in a drop-frame minute other than the tenth (60 * 30 - 2). */
const FRAMES_PER_DROP_MINUTE = 1_798;
const NOMINAL_FRAMES_PER_HOUR = 108_000;
/** Labels go up to 23:59:59;29; a day of 29.97 fps video is this many frames. */
export const FRAMES_PER_DAY = 24 * 6 * FRAMES_PER_10_MINUTES;

export function frameToSeconds(frame: number): number {
  return (frame * 1001) / 30000;
}

/** The frame on which something at `seconds` is shown: the nearest frame. */
export function secondsToFrame(seconds: number): number {
  return Math.round((seconds * 30000) / 1001);
}

export function dropFrameLabelToFrame(h: number, m: number, s: number, f: number): number {
  const totalMinutes = h * 60 + m;
  return (h * 3600 + m * 60 + s) * 30 + f - 2 * (totalMinutes - Math.floor(totalMinutes / 10));
}

function nonDropLabelToFrame(h: number, m: number, s: number, f: number): number {
  return (h * 3600 + m * 60 + s) * 30 + f;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function nominalToLabel(nominal: number, sep: string): string {
  const h = Math.floor(nominal / NOMINAL_FRAMES_PER_HOUR);
  const rest = nominal % NOMINAL_FRAMES_PER_HOUR;
  const m = Math.floor(rest / 1800);
  const s = Math.floor((rest % 1800) / 30);
  const f = rest % 30;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}${sep}${pad2(f)}`;
}

/** `HH:MM:SS;FF` for a frame count from 00:00:00;00. */
export function frameToDropFrameLabel(frame: number): string {
  const tens = Math.floor(frame / FRAMES_PER_10_MINUTES);
  const within = frame % FRAMES_PER_10_MINUTES;
  const skipped =
    18 * tens + (within < 2 ? 0 : 2 * Math.floor((within - 2) / FRAMES_PER_DROP_MINUTE));
  return nominalToLabel(frame + skipped, ';');
}

export function frameToNonDropLabel(frame: number): string {
  return nominalToLabel(frame, ':');
}

export function formatTimecode(frame: number, dropFrame = true): string {
  return dropFrame ? frameToDropFrameLabel(frame) : frameToNonDropLabel(frame);
}

/** Seconds as `H:MM:SS.mmm`, for messages an operator reads. */
export function formatClock(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const ms = Math.round(Math.abs(seconds) * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const frac = String(ms % 1000).padStart(3, '0');
  return `${sign}${h}:${pad2(m)}:${pad2(s)}.${frac}`;
}

type TimecodeParse =
  | { ok: true; frame: number; dropFrame: boolean }
  | {
      ok: false;
      code: 'bad-timecode' | 'dropped-frame-label';
      message: string;
      /** For a label drop-frame skips: the frame of the label that follows it. */
      frame?: number;
    };

const TIMECODE = /^(\d{1,2})[:;](\d{2})[:;](\d{2})([:;,.])(\d{2})$/;

function digits2(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The common case, `HH:MM:SS;FF` with every field in range, without a regular expression: a
 * four-hour file has ten thousand labels. Anything else goes the long way, with its message.
 */
function parseCanonical(text: string): TimecodeParse | null {
  if (text.length !== 11 || text.charCodeAt(2) !== 58 || text.charCodeAt(5) !== 58) return null;
  const sep = text.charCodeAt(8);
  const dropFrame = sep === 59 || sep === 44 || sep === 46;
  if (!dropFrame && sep !== 58) return null;
  const h = digits2(text, 0);
  const m = digits2(text, 3);
  const s = digits2(text, 6);
  const f = digits2(text, 9);
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59 || f < 0 || f > 29) return null;
  if (dropFrame && s === 0 && f < 2 && m % 10 !== 0) return null;
  const frame = dropFrame ? dropFrameLabelToFrame(h, m, s, f) : nonDropLabelToFrame(h, m, s, f);
  return { ok: true, frame, dropFrame };
}

/**
 * Reads an SCC timecode. `;`, `,` or `.` before the frames means drop-frame; `:` non-drop.
 * Messages say what is wrong with the label in the terms an operator sees in their editor.
 */
export function parseTimecode(text: string): TimecodeParse {
  const fast = parseCanonical(text);
  if (fast) return fast;
  const m = TIMECODE.exec(text);
  if (!m) {
    return {
      ok: false,
      code: 'bad-timecode',
      message: `"${text.slice(0, 40)}" is not a timecode (expected HH:MM:SS;FF, or HH:MM:SS:FF for non-drop-frame)`,
    };
  }
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3]);
  const f = Number(m[5]);
  const dropFrame = m[4] !== ':';
  if (min > 59 || s > 59) {
    return {
      ok: false,
      code: 'bad-timecode',
      message: `timecode ${text} has ${min > 59 ? `minute ${min}` : `second ${s}`}: minutes and seconds run 00 to 59`,
    };
  }
  if (f > 29) {
    return {
      ok: false,
      code: 'bad-timecode',
      message: `timecode ${text} has frame ${f}, which does not exist at 29.97 fps (frames run 00 to 29)`,
    };
  }
  if (h > 23) {
    return {
      ok: false,
      code: 'bad-timecode',
      message: `timecode ${text} has hour ${h}: timecode runs 00:00:00 to 23:59:59`,
    };
  }
  if (dropFrame && s === 0 && f < 2 && min % 10 !== 0) {
    const next = dropFrameLabelToFrame(h, min, 0, 2);
    return {
      ok: false,
      code: 'dropped-frame-label',
      frame: next,
      message: `timecode ${text} does not exist in drop-frame timecode: the labels ;00 and ;01 are skipped at the start of every minute except every tenth (the label after ${frameToDropFrameLabel(next - 1)} is ${frameToDropFrameLabel(next)})`,
    };
  }
  const frame = dropFrame ? dropFrameLabelToFrame(h, min, s, f) : nonDropLabelToFrame(h, min, s, f);
  return { ok: true, frame, dropFrame };
}

/** Thrown for a start timecode given by a person (a command-line option, a setting). */
export class TimecodeError extends Error {
  override readonly name = 'TimecodeError';
}

/**
 * The frame count of a video's start timecode, e.g. `01:00:00;00` (a source that starts at one
 * hour): captions are labelled from there.
 */
export function parseStartTimecode(text: string): number {
  const parsed = parseTimecode(text.trim());
  if (!parsed.ok) throw new TimecodeError(`Start timecode: ${parsed.message}.`);
  return parsed.frame;
}

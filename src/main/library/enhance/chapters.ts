/** Chapter lists made safe to save: titled, on the video's frames, in order, inside the video. */
import type { DraftChapter } from '../../../shared/library';
import { FRAME_RATE } from '../../captions/timecode';
import { formatHms, plural, quoteList } from './text';

export interface ChapterOptions {
  /** Length of the video; chapters at or after it are left out. Null when unknown. */
  durationSec: number | null;
  /** Frames per second from ffprobe; 30000/1001 when null. */
  frameRate: number | null;
}

/** The longest chapter title the draft accepts. */
export const MAX_CHAPTER_TITLE = 200;

function tidyTitle(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (t.length <= MAX_CHAPTER_TITLE) return t;
  const space = t.lastIndexOf(' ', MAX_CHAPTER_TITLE - 1);
  return `${t.slice(0, space > 100 ? space : MAX_CHAPTER_TITLE - 1)}…`;
}

/** Seconds on the nearest frame of the video, to the millisecond. */
export function snapToFrame(seconds: number, frameRate: number | null): number {
  const fps =
    frameRate !== null && Number.isFinite(frameRate) && frameRate > 0 ? frameRate : FRAME_RATE;
  return Math.round((Math.round(seconds * fps) / fps) * 1000) / 1000;
}

/**
 * Trims titles (dropping untitled chapters), clamps times before the start to 0, snaps them to
 * the frame grid, sorts by time, merges chapters that land on the same frame (titles joined with
 * ` / `, an exact repeat kept once) and leaves out chapters at or after the end of the video.
 * Every change is named in `notes`. Idempotent: normalising its own output changes nothing and
 * gives no notes.
 */
export function normalizeChapters(
  chapters: readonly DraftChapter[],
  options: ChapterOptions,
): { chapters: DraftChapter[]; notes: string[] } {
  const notes: string[] = [];
  let untitled = 0;
  let unreadable = 0;
  let early = 0;
  const timed: DraftChapter[] = [];
  for (const c of chapters) {
    const title = tidyTitle(c.title);
    if (!title) {
      untitled++;
      continue;
    }
    if (!Number.isFinite(c.offsetSec)) {
      unreadable++;
      continue;
    }
    if (c.offsetSec < 0) early++;
    timed.push({ offsetSec: snapToFrame(Math.max(0, c.offsetSec), options.frameRate), title });
  }
  if (untitled > 0)
    notes.push(
      `${plural(untitled, 'chapter')} had no title and ${untitled === 1 ? 'was' : 'were'} left out.`,
    );
  if (unreadable > 0)
    notes.push(
      `${plural(unreadable, 'chapter')} had no usable time and ${unreadable === 1 ? 'was' : 'were'} left out.`,
    );
  if (early > 0)
    notes.push(
      `${plural(early, 'chapter')} started before the video and ${early === 1 ? 'was' : 'were'} moved to 0:00:00.`,
    );

  // Stable: chapters at the same time keep the order they were given in.
  timed.sort((a, b) => a.offsetSec - b.offsetSec);
  const merged: DraftChapter[] = [];
  let repeats = 0;
  let joined = 0;
  for (const c of timed) {
    const prev = merged[merged.length - 1];
    if (!prev || prev.offsetSec !== c.offsetSec) {
      merged.push({ ...c });
      continue;
    }
    const parts = prev.title.split(' / ').map((p) => p.toLowerCase());
    if (parts.includes(c.title.toLowerCase())) repeats++;
    else {
      prev.title = tidyTitle(`${prev.title} / ${c.title}`);
      joined++;
    }
  }
  if (repeats > 0)
    notes.push(`${plural(repeats, 'repeated chapter')} ${repeats === 1 ? 'was' : 'were'} removed.`);
  if (joined > 0) {
    notes.push(
      `${plural(joined, 'chapter')} at the same time as another ${joined === 1 ? 'was' : 'were'} merged into it.`,
    );
  }

  const duration = options.durationSec;
  if (duration === null || !Number.isFinite(duration) || duration <= 0) {
    return { chapters: merged, notes };
  }
  const inside = merged.filter((c) => c.offsetSec < duration);
  const after = merged.filter((c) => c.offsetSec >= duration);
  if (after.length > 0) {
    notes.push(
      `${plural(after.length, 'chapter')} ${after.length === 1 ? 'starts' : 'start'} at or after the end of the video (${formatHms(duration)}) and ${after.length === 1 ? 'was' : 'were'} left out: ${quoteList(after.map((c) => c.title))}.`,
    );
  }
  return { chapters: inside, notes };
}

/** Where each draft chapter sits on the timeline bar under the video. */
interface ChapterMarker {
  /** The chapter's position in the editor's list. */
  index: number;
  offsetSec: number;
  title: string;
  /** Left edge as a percentage of the bar (0–100). */
  percent: number;
}

/**
 * One marker per chapter inside the video, at offset ÷ duration of the bar's width. Chapters
 * without a valid time, or after the end (saving drops those), get no marker; nor does anything
 * when the duration is not known yet.
 */
export function chapterMarkers(
  chapters: readonly { offsetSec: number | null; title: string }[],
  durationSec: number | null,
): ChapterMarker[] {
  if (durationSec === null || !Number.isFinite(durationSec) || durationSec <= 0) return [];
  const markers: ChapterMarker[] = [];
  chapters.forEach((c, index) => {
    if (c.offsetSec === null || !Number.isFinite(c.offsetSec)) return;
    if (c.offsetSec < 0 || c.offsetSec > durationSec) return;
    const percent = Math.round((c.offsetSec / durationSec) * 100_000) / 1000;
    markers.push({ index, offsetSec: c.offsetSec, title: c.title, percent });
  });
  return markers;
}

/** The playhead's position on the same bar, 0–100. */
export function playheadPercent(timeSec: number, durationSec: number | null): number {
  if (durationSec === null || !Number.isFinite(durationSec) || durationSec <= 0) return 0;
  if (!Number.isFinite(timeSec) || timeSec <= 0) return 0;
  return Math.min(100, (timeSec / durationSec) * 100);
}

import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../captions/testing/meeting.generator';
import type { DraftChapter } from '../../../shared/library';
import { normalizeChapters, snapToFrame } from './chapters';

const NTSC = { durationSec: 3720, frameRate: null };

describe('snapToFrame', () => {
  it('puts a time on the nearest frame, to the millisecond', () => {
    // 29.97 fps: 10 s is frame 299.7 → 300 → 10.01 s.
    expect(snapToFrame(10, null)).toBe(10.01);
    expect(snapToFrame(10, 25)).toBe(10);
    expect(snapToFrame(10.02, 25)).toBe(10.04);
    expect(snapToFrame(0, null)).toBe(0);
    expect(snapToFrame(10, Number.NaN)).toBe(10.01);
  });
});

describe('normalizeChapters', () => {
  it('trims, sorts, snaps and notes nothing when all is well', () => {
    const r = normalizeChapters(
      [
        { offsetSec: 600, title: '  Public   comment ' },
        { offsetSec: 0, title: 'Call to order' },
      ],
      NTSC,
    );
    expect(r).toEqual({
      chapters: [
        { offsetSec: 0, title: 'Call to order' },
        { offsetSec: 599.999, title: 'Public comment' },
      ],
      notes: [],
    });
  });

  it('drops untitled chapters, clamps early ones and leaves out those past the end', () => {
    const r = normalizeChapters(
      [
        { offsetSec: -4, title: 'Pre-roll' },
        { offsetSec: 30, title: '   ' },
        { offsetSec: 3720, title: 'Exactly at the end' },
        { offsetSec: 5000, title: 'Later' },
        { offsetSec: Number.NaN, title: 'Broken' },
        { offsetSec: 100, title: 'Kept' },
      ],
      NTSC,
    );
    expect(r.chapters).toEqual([
      { offsetSec: 0, title: 'Pre-roll' },
      { offsetSec: 100, title: 'Kept' },
    ]);
    expect(r.notes).toEqual([
      '1 chapter had no title and was left out.',
      '1 chapter had no usable time and was left out.',
      '1 chapter started before the video and was moved to 0:00:00.',
      "2 chapters start at or after the end of the video (1:02:00) and were left out: 'Exactly at the end' and 'Later'.",
    ]);
  });

  it('merges chapters on the same frame and removes repeats', () => {
    const r = normalizeChapters(
      [
        { offsetSec: 60, title: 'Budget' },
        { offsetSec: 60.01, title: 'budget' },
        { offsetSec: 60.012, title: 'Hearing' },
        { offsetSec: 120, title: 'Zoning' },
      ],
      { durationSec: null, frameRate: 30 },
    );
    expect(r.chapters).toEqual([
      { offsetSec: 60, title: 'Budget / Hearing' },
      { offsetSec: 120, title: 'Zoning' },
    ]);
    expect(r.notes).toEqual([
      '1 repeated chapter was removed.',
      '1 chapter at the same time as another was merged into it.',
    ]);
  });

  it('keeps the given order for chapters at the same time and caps titles at 200', () => {
    const long = 'word '.repeat(80);
    const r = normalizeChapters(
      [
        { offsetSec: 5, title: 'B' },
        { offsetSec: 1, title: long },
      ],
      { durationSec: null, frameRate: 25 },
    );
    expect(r.chapters[0]?.title.length).toBeLessThanOrEqual(200);
    expect(r.chapters[0]?.title.endsWith('word…')).toBe(true);
    expect(r.chapters[1]).toEqual({ offsetSec: 5, title: 'B' });
  });

  it('is idempotent: its output normalises to itself with no notes', () => {
    const random = seededRandom(42);
    for (let run = 0; run < 200; run++) {
      const frameRate = [null, 25, 30, 24000 / 1001, 59.94][run % 5] ?? null;
      const durationSec = run % 3 === 0 ? null : 600 + random() * 7200;
      const input: DraftChapter[] = Array.from({ length: 1 + Math.floor(random() * 12) }, () => ({
        offsetSec: (random() - 0.1) * 9000,
        title:
          random() < 0.1 ? ' ' : `${random() < 0.3 ? ' ' : ''}Item ${Math.floor(random() * 6)} `,
      }));
      const once = normalizeChapters(input, { durationSec, frameRate });
      const twice = normalizeChapters(once.chapters, { durationSec, frameRate });
      expect(twice.chapters).toEqual(once.chapters);
      expect(twice.notes).toEqual([]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { Watermark } from './sync-state.repo';
import { WatermarkTracker } from './watermark';

function w(at: number): Watermark {
  return { text: `t${at}`, at };
}

describe('WatermarkTracker', () => {
  it('advances over the contiguous prefix of committed batches only', () => {
    const tracker = new WatermarkTracker(3, null, null);
    tracker.commit(1, [w(40), w(50)]);
    // Batch 0 is not in yet: nothing is promised.
    expect(tracker.current()).toBeNull();
    tracker.commit(0, [w(10), w(20)]);
    // Prefix is batches 0-1; the last value (50) may tie with batch 2's first show, so W stops
    // at the largest value strictly below it.
    expect(tracker.current()).toEqual(w(40));
    tracker.commit(2, [w(60), w(70)]);
    expect(tracker.complete).toBe(true);
    expect(tracker.current()).toEqual(w(70));
  });

  it('stages batches on a copy that leaves the original as it was', () => {
    const tracker = new WatermarkTracker(3, w(5), null);
    tracker.commit(1, [w(40), w(50)]);
    const staged = tracker.copy();
    staged.commit(0, [w(10), w(20)]);
    expect(staged.current()).toEqual(w(40));
    // A write that did not commit: its batches were never seen.
    expect(tracker.current()).toEqual(w(5));
    staged.commit(2, [w(60)]);
    expect(staged.complete).toBe(true);
    expect(tracker.complete).toBe(false);
    tracker.commit(0, [w(10), w(20)]);
    expect(tracker.current()).toEqual(w(40));
  });

  it('never lets the watermark reach a value an uncommitted show may share', () => {
    const tracker = new WatermarkTracker(2, null, null);
    tracker.commit(0, [w(10), w(30), w(30)]);
    expect(tracker.current()).toEqual(w(10));
    tracker.commit(1, [w(30), w(40)]);
    expect(tracker.current()).toEqual(w(40));
  });

  it('starts from and never falls behind the previous watermark', () => {
    const tracker = new WatermarkTracker(2, w(100), null);
    expect(tracker.current()).toEqual(w(100));
    tracker.commit(0, [w(20), w(30)]);
    expect(tracker.current()).toEqual(w(100));
    tracker.commit(1, [w(200)]);
    expect(tracker.current()).toEqual(w(200));
  });

  it('ignores values newer than the cap (shows edited after the listing)', () => {
    const tracker = new WatermarkTracker(2, null, 100);
    // 500 came from a show edited while the sync ran: its place in the listing said "about 25".
    tracker.commit(0, [w(20), w(500), w(30)]);
    expect(tracker.current()).toEqual(w(20));
    tracker.commit(1, [w(40), w(90), w(700)]);
    expect(tracker.current()).toEqual(w(90));
  });

  it('compares instants, whatever the text says', () => {
    const tracker = new WatermarkTracker(1, null, null);
    const winter = {
      text: '2026-01-10T10:00:00-06:00',
      at: Date.parse('2026-01-10T10:00:00-06:00'),
    };
    const sameInstant = {
      text: '2026-01-10T11:00:00-05:00',
      at: Date.parse('2026-01-10T11:00:00-05:00'),
    };
    const later = {
      text: '2026-01-10T10:30:00-05:00',
      at: Date.parse('2026-01-10T10:30:00-05:00'),
    };
    // As text "…T10:30:00-05:00" sorts after "…T10:00:00-06:00"; as instants it is earlier
    // (15:30Z against 16:00Z). The server's offset also changes with daylight saving time.
    tracker.commit(0, [later, winter, sameInstant]);
    expect(tracker.current()?.at).toBe(winter.at);
  });

  it('is complete at once for an empty listing, keeping the start', () => {
    const tracker = new WatermarkTracker(0, w(5), null);
    expect(tracker.complete).toBe(true);
    expect(tracker.current()).toEqual(w(5));
  });

  it('ignores a batch committed twice or out of range', () => {
    const tracker = new WatermarkTracker(2, null, null);
    tracker.commit(0, [w(10), w(20)]);
    tracker.commit(0, [w(99)]);
    tracker.commit(7, [w(99)]);
    expect(tracker.current()).toEqual(w(10));
  });
});

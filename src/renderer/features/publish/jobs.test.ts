import { describe, expect, it } from 'vitest';
import type { PublishBatchView, PublishJobRow } from '../../../shared/publishing';
import {
  applyProgress,
  batchSummary,
  jobFraction,
  moveRow,
  reorderTarget,
  stepText,
  waitingText,
} from './jobs';

function job(id: number, patch: Partial<PublishJobRow> = {}): PublishJobRow {
  return {
    id,
    recordingId: id,
    fileName: `${id}.mp4`,
    showId: id,
    showTitle: null,
    state: 'queued',
    step: null,
    progress: { uploadPercent: null, transcodePercent: null },
    attempts: 0,
    lastError: null,
    enqueuedAt: '2026-11-02T10:00:00Z',
    startedAt: null,
    finishedAt: null,
    batchId: null,
    position: id,
    vod: null,
    origin: 'operator',
    requestedBy: null,
    ...patch,
  };
}

describe('progress ticks', () => {
  it('change only the job they name', () => {
    const rows = [job(1), job(2)];
    const next = applyProgress(rows, {
      id: 2,
      step: 'video',
      progress: { uploadPercent: 5, transcodePercent: null },
    });
    expect(next[0]).toBe(rows[0]);
    expect(next[1]).toMatchObject({ step: 'video', progress: { uploadPercent: 5 } });
  });

  it('leave the rows as they are for a job not on screen, or a tick that changes nothing', () => {
    const rows = [job(1)];
    expect(applyProgress(rows, { id: 9, step: 'video', progress: rows[0]!.progress })).toBe(rows);
    expect(applyProgress(rows, { id: 1, step: null, progress: rows[0]!.progress })).toBe(rows);
  });
});

describe('reorder by drag', () => {
  const rows = [job(1), job(2), job(3), job(4)];

  it('dropped on a row above: goes before it', () => {
    expect(reorderTarget(rows, 3, 1)).toEqual({ id: 3, beforeId: 1 });
  });

  it('dropped on a row below: goes after it, before the next one (or to the end)', () => {
    expect(reorderTarget(rows, 1, 3)).toEqual({ id: 1, beforeId: 4 });
    expect(reorderTarget(rows, 1, 4)).toEqual({ id: 1, beforeId: null });
  });

  it('dropped on itself: nothing', () => {
    expect(reorderTarget(rows, 2, 2)).toBeNull();
  });

  it('moves the row where the core will put it', () => {
    expect(moveRow(rows, 1, 4).map((r) => r.id)).toEqual([2, 3, 1, 4]);
    expect(moveRow(rows, 1, null).map((r) => r.id)).toEqual([2, 3, 4, 1]);
    expect(moveRow(rows, 4, 1).map((r) => r.id)).toEqual([4, 1, 2, 3]);
  });
});

describe('a batch', () => {
  it('adds up published, failed with reasons, skipped, and the progress over its jobs', () => {
    const view: PublishBatchView = {
      id: 'b',
      createdAt: '',
      rows: [
        job(1, { state: 'done' }),
        job(2, { state: 'failed', lastError: 'The show was deleted on the server.' }),
        job(3, {
          state: 'running',
          step: 'transcode',
          progress: { uploadPercent: null, transcodePercent: 50 },
        }),
        job(4),
      ],
      skipped: [{ recordingId: 5, fileName: '5.mp4', reason: 'Not linked to a show.' }],
    };
    const summary = batchSummary(view);
    expect(summary.published.map((r) => r.id)).toEqual([1]);
    expect(summary.failed[0]?.lastError).toBe('The show was deleted on the server.');
    expect(summary.skipped).toHaveLength(1);
    expect(summary.active).toBe(2);
    expect(summary.finished).toBe(false);
    // 1 + 1 + (6.5 / 7) + 0 over 4 jobs.
    expect(summary.percent).toBe(73);
  });

  it('is finished when every job reached an end', () => {
    const summary = batchSummary({
      id: 'b',
      createdAt: '',
      rows: [job(1, { state: 'done' }), job(2, { state: 'cancelled' })],
      skipped: [],
    });
    expect(summary.finished).toBe(true);
    expect(summary.percent).toBe(100);
  });

  it('counts a running upload by its step and percent', () => {
    expect(
      jobFraction(
        job(1, {
          state: 'running',
          step: 'video',
          progress: { uploadPercent: 50, transcodePercent: null },
        }),
      ),
    ).toBeCloseTo(2.5 / 7);
  });
});

describe('words', () => {
  it('says what a job does and how long it waited', () => {
    const now = Date.parse('2026-11-02T10:05:00Z');
    expect(stepText(job(1))).toBe('Waiting its turn');
    expect(stepText(job(1, { state: 'running', step: 'video' }))).toBe('Uploading the video');
    expect(waitingText(job(1), now)).toBe('waiting 5 min');
    expect(waitingText(job(1, { state: 'running', startedAt: '2026-11-02T10:02:00Z' }), now)).toBe(
      'waited 2 min',
    );
    expect(waitingText(job(1, { state: 'done', finishedAt: '2026-11-02T11:30:00Z' }), now)).toBe(
      'took 1 h 30 min',
    );
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  PublishBatchView,
  PublishJobDetail,
  PublishJobRow,
  PublishJobState,
  PublishPlan,
  PublishQueueStatus,
} from '../../shared/publishing';
import { FakeApi, settle } from '../lib/testing/fake-api';
import { createPublishStore, PUBLISH_REFRESH_SPACING_MS, type PublishStore } from './publish';

function counts(patch: Partial<Record<PublishJobState, number>> = {}) {
  return { queued: 0, running: 0, unknown: 0, done: 0, failed: 0, cancelled: 0, ...patch };
}

function status(paused = false): PublishQueueStatus {
  return { paused, counts: counts() };
}

function job(id: number, patch: Partial<PublishJobRow> = {}): PublishJobRow {
  return {
    id,
    recordingId: 100 + id,
    fileName: `${id}-1-meeting.mp4`,
    showId: id,
    showTitle: `Meeting ${id}`,
    state: 'queued',
    step: null,
    progress: { uploadPercent: null, transcodePercent: null },
    attempts: 0,
    lastError: null,
    enqueuedAt: '2026-11-02T10:00:00Z',
    startedAt: null,
    finishedAt: null,
    batchId: 'b1',
    position: id,
    vod: null,
    origin: 'operator',
    requestedBy: null,
    ...patch,
  };
}

function detail(id: number, patch: Partial<PublishJobRow> = {}): PublishJobDetail {
  return {
    ...job(id, patch),
    options: {
      vodConfigurationId: null,
      quality: null,
      captions: true,
      chapters: true,
      tagsToAdd: [],
    },
    steps: [],
  };
}

let api: FakeApi;
let store: PublishStore;
const s = () => store.getState();

beforeEach(() => {
  api = new FakeApi();
  store = createPublishStore(api);
});

afterEach(() => {
  store.dispose();
  vi.useRealTimers();
});

async function startWith(rows: PublishJobRow[], st = status()): Promise<void> {
  s().start();
  api.next('publish.list').resolve({ rows, status: st });
  await settle();
}

describe('the queue', () => {
  it('applies progress ticks to the row in place, without asking the core again', async () => {
    await startWith([job(1, { state: 'running', step: 'video' }), job(2)]);
    const untouched = s().shown?.rows[1];
    api.emit('publish.progress', {
      id: 1,
      step: 'video',
      progress: { uploadPercent: 42, transcodePercent: null },
    });
    api.emit('publish.progress', {
      id: 1,
      step: 'transcode',
      progress: { uploadPercent: null, transcodePercent: 80 },
    });
    expect(s().shown?.rows[0]).toMatchObject({
      step: 'transcode',
      progress: { transcodePercent: 80 },
    });
    expect(s().shown?.rows[1]).toBe(untouched);
    expect(api.count('publish.list')).toBe(1);
  });

  it('re-queries once for a burst of publish.changed, and takes the status at once', async () => {
    vi.useFakeTimers();
    await startWith([job(1)]);
    for (let i = 0; i < 5; i++) {
      api.emit('publish.changed', {
        status: { paused: true, counts: counts({ queued: 1 }) },
        jobIds: [1],
      });
    }
    expect(s().status?.paused).toBe(true);
    vi.advanceTimersByTime(PUBLISH_REFRESH_SPACING_MS);
    expect(api.pending('publish.list')).toHaveLength(1);
    expect(api.count('publish.list')).toBe(2);
  });

  it('filters by state through publish.list', async () => {
    await startWith([job(1)]);
    s().toggleState('failed');
    expect(api.next('publish.list').input.states).toEqual(['failed']);
  });

  it('pause and resume show the state the core answers', async () => {
    await startWith([job(1)]);
    const pausing = s().pause();
    expect(s().queueBusy).toBe('pause');
    api.next('publish.pause').resolve(status(true));
    await pausing;
    expect(s().status?.paused).toBe(true);
    expect(s().queueBusy).toBeNull();

    const resuming = s().resume();
    api.next('publish.resume').reject(new Error('The queue could not be resumed.'));
    await resuming;
    expect(s().status?.paused).toBe(true);
    expect(s().actionError).toBe('The queue could not be resumed.');
  });

  it('reorder moves the row at once and sends publish.reorder with the row it goes before', async () => {
    await startWith([job(1), job(2), job(3)]);
    const moving = s().reorder(3, 1);
    expect(s().shown?.rows.map((r) => r.id)).toEqual([3, 1, 2]);
    const call = api.next('publish.reorder');
    expect(call.input).toEqual({ id: 3, beforeId: 1 });
    call.resolve({ rows: [job(3), job(1), job(2)], status: status() });
    await moving;
    expect(s().shown?.rows.map((r) => r.id)).toEqual([3, 1, 2]);
  });

  it('a refused reorder says why and reads the queue again', async () => {
    await startWith([job(1), job(2)]);
    const moving = s().reorder(2, 1);
    api.next('publish.reorder').reject(new Error('Only queued jobs can be moved.'));
    await moving;
    expect(s().actionError).toBe('Only queued jobs can be moved.');
    expect(api.pending('publish.list')).toHaveLength(1);
  });

  it('retry puts the answer on the row and in the detail', async () => {
    await startWith([job(1, { state: 'failed', lastError: 'Cablecast refused the upload.' })]);
    s().select(1);
    api.next('publish.get').resolve(detail(1, { state: 'failed' }));
    await settle();
    const retrying = s().retry(1);
    expect(s().jobBusy[1]).toBe('retry');
    api.next('publish.retry').resolve(detail(1, { state: 'queued', lastError: null }));
    await retrying;
    expect(s().shown?.rows[0]?.state).toBe('queued');
    expect(s().detail?.value?.state).toBe('queued');
    expect(s().jobBusy[1]).toBeUndefined();
  });
});

describe("a job's detail", () => {
  it('drops the answer for a job no longer selected', async () => {
    await startWith([job(1), job(2)]);
    s().select(1);
    s().select(2);
    api.next('publish.get').resolve(detail(1));
    await settle();
    expect(s().detail).toMatchObject({ id: 2, value: null, loading: true });
    api.next('publish.get').resolve(detail(2));
    await settle();
    expect(s().detail?.value?.id).toBe(2);
  });

  it('takes progress ticks in place', async () => {
    await startWith([job(1)]);
    s().select(1);
    api.next('publish.get').resolve(detail(1, { state: 'running', step: 'video' }));
    await settle();
    api.emit('publish.progress', {
      id: 1,
      step: 'video',
      progress: { uploadPercent: 10, transcodePercent: null },
    });
    expect(s().detail?.value?.progress.uploadPercent).toBe(10);
    expect(api.count('publish.get')).toBe(1);
  });
});

const PLAN: PublishPlan = {
  items: [
    {
      recordingId: 101,
      fileName: 'a.mp4',
      showId: 1,
      showTitle: 'A',
      refused: null,
      actions: ['upload'],
      missing: [],
      queuedJobId: null,
    },
    {
      recordingId: 102,
      fileName: 'b.mp4',
      showId: null,
      showTitle: null,
      refused: 'Not linked to a show.',
      actions: [],
      missing: [],
      queuedJobId: null,
    },
    {
      recordingId: 103,
      fileName: 'c.mp4',
      showId: 3,
      showTitle: 'C',
      refused: null,
      actions: ['upload'],
      missing: ['no chapters'],
      queuedJobId: null,
    },
  ],
  options: { vodConfigurationId: 1, quality: null, captions: true, chapters: true, tagsToAdd: [] },
  vodConfigurations: [
    {
      id: 1,
      name: 'Default',
      locationId: 1,
      qualities: [{ id: 5, name: '720p' }],
      defaultQuality: 5,
    },
  ],
};

describe('batch publishing', () => {
  it('plans, then queues only what is not refused, with the settings as changed', async () => {
    s().openPlan({ recordingIds: [101, 102, 103] });
    expect(api.next('publish.plan').input).toEqual({ recordingIds: [101, 102, 103], showIds: [] });
    api.next('publish.plan').resolve(PLAN);
    await settle();
    expect(s().plan?.options?.vodConfigurationId).toBe(1);
    s().setOptions({ quality: 5, chapters: false, tagsToAdd: ['council'] });
    const confirming = s().confirm();
    const call = api.next('publish.enqueue');
    expect(call.input).toEqual({
      recordingIds: [101, 103],
      options: {
        vodConfigurationId: 1,
        quality: 5,
        captions: true,
        chapters: false,
        tagsToAdd: ['council'],
      },
    });
    const view: PublishBatchView = { id: 'b1', createdAt: '', rows: [job(1), job(3)], skipped: [] };
    call.resolve(view);
    await confirming;
    expect(s().plan).toBeNull();
    expect(s().batch?.id).toBe('b1');
    expect(s().batch?.view.value?.rows).toHaveLength(2);
  });

  it('a plan for shows asks by show ids', () => {
    s().openPlan({ showIds: [7, 8] });
    expect(api.next('publish.plan').input).toEqual({ recordingIds: [], showIds: [7, 8] });
  });

  it('a refused enqueue keeps the confirmation open with the reason', async () => {
    s().openPlan({ recordingIds: [101] });
    api.next('publish.plan').resolve(PLAN);
    await settle();
    const confirming = s().confirm();
    api.next('publish.enqueue').reject(new Error('The account may not write.'));
    await confirming;
    expect(s().plan?.enqueueError).toBe('The account may not write.');
    expect(s().plan?.enqueuing).toBe(false);
    expect(s().batch).toBeNull();
  });

  it('the batch view follows progress in place and re-reads the batch after changes', async () => {
    vi.useFakeTimers();
    s().openBatch('b1');
    api
      .next('publish.batch')
      .resolve({ id: 'b1', createdAt: '', rows: [job(1), job(2)], skipped: [] });
    await settle();
    api.emit('publish.progress', {
      id: 2,
      step: 'transcode',
      progress: { uploadPercent: null, transcodePercent: 55 },
    });
    expect(s().batch?.view.value?.rows[1]?.progress.transcodePercent).toBe(55);
    expect(api.count('publish.batch')).toBe(1);
    api.emit('publish.changed', { status: status(), jobIds: [2] });
    vi.advanceTimersByTime(PUBLISH_REFRESH_SPACING_MS);
    expect(api.pending('publish.batch')).toHaveLength(1);
  });
});

describe("a recording's publish history", () => {
  it('lists the jobs of that recording and drops an answer for another one', async () => {
    s().showHistory(101);
    s().showHistory(102);
    const first = api.next('publish.list');
    expect(first.input.recordingId).toBe(101);
    first.resolve({ rows: [job(1)], status: status() });
    await settle();
    expect(s().history).toMatchObject({ recordingId: 102, rows: { value: null, loading: true } });
    const second = api.next('publish.list');
    expect(second.input.recordingId).toBe(102);
    second.resolve({ rows: [job(2, { recordingId: 102 })], status: status() });
    await settle();
    expect(s().history?.rows.value?.map((r) => r.id)).toEqual([2]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  LibraryStatus,
  RecordingDetail,
  RecordingDraft,
  RecordingRow,
  RecordingState,
} from '../../shared/library';
import { FakeApi, settle } from '../lib/testing/fake-api';
import { createLibraryStore, type LibraryStore } from './library';

const DRAFT: RecordingDraft = {
  title: 'Council',
  cgTitle: '',
  description: '',
  tags: [],
  chapters: [],
  chaptersSource: 'none',
  updatedAt: null,
  notes: [],
  fields: {},
  base: null,
  approvedAt: null,
};

function counts(ready: number): Record<RecordingState, number> {
  return {
    new: 0,
    'needs-captions': 0,
    'caption-invalid': 0,
    'needs-summary': 0,
    ready,
    linked: 0,
    published: 0,
    failed: 0,
  };
}

const STATUS = {
  folders: [],
  scanning: false,
  lastScanAt: null,
  rescanIntervalSec: 300,
  problems: [],
  counts: counts(0),
  probe: { available: true, message: null },
} as LibraryStatus;

function recording(id: number): RecordingRow {
  return { id, fileName: `${id}-meeting.mp4` } as RecordingRow;
}

function detail(id: number, draft = DRAFT): RecordingDetail {
  return { ...recording(id), caption: null, captionCueCount: 0, draft } as RecordingDetail;
}

let api: FakeApi;
let store: LibraryStore;
const s = () => store.getState();

beforeEach(() => {
  api = new FakeApi();
  store = createLibraryStore(api);
});

afterEach(() => {
  store.dispose();
  vi.useRealTimers();
});

async function started(): Promise<void> {
  s().start();
  api.next('library.list').resolve({ rows: [recording(1), recording(2)] });
  api.next('library.status').resolve(STATUS);
  await settle();
}

describe('the recording list answers the newest question only', () => {
  it('typing fast: the filters typed while one runs collapse into the newest one', async () => {
    s().start();
    s().setText('c');
    s().setText('co');
    s().setText('cou');
    expect(api.pending('library.list').map((c) => c.input.text)).toEqual(['']);

    api.next('library.list').resolve({ rows: [recording(1), recording(2)] });
    await settle();
    expect(api.pending('library.list').map((c) => c.input.text)).toEqual(['cou']);
    api.next('library.list').resolve({ rows: [recording(7)] });
    await settle();

    expect(s().shown?.filter.text).toBe('cou');
    expect(s().shown?.rows.map((r) => r.id)).toEqual([7]);
    expect(api.count('library.list')).toBe(2);
  });

  it('the recording selected earlier never replaces the one selected now', async () => {
    await started();
    s().select(1);
    s().select(2);
    const [get1, get2] = api.pending('library.get');
    const [captions1] = api.pending('library.captions');

    get2!.resolve(detail(2));
    await settle();
    get1!.resolve(detail(1));
    captions1!.resolve({ cues: [] } as never);
    await settle();

    expect(s().selectedId).toBe(2);
    expect(s().detail).toMatchObject({ id: 2, loading: false });
    expect(s().detail?.value?.id).toBe(2);
    expect(s().captions).toMatchObject({ id: 2, loading: true });
  });
});

describe('refresh when the library changes', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });

  it('updates the counts at once and re-queries, a burst of events spaced', async () => {
    await started();
    s().select(1);
    api.next('library.get').resolve(detail(1));
    await settle();
    const lists = () => api.count('library.list');
    expect(lists()).toBe(1);

    api.emit('library.changed', { counts: counts(1), scanning: true });
    api.emit('library.changed', { counts: counts(2), scanning: true });
    expect(s().status?.counts.ready).toBe(2);
    expect(s().status?.scanning).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(lists()).toBe(2);
    // The list, the status and the open recording are all read again.
    expect(api.pending('library.status')).toHaveLength(1);
    expect(api.pending('library.get').map((c) => c.input.id)).toEqual([1]);
    api.next('library.list').resolve({ rows: [recording(1), recording(2), recording(3)] });
    await settle();
    expect(s().shown?.rows).toHaveLength(3);

    api.emit('library.changed', { counts: counts(3), scanning: false });
    expect(s().status?.counts.ready).toBe(3);
    await vi.advanceTimersByTimeAsync(399);
    expect(lists()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(lists()).toBe(3);
  });

  it('a reload after a change keeps what the operator typed in the draft', async () => {
    await started();
    s().select(1);
    api.next('library.get').resolve(detail(1));
    await settle();
    s().editDraft((edit) => ({ ...edit, title: 'Council, typed' }));

    api.emit('library.changed', { counts: counts(0), scanning: false });
    await vi.advanceTimersByTimeAsync(0);
    expect(s().detail?.loading).toBe(true);
    expect(s().detail?.value?.id).toBe(1); // still on screen while it asks
    api.next('library.get').resolve(detail(1, { ...DRAFT, title: 'Council, from disk' }));
    await settle();

    expect(s().detail?.value?.draft.title).toBe('Council, from disk');
    expect(s().drafts[1]?.edit.title).toBe('Council, typed');
  });

  it('asks nothing before the screen is first shown, and nothing once disposed', async () => {
    api.emit('library.changed', { counts: counts(1), scanning: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.count('library.list')).toBe(0);

    await started();
    store.dispose();
    api.emit('library.changed', { counts: counts(5), scanning: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.count('library.list')).toBe(1);
    expect(s().status?.counts.ready).toBe(0);
  });
});

describe('library events', () => {
  it('a recording that became ready is announced', () => {
    const completed = {
      recordingId: 4,
      fileName: '4-meeting.mp4',
      videoPath: 'v',
      captionPath: 'c',
      summaryPath: 's',
      showId: null,
      completedAt: '2025-01-01T00:00:00Z',
      durationSec: 3600,
    };
    api.emit('transcription.completed', completed);
    expect(s().completed).toEqual(completed);
  });

  it('each store has its own state: a second one starts from nothing', async () => {
    await started();
    const other = createLibraryStore(api);
    // Not started yet, whatever the first store did: a refresh asks nothing.
    other.getState().refresh();
    expect(api.count('library.list')).toBe(1);
    expect(other.getState().shown).toBeNull();
    other.dispose();
  });
});

describe('picking recordings for a batch, as in the Shows list', () => {
  async function listed(ids: number[]): Promise<void> {
    s().start();
    api.next('library.list').resolve({ rows: ids.map(recording) });
    api.next('library.status').resolve(STATUS);
    await settle();
  }

  it('click, shift-click and ctrl-click pick rows; the focused one opens in the detail', async () => {
    await listed([1, 2, 3, 4, 5]);
    s().click(1, {});
    s().click(3, { shift: true });
    expect(s().selectedIds()).toEqual([2, 3, 4]);
    s().click(0, { toggle: true });
    expect(s().selectedIds()).toEqual([1, 2, 3, 4]);
    expect(s().selectedId).toBe(1);
    expect(api.pending('library.get').map((c) => c.input.id)).toEqual([2, 4, 1]);
  });

  it('a drag band picks the rows it covers, and shrinking it unpicks them', async () => {
    await listed([1, 2, 3, 4, 5, 6]);
    s().beginDrag(false);
    s().dragTo({ from: 0, to: 4 });
    expect(s().selectedIds()).toEqual([1, 2, 3, 4, 5]);
    s().dragTo({ from: 0, to: 2 });
    s().endDrag();
    expect(s().selectedIds()).toEqual([1, 2, 3]);
    expect(s().selectedId).toBe(3);
  });

  it('Ctrl+A picks every listed row; the keyboard extends; Escape clears', async () => {
    await listed([1, 2, 3]);
    s().selectAll();
    expect(s().selectedIds()).toEqual([1, 2, 3]);
    s().click(0, {});
    s().move('down', { shift: true }, 10);
    expect(s().selectedIds()).toEqual([1, 2]);
    s().clearSelection();
    expect(s().selectedIds()).toEqual([]);
  });

  it('a refreshed list keeps what is still listed picked', async () => {
    await listed([1, 2, 3]);
    s().click(0, {});
    s().click(2, { shift: true });
    s().setText('x');
    api.next('library.list').resolve({ rows: [recording(3), recording(1)] });
    await settle();
    expect(s().selectedIds()).toEqual([3, 1]);
    expect(s().selection.focus).toBe(0);
  });
});

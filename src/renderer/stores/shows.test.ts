import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ShowDetail, ShowRow } from '../../shared/catalog';
import { rowAt } from '../features/shows/page-window';
import { isPicked } from '../lib/selection';
import { FakeApi, settle } from '../lib/testing/fake-api';
import { createShowsStore, type ShowsStore } from './shows';

/** Row `index` of a result whose ids start at `firstId`, so an id tells which answer it came from. */
function row(index: number, firstId: number): ShowRow {
  return {
    id: firstId + index,
    eventDate: null,
    title: `Show ${firstId + index}`,
    cgTitle: null,
    category: null,
    project: null,
    producer: null,
    location: null,
    totalRunTime: null,
    vodState: null,
    hasVod: false,
    hasCaptions: false,
    edit: null,
  };
}

/** Answers the oldest waiting `shows.search` from a result of `total` rows. */
function answerSearch(api: FakeApi, total: number, firstId = 1000) {
  const call = api.next('shows.search');
  const offset = call.input.offset ?? 0;
  const limit = call.input.limit ?? 200;
  const rows: ShowRow[] = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push(row(i, firstId));
  call.resolve({ total, offset, rows });
  return call.input;
}

let api: FakeApi;
let store: ShowsStore;

beforeEach(() => {
  api = new FakeApi();
  store = createShowsStore(api);
});

afterEach(() => {
  store.dispose();
  vi.useRealTimers();
});

async function started(total: number): Promise<void> {
  store.getState().start();
  answerSearch(api, total);
  await settle();
}

describe('the show list answers the newest question only', () => {
  it('typing fast: the searches typed while one runs collapse into the newest one', async () => {
    await started(500);
    store.getState().setText('c');
    store.getState().setText('co');
    store.getState().setText('cou');
    expect(api.pending('shows.search').map((c) => c.input.filter?.text)).toEqual(['c']);

    answerSearch(api, 50, 2000);
    await settle();
    expect(store.getState().shown?.query.filter.text).toBe('c');
    // 'co' was overtaken while it waited: it is never asked.
    expect(api.pending('shows.search').map((c) => c.input.filter?.text)).toEqual(['cou']);

    answerSearch(api, 3, 3000);
    await settle();
    const shown = store.getState().shown;
    expect(shown?.query.filter.text).toBe('cou');
    expect(shown?.total).toBe(3);
    expect(rowAt(shown!.pages, 0)?.id).toBe(3000);
    expect(api.log.filter((c) => c.method === 'shows.search')).toHaveLength(3);
  });

  it('rows asked for the previous search are dropped when they arrive after the new answer', async () => {
    await started(1000);
    store.getState().setViewport(300, 340);
    const pageCall = api.next('shows.search');
    expect(pageCall.input.offset).toBe(200);

    store.getState().setText('budget');
    // The new search and the old page are both in flight; the new one answers first.
    const [, searchCall] = api.pending('shows.search');
    expect(searchCall?.input.filter?.text).toBe('budget');
    const rows = [row(0, 5000), row(1, 5000)];
    searchCall!.resolve({ total: 2, offset: 0, rows });
    await settle();
    answerSearch(api, 1000); // the old page, late
    await settle();

    const shown = store.getState().shown!;
    expect(shown.total).toBe(2);
    expect([...shown.pages.keys()]).toEqual([0]);
    expect(shown.pages.get(0)?.map((r) => r.id)).toEqual([5000, 5001]);
  });

  it('the detail of a show focused earlier never replaces the one focused now', async () => {
    await started(100);
    store.getState().click(0, {});
    store.getState().click(1, {});
    const [first, second] = api.pending('shows.get');
    expect([first?.input.id, second?.input.id]).toEqual([1000, 1001]);

    second!.resolve({ ...row(1, 1000) } as ShowDetail);
    await settle();
    first!.resolve({ ...row(0, 1000) } as ShowDetail);
    await settle();

    expect(store.getState().focusedId).toBe(1001);
    expect(store.getState().detail).toMatchObject({ id: 1001, loading: false });
    expect(store.getState().detail?.value?.id).toBe(1001);
  });
});

describe('selection across pages', () => {
  it('a ctrl+shift range from page 1 to page 4 picks every row between, fetched or not', async () => {
    await started(1000);
    const s = () => store.getState();
    s().click(2, {});
    s().click(5, { toggle: true });
    expect([...s().selection.picked.ids].sort()).toEqual([1002, 1005]);

    // Scrolled far down: rows 200..399 are fetched, rows 100..199 never were.
    s().setViewport(300, 340);
    expect(answerSearch(api, 1000).offset).toBe(200);
    await settle();

    s().click(310, { shift: true, toggle: true });
    // What is known is picked at once; the gap waits for every id of the result.
    expect(isPicked(s().selection.picked, 1050)).toBe(true);
    expect(isPicked(s().selection.picked, 1250)).toBe(true);
    expect(isPicked(s().selection.picked, 1150)).toBe(false);
    const idsCall = api.next('shows.ids');
    idsCall.resolve({ ids: Array.from({ length: 1000 }, (_, i) => 1000 + i) });
    await settle();

    const expected = [1002];
    for (let i = 5; i <= 310; i++) expected.push(1000 + i);
    expect((await s().selectedIds()).sort((a, b) => a - b)).toEqual(expected);
    expect(s().selection.focus).toBe(310);
    expect(s().focusedId).toBe(1310);
  });

  it('a plain shift-click replaces what was picked with the range', async () => {
    await started(1000);
    const s = () => store.getState();
    s().click(2, {});
    s().click(5, { toggle: true });
    s().setViewport(300, 340);
    answerSearch(api, 1000);
    await settle();

    s().click(310, { shift: true });
    api.next('shows.ids').resolve({ ids: Array.from({ length: 1000 }, (_, i) => 1000 + i) });
    await settle();

    const ids = (await s().selectedIds()).sort((a, b) => a - b);
    expect(ids).toHaveLength(306);
    expect(ids[0]).toBe(1005);
    expect(ids.at(-1)).toBe(1310);
  });
});

describe('refresh when the catalog changes', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });

  it('re-queries on catalog.changed, a burst of events spaced into few refreshes', async () => {
    await started(100);
    const searches = () => api.count('shows.search');
    expect(searches()).toBe(1);

    api.emit('catalog.changed', { showCount: 101 });
    api.emit('catalog.changed', { showCount: 102 });
    api.emit('catalog.changed', { showCount: 103 });
    await vi.advanceTimersByTimeAsync(0);
    expect(searches()).toBe(2);
    answerSearch(api, 103);
    await settle();
    expect(store.getState().shown?.total).toBe(103);

    api.emit('catalog.changed', { showCount: 104 });
    api.emit('catalog.changed', { showCount: 105 });
    await vi.advanceTimersByTimeAsync(399);
    expect(searches()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(searches()).toBe(3);
  });

  it('a refresh keeps the scroll position and what is picked', async () => {
    await started(100);
    store.getState().click(3, {});
    const epoch = store.getState().scrollEpoch;
    api.emit('catalog.changed', { showCount: 120 });
    await vi.advanceTimersByTimeAsync(0);
    answerSearch(api, 120);
    await settle();
    expect(store.getState().shown?.total).toBe(120);
    expect(store.getState().scrollEpoch).toBe(epoch);
    expect([...store.getState().selection.picked.ids]).toEqual([1003]);
  });

  it('asks nothing before the list is first shown, and nothing once disposed', async () => {
    api.emit('catalog.changed', { showCount: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.count('shows.search')).toBe(0);

    await started(10);
    store.dispose();
    expect(api.listenerCount('catalog.changed')).toBe(0);
    api.emit('catalog.changed', { showCount: 2 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.count('shows.search')).toBe(1);
  });
});

import { create } from 'zustand';
import type {
  CatalogFacets,
  ShowChapters,
  ShowDetail,
  ShowFilter,
  ShowQuery,
  ShowPage,
  ShowRow,
  ShowSort,
  ShowSortField,
} from '../../shared/catalog';
import {
  DEFAULT_SORT,
  EMPTY_FILTER,
  nextSort,
  normalizeFilter,
  sameQuery,
} from '../features/shows/filter';
import {
  KEEP_MARGIN_PAGES,
  OVERSCAN_ROWS,
  PAGE_SIZE,
  contiguousRuns,
  evictFarPages,
  pageOf,
  pagesForRange,
  rowAt,
  splitIntoPages,
  withPages,
  type Pages,
} from '../features/shows/page-window';
import {
  EMPTY_SELECTION,
  clampToTotal,
  clearPicked,
  clickRow,
  dragSelect,
  forgetPositions,
  moveFocus,
  pickedIds,
  rangeIds,
  selectAll,
  toggleFocused,
  toggleRow,
  targetIndex,
  type IdSource,
  type Selection,
  type SelectionActions,
} from '../lib/selection';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import { LatestQuery } from '../lib/latest-query';
import { failedItem, loadedItem, loadingItem, reloadingItem, type Loadable } from '../lib/loadable';
import { refreshOnEvent } from '../lib/refresh-on-event';

/** Row height in pixels: compact, as operators scan many rows. Drag-select computes with it. */
export const ROW_HEIGHT = 30;
/** At most this many pages in one `shows.search` (the contract allows 1,000 rows). */
const MAX_PAGES_PER_REQUEST = 10;
/** Page requests in flight at once while scrolling; further viewport moves wait for them. */
const MAX_PAGE_REQUESTS = 2;
/** Catalog refreshes during a sync (one `catalog.changed` per committed batch) are spaced by this. */
const REFRESH_SPACING_MS = 400;
/** Chapters come from Cablecast: wait until the focus rests before asking. */
const CHAPTERS_DELAY_MS = 150;

/** The result on screen: which question it answers, how many match, and the rows fetched. */
interface ShownResult {
  generation: number;
  query: ShowQuery;
  total: number;
  pages: Pages<ShowRow>;
}

interface ShowsState extends SelectionActions {
  filter: ShowFilter;
  sort: ShowSort;
  shown: ShownResult | null;
  /** The list could not be read at all. */
  listError: string | null;
  /** Some rows could not be fetched while scrolling. */
  pageError: string | null;
  /** Bumped when a new result should bring the list back to its top. */
  scrollEpoch: number;
  facets: CatalogFacets | null;
  facetsError: string | null;
  selection: Selection;
  /** Every id matching the shown query, in order, once needed (long ranges, "all matching"). */
  allIds: { generation: number; ids: number[] } | null;
  /** The show in the detail pane. */
  focusedId: number | null;
  detail: Loadable<ShowDetail> | null;
  chapters: Loadable<ShowChapters> | null;

  start: () => void;
  setText: (text: string) => void;
  setFilter: (patch: Partial<ShowFilter>) => void;
  clearFilters: () => void;
  sortBy: (field: ShowSortField) => void;
  retry: () => void;
  refresh: () => void;
  setViewport: (first: number, last: number) => void;
  loadFacets: () => Promise<void>;

  /** The ids of every picked show (resolves "all matching" through `shows.ids`). */
  selectedIds: () => Promise<number[]>;
  reloadDetail: () => void;
}

interface QueryJob {
  query: ShowQuery;
  /** Keep the scroll position (a refresh) rather than go back to the top (a new question). */
  keepScroll: boolean;
}

/**
 * The show list's store, talking to the core through `api`. The app makes one (`stores/index.ts`);
 * a test makes its own with a fake API.
 */
export function createShowsStore(api: Api) {
  // Non-reactive state: what the list shows, not what it renders.
  let viewport = { first: 0, last: 40 };
  const pagesInFlight = new Set<string>();
  let viewportDirty = false;
  let drag: {
    start: Selection;
    additive: boolean;
    band: { from: number; to: number } | null;
  } | null = null;
  let allIdsLoading: { generation: number; promise: Promise<void> } | null = null;
  /** A selection change still waiting for the ids of some of its rows. */
  let pending: {
    op: (sel: Selection, src: IdSource) => Selection;
    before: Selection;
    next: Selection;
    from: number;
    to: number;
  } | null = null;
  let detailSeq = 0;
  let chaptersTimer: ReturnType<typeof setTimeout> | null = null;
  let started = false;

  const store = create<ShowsState>()((set, get) => {
    function currentQuery(): ShowQuery {
      const { filter, sort } = get();
      return { filter: normalizeFilter(filter), sort };
    }

    function idAt(index: number): number | undefined {
      const { shown, allIds } = get();
      if (!shown) return undefined;
      const row = rowAt(shown.pages, index);
      if (row) return row.id;
      return allIds?.generation === shown.generation ? allIds.ids[index] : undefined;
    }

    function idSource(): IdSource {
      return { total: get().shown?.total ?? 0, idAt };
    }

    const queries = new LatestQuery<QueryJob, { job: QueryJob; page: ShowPage; offset: number }>({
      async run(job) {
        const first = job.keepScroll ? pageOf(Math.max(0, viewport.first - OVERSCAN_ROWS)) : 0;
        const last = job.keepScroll
          ? Math.min(first + MAX_PAGES_PER_REQUEST - 1, pageOf(viewport.last + OVERSCAN_ROWS))
          : 0;
        const page = await api.call('shows.search', {
          ...job.query,
          offset: first * PAGE_SIZE,
          limit: (last - first + 1) * PAGE_SIZE,
        });
        return { job, page, offset: first * PAGE_SIZE };
      },
      apply({ job, page, offset }, generation) {
        const total = page.total;
        const shown: ShownResult = {
          generation,
          query: job.query,
          total,
          pages: withPages(new Map(), splitIntoPages(page.rows, offset)),
        };
        set((s) => ({
          shown,
          listError: null,
          pageError: null,
          scrollEpoch: job.keepScroll ? s.scrollEpoch : s.scrollEpoch + 1,
          selection: clampToTotal(s.selection, total),
        }));
        if (!job.keepScroll)
          viewport = { first: 0, last: Math.max(viewport.last - viewport.first, 0) };
        fillViewport();
        syncFocusedId();
      },
      fail(error) {
        set({ listError: errorMessage(error) });
      },
    });

    function submit(keepScroll: boolean): void {
      queries.submit({ query: currentQuery(), keepScroll });
    }

    /** Fetches the pages the viewport needs and drops the ones far from it. */
    function fillViewport(): void {
      const shown = get().shown;
      if (!shown || shown.generation !== queries.latest) return;
      const kept = evictFarPages(
        shown.pages,
        pageOf(Math.max(0, viewport.first - OVERSCAN_ROWS)),
        pageOf(viewport.last + OVERSCAN_ROWS),
        KEEP_MARGIN_PAGES,
      );
      if (kept !== shown.pages) set({ shown: { ...shown, pages: kept } });
      const missing = pagesForRange(viewport.first, viewport.last, shown.total).filter(
        (p) => !kept.has(p) && !pagesInFlight.has(`${shown.generation}:${p}`),
      );
      if (missing.length === 0) return;
      if (pagesInFlight.size >= MAX_PAGE_REQUESTS) {
        viewportDirty = true;
        return;
      }
      for (const [runFirst, runLast] of contiguousRuns(missing)) {
        for (let a = runFirst; a <= runLast; a += MAX_PAGES_PER_REQUEST) {
          const b = Math.min(runLast, a + MAX_PAGES_PER_REQUEST - 1);
          fetchPages(shown, a, b);
        }
      }
    }

    function fetchPages(shown: ShownResult, a: number, b: number): void {
      const keys: string[] = [];
      for (let p = a; p <= b; p++) keys.push(`${shown.generation}:${p}`);
      for (const k of keys) pagesInFlight.add(k);
      api
        .call('shows.search', {
          ...shown.query,
          offset: a * PAGE_SIZE,
          limit: (b - a + 1) * PAGE_SIZE,
        })
        .then(
          (page) => {
            const current = get().shown;
            if (current?.generation !== shown.generation) return;
            set({
              shown: {
                ...current,
                pages: withPages(current.pages, splitIntoPages(page.rows, a * PAGE_SIZE)),
              },
              pageError: null,
            });
            resolvePending();
            syncFocusedId();
            if (drag) applyDrag();
          },
          (error: unknown) => {
            set({ pageError: errorMessage(error) });
          },
        )
        .finally(() => {
          for (const k of keys) pagesInFlight.delete(k);
          if (viewportDirty) {
            viewportDirty = false;
            fillViewport();
          }
        });
    }

    /** Every id of the shown result, for ranges over rows never loaded and for "all matching". */
    function loadAllIds(): Promise<void> {
      const shown = get().shown;
      if (!shown) return Promise.resolve();
      if (get().allIds?.generation === shown.generation) return Promise.resolve();
      if (allIdsLoading?.generation === shown.generation) return allIdsLoading.promise;
      const promise = api.call('shows.ids', shown.query).then(
        ({ ids }) => {
          if (get().shown?.generation === shown.generation) {
            set({ allIds: { generation: shown.generation, ids } });
          }
        },
        (error: unknown) => {
          allIdsLoading = null;
          set({ pageError: errorMessage(error) });
        },
      );
      allIdsLoading = { generation: shown.generation, promise };
      return promise;
    }

    /**
     * Applies a selection change. When it reaches rows whose ids are not loaded yet (End, a long
     * shift-range), the same change is applied again to the same starting selection as they
     * arrive: from the page being fetched for a short range, from every id for a long one.
     */
    function applyRange(
      op: (sel: Selection, src: IdSource) => Selection,
      from: number | null,
      to: number | null,
    ) {
      const before = get().selection;
      const next = op(before, idSource());
      set({ selection: next });
      pending = null;
      syncFocusedId();
      if (from === null || to === null) return;
      if (rangeIds(idSource(), from, to).missing === 0) return;
      pending = { op, before, next, from, to };
      if (!onlyNearMissing(from, to, to)) void loadAllIds().then(resolvePending);
    }

    /**
     * Whether every unknown row of `from`..`to` is in the pages the list fetches once it shows
     * row `near` (so waiting for them is enough, no need for every id).
     */
    function onlyNearMissing(from: number, to: number, near: number): boolean {
      const total = get().shown?.total ?? 0;
      const nearPages = new Set(pagesForRange(near, near, total));
      const lo = Math.max(0, Math.min(from, to));
      const hi = Math.min(total - 1, Math.max(from, to));
      for (let i = lo; i <= hi; i++) {
        if (idAt(i) === undefined && !nearPages.has(pageOf(i))) return false;
      }
      return true;
    }

    function resolvePending(): void {
      const p = pending;
      if (!p) return;
      if (get().selection !== p.next) {
        pending = null;
        return;
      }
      const next = p.op(p.before, idSource());
      set({ selection: next });
      pending = rangeIds(idSource(), p.from, p.to).missing > 0 ? { ...p, next } : null;
      syncFocusedId();
    }

    function applyDrag(): void {
      if (!drag) return;
      set({ selection: dragSelect(drag.start, drag.band, idSource(), drag.additive) });
    }

    /** Puts the show at the focus into the detail pane, once its row is known. */
    function syncFocusedId(): void {
      const focus = get().selection.focus;
      if (focus === null) return;
      const id = idAt(focus);
      if (id === undefined || id === get().focusedId) return;
      set({ focusedId: id });
      loadDetail(id, false);
    }

    function loadDetail(id: number, quiet: boolean): void {
      const seq = ++detailSeq;
      set((s) => ({
        detail: quiet && s.detail?.id === id ? reloadingItem(s.detail) : loadingItem(id),
        chapters: quiet && s.chapters?.id === id ? s.chapters : loadingItem(id),
      }));
      api.call('shows.get', { id }).then(
        (value) => {
          if (seq === detailSeq) set({ detail: loadedItem(id, value) });
        },
        (error: unknown) => {
          if (seq === detailSeq) {
            set((s) => ({ detail: failedItem(id, error, s.detail?.value ?? null) }));
          }
        },
      );
      if (chaptersTimer) clearTimeout(chaptersTimer);
      chaptersTimer = setTimeout(() => {
        chaptersTimer = null;
        api.call('shows.chapters', { id }).then(
          (value) => {
            if (seq === detailSeq) set({ chapters: loadedItem(id, value) });
          },
          (error: unknown) => {
            if (seq === detailSeq) set({ chapters: failedItem(id, error) });
          },
        );
      }, CHAPTERS_DELAY_MS);
    }

    return {
      filter: EMPTY_FILTER,
      sort: DEFAULT_SORT,
      shown: null,
      listError: null,
      pageError: null,
      scrollEpoch: 0,
      facets: null,
      facetsError: null,
      selection: EMPTY_SELECTION,
      allIds: null,
      focusedId: null,
      detail: null,
      chapters: null,

      start() {
        if (started) return;
        started = true;
        submit(false);
        void get().loadFacets();
      },

      setText(text) {
        get().setFilter({ text });
      },

      setFilter(patch) {
        const before = get().filter;
        const filter = { ...before, ...patch };
        set({ filter });
        if (sameQuery(before, filter)) return;
        // A new question: what was picked belonged to the old answer.
        set({ selection: EMPTY_SELECTION, allIds: null });
        submit(false);
      },

      clearFilters() {
        get().setFilter(EMPTY_FILTER);
      },

      sortBy(field) {
        set((s) => ({ sort: nextSort(s.sort, field), selection: forgetPositions(s.selection) }));
        submit(false);
      },

      retry() {
        set({ listError: null, pageError: null });
        if (get().shown) {
          submit(true);
        } else {
          submit(false);
        }
        void get().loadFacets();
      },

      refresh() {
        if (!started) return;
        submit(true);
        void get().loadFacets();
        if (get().focusedId !== null) get().reloadDetail();
      },

      setViewport(first, last) {
        if (first === viewport.first && last === viewport.last) return;
        viewport = { first, last };
        fillViewport();
      },

      async loadFacets() {
        try {
          set({ facets: await api.call('catalog.facets', {}), facetsError: null });
        } catch (error) {
          set({ facetsError: errorMessage(error) });
        }
      },

      click(index, mods) {
        const anchor = get().selection.anchor;
        applyRange(
          (sel, src) => clickRow(sel, index, src, mods),
          mods.shift ? (anchor ?? index) : index,
          index,
        );
      },

      toggleAt(index) {
        applyRange((sel, src) => toggleRow(sel, index, src), index, index);
      },

      move(key, mods, pageRows) {
        const { selection, shown } = get();
        const to = targetIndex(selection.focus, key, shown?.total ?? 0, pageRows);
        if (to === null) return null;
        applyRange(
          (sel, src) => moveFocus(sel, key, src, pageRows, mods),
          mods.shift ? (selection.anchor ?? to) : to,
          to,
        );
        return to;
      },

      toggleFocused() {
        const focus = get().selection.focus;
        applyRange((sel, src) => toggleFocused(sel, src), focus, focus);
      },

      selectAll() {
        set((s) => ({ selection: selectAll(s.selection) }));
        void loadAllIds();
      },

      clearSelection() {
        set((s) => ({ selection: clearPicked(s.selection) }));
      },

      beginDrag(additive) {
        drag = { start: get().selection, additive, band: null };
      },

      dragTo(band) {
        if (!drag) return;
        drag.band = band;
        applyDrag();
        syncFocusedId();
        if (band && rangeIds(idSource(), band.from, band.to).missing > 0) {
          void loadAllIds().then(() => {
            if (drag) applyDrag();
          });
        }
      },

      endDrag() {
        const ended = drag;
        drag = null;
        if (!ended?.band) return;
        const final = get().selection;
        if (rangeIds(idSource(), ended.band.from, ended.band.to).missing > 0) {
          // Released before every id arrived: finish the band once they do.
          void loadAllIds().then(() => {
            if (get().selection === final) {
              set({ selection: dragSelect(ended.start, ended.band, idSource(), ended.additive) });
            }
          });
        }
      },

      async selectedIds() {
        const { picked } = get().selection;
        if (!picked.all) return [...picked.ids];
        await loadAllIds();
        const { allIds, shown } = get();
        return pickedIds(
          picked,
          allIds?.generation === shown?.generation ? (allIds?.ids ?? null) : null,
        );
      },

      reloadDetail() {
        const id = get().focusedId;
        if (id !== null) loadDetail(id, true);
      },
    };
  });

  // Events from the core are subscribed once, here, not in components. During a sync the catalog
  // changes once per committed batch: the list refreshes at most every REFRESH_SPACING_MS.
  const stopRefresh = refreshOnEvent(
    api,
    'catalog.changed',
    () => store.getState().refresh(),
    REFRESH_SPACING_MS,
  );

  // Edits made, pushed or found in conflict change the rows' markers and the detail pane.
  const stopEditsRefresh = refreshOnEvent(
    api,
    'shows.editsChanged',
    () => store.getState().refresh(),
    REFRESH_SPACING_MS,
  );

  function dispose(): void {
    stopRefresh();
    stopEditsRefresh();
    if (chaptersTimer) clearTimeout(chaptersTimer);
    chaptersTimer = null;
  }

  return Object.assign(store, { dispose });
}

export type ShowsStore = ReturnType<typeof createShowsStore>;

import { create } from 'zustand';
import type {
  PublishBatchView,
  PublishJobDetail,
  PublishJobRow,
  PublishJobState,
  PublishOptions,
  PublishPlan,
  PublishQueueStatus,
} from '../../shared/publishing';
import { applyProgress, moveRow, replaceRow, type ProgressTick } from '../features/publish/jobs';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import { LatestQuery } from '../lib/latest-query';
import { failedItem, loadedItem, loadingItem, reloadingItem, type Loadable } from '../lib/loadable';
import { refreshOnEvent } from '../lib/refresh-on-event';

/**
 * Re-queries after `publish.changed` are spaced by this: a batch of 100 changes state many times
 * a second, and the queue needs one fresh list per burst, not one per event.
 */
export const PUBLISH_REFRESH_SPACING_MS = 400;

/** The queue on screen and the states it was asked for. */
export interface ShownQueue {
  states: PublishJobState[];
  rows: PublishJobRow[];
}

/** Where a confirmation's recordings come from: picked in the Transcriptions list, or shows. */
export type PlanSource = { recordingIds: number[] } | { showIds: number[] };

/** The confirmation before a batch is queued. */
export interface PlanState {
  source: PlanSource;
  plan: Loadable<PublishPlan>;
  /** The batch's settings as the operator set them (the plan's defaults at first). */
  options: PublishOptions | null;
  enqueuing: boolean;
  enqueueError: string | null;
}

/** A batch being watched: its jobs, refreshed on events, with progress applied in place. */
export interface BatchState {
  id: string;
  view: Loadable<PublishBatchView>;
}

/** The publish history of one recording (its detail on the Transcriptions screen). */
export interface HistoryState {
  recordingId: number;
  rows: Loadable<PublishJobRow[]>;
}

export type JobAction = 'cancel' | 'retry' | 'check' | 'markDone';

interface PublishState {
  states: PublishJobState[];
  shown: ShownQueue | null;
  status: PublishQueueStatus | null;
  listError: string | null;
  /** What went wrong with the last pause, resume, reorder or job action, in words. */
  actionError: string | null;
  /** The queue-wide action on its way. */
  queueBusy: 'pause' | 'resume' | null;
  /** Job actions on their way, by job id. */
  jobBusy: Record<number, JobAction | 'reorder'>;

  selectedJobId: number | null;
  detail: Loadable<PublishJobDetail> | null;

  plan: PlanState | null;
  batch: BatchState | null;
  history: HistoryState | null;

  start: () => void;
  refresh: () => void;
  setStates: (states: PublishJobState[]) => void;
  toggleState: (state: PublishJobState) => void;
  select: (id: number | null) => void;
  reloadDetail: () => void;

  pause: () => Promise<void>;
  resume: () => Promise<void>;
  cancel: (id: number) => Promise<void>;
  retry: (id: number) => Promise<void>;
  check: (id: number) => Promise<void>;
  markDone: (id: number, note?: string) => Promise<void>;
  reorder: (id: number, beforeId: number | null) => Promise<void>;
  dismissActionError: () => void;

  openPlan: (source: PlanSource) => void;
  setOptions: (patch: Partial<PublishOptions>) => void;
  closePlan: () => void;
  confirm: () => Promise<void>;
  openBatch: (batchId: string) => void;
  closeBatch: () => void;

  showHistory: (recordingId: number | null) => void;
}

/** The ids of a plan's items that may be queued (not refused). */
export function plannedRecordingIds(plan: PublishPlan): number[] {
  return plan.items.filter((item) => item.refused === null).map((item) => item.recordingId);
}

/**
 * The Publish queue's store (the queue, a job's detail, the batch confirmation and the batch
 * view, a recording's publish history), talking to the core through `api`. The app makes one
 * (`stores/index.ts`); a test makes its own with a fake API.
 */
export function createPublishStore(api: Api) {
  let started = false;
  /** Jobs named by `publish.changed` since the last spaced refresh. */
  let changedIds = new Set<number>();
  /** Set once the store's queries exist (inside `create`). */
  let refreshChanged: () => void = () => undefined;

  const store = create<PublishState>()((set, get) => {
    const queueQuery = new LatestQuery<
      PublishJobState[],
      { states: PublishJobState[]; rows: PublishJobRow[]; status: PublishQueueStatus }
    >({
      async run(states) {
        const { rows, status } = await api.call('publish.list', {
          states,
          batchId: null,
          recordingId: null,
        });
        return { states, rows, status };
      },
      apply({ states, rows, status }) {
        set({ shown: { states, rows }, status, listError: null });
      },
      fail(error) {
        set({ listError: errorMessage(error) });
      },
    });

    // An answer for a job no longer selected is dropped: the pane shows only the selected job.
    const detailQuery = new LatestQuery<number, PublishJobDetail>({
      run: (id) => api.call('publish.get', { id }),
      apply(value, _generation, id) {
        if (get().selectedJobId === id) set({ detail: loadedItem(id, value) });
      },
      fail(error, _generation, id) {
        if (get().selectedJobId !== id) return;
        set((s) => ({
          detail: failedItem(id, error, s.detail?.id === id ? s.detail.value : null),
        }));
      },
    });

    const batchQuery = new LatestQuery<string, PublishBatchView>({
      run: (batchId) => api.call('publish.batch', { batchId }),
      apply(view, _generation, batchId) {
        if (get().batch?.id === batchId) set({ batch: { id: batchId, view: loadedItem(0, view) } });
      },
      fail(error, _generation, batchId) {
        const batch = get().batch;
        if (batch?.id !== batchId) return;
        set({ batch: { id: batchId, view: failedItem(0, error, batch.view.value) } });
      },
    });

    const historyQuery = new LatestQuery<number, PublishJobRow[]>({
      async run(recordingId) {
        const { rows } = await api.call('publish.list', { states: [], batchId: null, recordingId });
        return rows;
      },
      apply(rows, _generation, recordingId) {
        if (get().history?.recordingId === recordingId) {
          set({ history: { recordingId, rows: loadedItem(recordingId, rows) } });
        }
      },
      fail(error, _generation, recordingId) {
        const history = get().history;
        if (history?.recordingId !== recordingId) return;
        set({ history: { recordingId, rows: failedItem(recordingId, error, history.rows.value) } });
      },
    });

    /** After a burst of changes: what is on screen and concerned is read again, once. */
    refreshChanged = () => {
      const ids = changedIds;
      changedIds = new Set();
      const state = get();
      if (started) queueQuery.submit(state.states);
      if (state.selectedJobId !== null && ids.has(state.selectedJobId)) state.reloadDetail();
      if (state.batch) batchQuery.submit(state.batch.id);
      if (state.history) historyQuery.submit(state.history.recordingId);
    };

    function submitQueue(): void {
      queueQuery.submit(get().states);
    }

    function loadDetail(id: number, quiet: boolean): void {
      const before = get().detail;
      set({ detail: quiet && before?.id === id ? reloadingItem(before) : loadingItem(id) });
      detailQuery.submit(id);
    }

    /** A job's newer copy (from an action's answer) put everywhere it is on screen. */
    function takeJob(job: PublishJobDetail): void {
      set((s) => ({
        shown: s.shown ? { ...s.shown, rows: replaceRow(s.shown.rows, job) } : null,
        detail: s.selectedJobId === job.id ? loadedItem(job.id, job) : s.detail,
        batch:
          s.batch?.view.value != null
            ? {
                ...s.batch,
                view: {
                  ...s.batch.view,
                  value: { ...s.batch.view.value, rows: replaceRow(s.batch.view.value.rows, job) },
                },
              }
            : s.batch,
        history:
          s.history?.rows.value != null
            ? {
                ...s.history,
                rows: { ...s.history.rows, value: replaceRow(s.history.rows.value, job) },
              }
            : s.history,
      }));
    }

    async function jobAction(
      id: number,
      action: JobAction,
      call: () => Promise<PublishJobDetail>,
    ): Promise<void> {
      if (get().jobBusy[id]) return;
      set((s) => ({ jobBusy: { ...s.jobBusy, [id]: action }, actionError: null }));
      try {
        takeJob(await call());
      } catch (error) {
        set({ actionError: errorMessage(error) });
      } finally {
        set((s) => {
          const jobBusy = { ...s.jobBusy };
          delete jobBusy[id];
          return { jobBusy };
        });
      }
    }

    async function queueAction(kind: 'pause' | 'resume'): Promise<void> {
      if (get().queueBusy) return;
      set({ queueBusy: kind, actionError: null });
      try {
        const status = await api.call(kind === 'pause' ? 'publish.pause' : 'publish.resume', {});
        set({ status, queueBusy: null });
      } catch (error) {
        set({ queueBusy: null, actionError: errorMessage(error) });
      }
    }

    function loadPlan(source: PlanSource): void {
      const input =
        'recordingIds' in source
          ? { recordingIds: source.recordingIds, showIds: [] }
          : { recordingIds: [], showIds: source.showIds };
      api.call('publish.plan', input).then(
        (plan) => {
          if (get().plan?.source !== source) return;
          set((s) =>
            s.plan ? { plan: { ...s.plan, plan: loadedItem(0, plan), options: plan.options } } : {},
          );
        },
        (error: unknown) => {
          if (get().plan?.source !== source) return;
          set((s) => (s.plan ? { plan: { ...s.plan, plan: failedItem(0, error) } } : {}));
        },
      );
    }

    return {
      states: [],
      shown: null,
      status: null,
      listError: null,
      actionError: null,
      queueBusy: null,
      jobBusy: {},
      selectedJobId: null,
      detail: null,
      plan: null,
      batch: null,
      history: null,

      start() {
        if (started) {
          get().refresh();
          return;
        }
        started = true;
        submitQueue();
      },

      refresh() {
        if (started) submitQueue();
        get().reloadDetail();
        const batch = get().batch;
        if (batch) batchQuery.submit(batch.id);
        const history = get().history;
        if (history) historyQuery.submit(history.recordingId);
      },

      setStates(states) {
        set({ states });
        submitQueue();
      },

      toggleState(state) {
        const states = get().states;
        get().setStates(
          states.includes(state) ? states.filter((s) => s !== state) : [...states, state],
        );
      },

      select(id) {
        if (id === get().selectedJobId) return;
        set({ selectedJobId: id });
        if (id === null) set({ detail: null });
        else loadDetail(id, false);
      },

      reloadDetail() {
        const id = get().selectedJobId;
        if (id !== null) loadDetail(id, true);
      },

      pause: () => queueAction('pause'),
      resume: () => queueAction('resume'),
      cancel: (id) => jobAction(id, 'cancel', () => api.call('publish.cancel', { id })),
      retry: (id) => jobAction(id, 'retry', () => api.call('publish.retry', { id })),
      check: (id) => jobAction(id, 'check', () => api.call('publish.check', { id })),
      markDone: (id, note = '') =>
        jobAction(id, 'markDone', () => api.call('publish.markDone', { id, note })),

      async reorder(id, beforeId) {
        if (get().jobBusy[id]) return;
        // The row moves at once; the core's answer (or a re-query after a refusal) settles it.
        set((s) => ({
          shown: s.shown ? { ...s.shown, rows: moveRow(s.shown.rows, id, beforeId) } : null,
          jobBusy: { ...s.jobBusy, [id]: 'reorder' },
          actionError: null,
        }));
        try {
          const { rows, status } = await api.call('publish.reorder', { id, beforeId });
          const states = get().states;
          if (states.length === 0) set({ shown: { states, rows }, status });
          else {
            set({ status });
            submitQueue();
          }
        } catch (error) {
          set({ actionError: errorMessage(error) });
          submitQueue();
        } finally {
          set((s) => {
            const jobBusy = { ...s.jobBusy };
            delete jobBusy[id];
            return { jobBusy };
          });
        }
      },

      dismissActionError() {
        set({ actionError: null });
      },

      openPlan(source) {
        set({
          plan: {
            source,
            plan: loadingItem(0),
            options: null,
            enqueuing: false,
            enqueueError: null,
          },
        });
        loadPlan(source);
      },

      setOptions(patch) {
        set((s) =>
          s.plan?.options ? { plan: { ...s.plan, options: { ...s.plan.options, ...patch } } } : {},
        );
      },

      closePlan() {
        set({ plan: null });
      },

      async confirm() {
        const current = get().plan;
        const plan = current?.plan.value;
        if (!current || !plan || current.enqueuing) return;
        const recordingIds = plannedRecordingIds(plan);
        if (recordingIds.length === 0) return;
        set({ plan: { ...current, enqueuing: true, enqueueError: null } });
        try {
          const view = await api.call('publish.enqueue', {
            recordingIds,
            options: current.options ?? plan.options,
          });
          set({ plan: null, batch: { id: view.id, view: loadedItem(0, view) } });
          if (started) submitQueue();
        } catch (error) {
          set((s) =>
            s.plan
              ? { plan: { ...s.plan, enqueuing: false, enqueueError: errorMessage(error) } }
              : {},
          );
        }
      },

      openBatch(batchId) {
        if (get().batch?.id === batchId) return;
        set({ batch: { id: batchId, view: loadingItem(0) } });
        batchQuery.submit(batchId);
      },

      closeBatch() {
        set({ batch: null });
      },

      showHistory(recordingId) {
        if (recordingId === null) {
          set({ history: null });
          return;
        }
        const before = get().history;
        set({
          history: {
            recordingId,
            rows:
              before?.recordingId === recordingId
                ? reloadingItem(before.rows)
                : loadingItem(recordingId),
          },
        });
        historyQuery.submit(recordingId);
      },
    };
  });

  function onProgress(tick: ProgressTick): void {
    store.setState((s) => {
      const patch: Partial<PublishState> = {};
      if (s.shown) {
        const rows = applyProgress(s.shown.rows, tick);
        if (rows !== s.shown.rows) patch.shown = { ...s.shown, rows };
      }
      const detail = s.detail?.value;
      if (detail && detail.id === tick.id && s.detail) {
        patch.detail = {
          ...s.detail,
          value: { ...detail, step: tick.step, progress: tick.progress },
        };
      }
      const batchView = s.batch?.view.value;
      if (s.batch && batchView) {
        const rows = applyProgress(batchView.rows, tick);
        if (rows !== batchView.rows) {
          patch.batch = { ...s.batch, view: { ...s.batch.view, value: { ...batchView, rows } } };
        }
      }
      const historyRows = s.history?.rows.value;
      if (s.history && historyRows) {
        const rows = applyProgress(historyRows, tick);
        if (rows !== historyRows) {
          patch.history = { ...s.history, rows: { ...s.history.rows, value: rows } };
        }
      }
      return patch;
    });
  }

  // Events from the core are subscribed once, here. Status (paused, counts) applies at once;
  // the lists re-query at most every PUBLISH_REFRESH_SPACING_MS; progress never re-queries.
  const unsubscribe = [
    api.on('publish.changed', ({ status, jobIds }) => {
      for (const id of jobIds) changedIds.add(id);
      store.setState({ status });
    }),
    refreshOnEvent(api, 'publish.changed', () => refreshChanged(), PUBLISH_REFRESH_SPACING_MS),
    api.on('publish.progress', onProgress),
  ];

  function dispose(): void {
    for (const off of unsubscribe) off();
  }

  return Object.assign(store, { dispose });
}

export type PublishStore = ReturnType<typeof createPublishStore>;

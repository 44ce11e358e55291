import { create } from 'zustand';
import type {
  CaptionPreview,
  LibraryStatus,
  RecordingDetail,
  RecordingDraft,
  RecordingRow,
  RecordingState,
  TranscriptionCompleted,
} from '../../shared/library';
import {
  draftProblems,
  editFromDraft,
  isDirty,
  saveInput,
  type DraftEdit,
} from '../features/transcriptions/draft-edit';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import { LatestQuery } from '../lib/latest-query';
import { failedItem, loadedItem, loadingItem, reloadingItem, type Loadable } from '../lib/loadable';
import { refreshOnEvent } from '../lib/refresh-on-event';
import {
  EMPTY_SELECTION,
  clearPicked,
  clickRow,
  dragSelect,
  isPicked,
  moveFocus,
  toggleFocused,
  toggleRow,
  type IdSource,
  type Selection,
  type SelectionActions,
} from '../lib/selection';

/** Library refreshes while a scan runs (one `library.changed` per batch) are spaced by this. */
const REFRESH_SPACING_MS = 400;

interface LibraryFilter {
  states: RecordingState[];
  text: string;
}

const EMPTY_LIBRARY_FILTER: LibraryFilter = { states: [], text: '' };

/** The list on screen and the question it answers. */
interface ShownRecordings {
  filter: LibraryFilter;
  rows: RecordingRow[];
}

/** The draft editor of one recording: what is saved, what is typed, and what the core said. */
export interface DraftState {
  id: number;
  saved: RecordingDraft;
  edit: DraftEdit;
  /** Notes of the last proposal or save ("2 chapters after the end were dropped"). */
  notes: string[];
  notesFrom: 'summary' | 'agenda' | 'save' | null;
  busy: 'summary' | 'agenda' | 'save' | null;
  error: string | null;
  /** When the last save from this window went through (the saved draft's `updatedAt`). */
  savedAt: string | null;
}

type FolderAction = { kind: 'add' } | { kind: 'remove'; path: string } | null;

interface LibraryState extends SelectionActions {
  status: LibraryStatus | null;
  statusError: string | null;
  /** What went wrong adding or removing a folder, scanning, or setting the interval. */
  folderError: string | null;
  folderAction: FolderAction;
  scanStarting: boolean;
  /** Said after a drop: what was added, or why nothing could be. */
  dropMessage: { tone: 'info' | 'warn' | 'error'; text: string } | null;

  filter: LibraryFilter;
  shown: ShownRecordings | null;
  listError: string | null;

  /** The recording in the detail pane (the focused row). */
  selectedId: number | null;
  /** The rows picked for a batch, as in the Shows list (every row is loaded here). */
  selection: Selection;
  detail: Loadable<RecordingDetail> | null;
  captions: Loadable<CaptionPreview> | null;
  linkBusy: boolean;
  linkError: string | null;
  /** The editors by recording: an unsaved draft survives selecting another recording. */
  drafts: Record<number, DraftState>;
  /** The last recording that became ready while this window was open. */
  completed: TranscriptionCompleted | null;

  start: () => void;
  loadStatus: () => Promise<void>;
  addFolder: (path: string) => Promise<boolean>;
  addDroppedFolders: (folders: string[], unknown: number) => Promise<void>;
  removeFolder: (path: string) => Promise<void>;
  scan: () => Promise<void>;
  setRescanInterval: (seconds: number) => Promise<void>;
  setDropMessage: (message: LibraryState['dropMessage']) => void;

  setText: (text: string) => void;
  toggleState: (state: RecordingState) => void;
  setStates: (states: RecordingState[]) => void;
  clearFilters: () => void;
  retry: () => void;
  refresh: () => void;

  /** Opens a recording in the detail pane; it becomes the only row picked. */
  select: (id: number | null) => void;
  /** The ids of the picked recordings, in list order. */
  selectedIds: () => number[];
  reloadDetail: () => void;
  link: (showId: number) => Promise<boolean>;
  unlink: () => Promise<void>;

  editDraft: (change: (edit: DraftEdit) => DraftEdit) => void;
  discardDraft: () => void;
  propose: (source: 'summary' | 'agenda', agenda?: string) => Promise<boolean>;
  saveDraft: () => Promise<void>;
  dismissCompleted: () => void;
}

function draftFor(id: number, saved: RecordingDraft): DraftState {
  return {
    id,
    saved,
    edit: editFromDraft(saved),
    notes: [],
    notesFrom: null,
    busy: null,
    error: null,
    savedAt: null,
  };
}

/**
 * The selection over a new list (a refresh, a filter): the same recordings stay picked where they
 * are still listed, and the focus follows the recording in the detail pane to its new row.
 */
function reindex(sel: Selection, rows: RecordingRow[], selectedId: number | null): Selection {
  const listed = new Set(rows.map((r) => r.id));
  const keep = (ids: ReadonlySet<number>) => new Set([...ids].filter((id) => listed.has(id)));
  const focus = selectedId === null ? -1 : rows.findIndex((r) => r.id === selectedId);
  const at = focus >= 0 ? focus : null;
  const picked = sel.picked.all ? sel.picked : { all: false, ids: keep(sel.picked.ids) };
  return { picked, anchor: at, focus: at, base: picked };
}

/** Whether the recording has typed changes not saved yet. */
export function draftIsDirty(draft: DraftState | undefined): boolean {
  return draft ? isDirty(draft.edit, draft.saved) : false;
}

/**
 * The Transcriptions screen's store, talking to the core through `api`. The app makes one
 * (`stores/index.ts`); a test makes its own with a fake API.
 */
export function createLibraryStore(api: Api) {
  let started = false;
  let detailSeq = 0;
  let dragStart: { selection: Selection; additive: boolean } | null = null;

  const store = create<LibraryState>()((set, get) => {
    const queries = new LatestQuery<LibraryFilter, { filter: LibraryFilter; rows: RecordingRow[] }>(
      {
        async run(filter) {
          const { rows } = await api.call('library.list', {
            states: filter.states,
            text: filter.text.trim(),
          });
          return { filter, rows };
        },
        apply({ filter, rows }) {
          set((s) => ({
            shown: { filter, rows },
            listError: null,
            selection: reindex(s.selection, rows, s.selectedId),
          }));
        },
        fail(error) {
          set({ listError: errorMessage(error) });
        },
      },
    );

    function submit(): void {
      queries.submit(get().filter);
    }

    function idSource(): IdSource {
      const rows = get().shown?.rows ?? [];
      return { total: rows.length, idAt: (index) => rows[index]?.id };
    }

    /** A new selection; the focused row's recording opens in the detail pane. */
    function setSelection(selection: Selection): void {
      set({ selection });
      const rows = get().shown?.rows ?? [];
      const focused = selection.focus === null ? undefined : rows[selection.focus];
      if (focused && focused.id !== get().selectedId) openDetail(focused.id);
    }

    function openDetail(id: number | null): void {
      if (id === get().selectedId) return;
      set({ selectedId: id, linkError: null });
      if (id === null) {
        detailSeq++;
        set({ detail: null, captions: null });
        return;
      }
      loadDetail(id, false);
    }

    function patchDraft(id: number, patch: Partial<DraftState>): void {
      set((s) => {
        const current = s.drafts[id];
        return current ? { drafts: { ...s.drafts, [id]: { ...current, ...patch } } } : {};
      });
    }

    /** A fresh detail: its draft replaces the editor's unless the operator has typed changes. */
    function takeDetail(value: RecordingDetail): void {
      set((s) => {
        const current = s.drafts[value.id];
        const keep =
          current &&
          (draftIsDirty(current) ||
            current.busy !== null ||
            JSON.stringify(current.saved) === JSON.stringify(value.draft));
        return {
          detail: loadedItem(value.id, value),
          drafts: keep
            ? s.drafts
            : {
                ...s.drafts,
                [value.id]: current
                  ? { ...current, saved: value.draft, edit: editFromDraft(value.draft) }
                  : draftFor(value.id, value.draft),
              },
        };
      });
    }

    /** What identifies the captions a detail points at: when it changes, the preview is reloaded. */
    function captionKey(detail: RecordingDetail | null | undefined): string {
      const c = detail?.caption;
      return c ? `${c.path}|${c.modifiedAt}|${c.sizeBytes}|${detail.captionCueCount}` : '-';
    }

    function loadCaptions(id: number, seq: number): void {
      set({ captions: loadingItem(id) });
      api.call('library.captions', { id }).then(
        (value) => {
          if (seq === detailSeq) set({ captions: loadedItem(id, value) });
        },
        (error: unknown) => {
          if (seq === detailSeq) set({ captions: failedItem(id, error) });
        },
      );
    }

    /**
     * Reads the recording (and its caption preview). A quiet reload (the library changed) keeps what
     * is on screen while it asks, and reads the captions again only when their file changed.
     */
    function loadDetail(id: number, quiet: boolean): void {
      const seq = ++detailSeq;
      const before = get().detail;
      const reuse = quiet && before?.id === id;
      set((s) => ({
        detail: reuse && before ? reloadingItem(before) : loadingItem(id),
        linkError: reuse ? s.linkError : null,
      }));
      if (!reuse) loadCaptions(id, seq);
      api.call('library.get', { id }).then(
        (value) => {
          if (seq !== detailSeq) return;
          const captionsChanged = reuse && captionKey(before?.value) !== captionKey(value);
          takeDetail(value);
          if (captionsChanged || (reuse && get().captions?.error)) loadCaptions(id, seq);
        },
        (error: unknown) => {
          if (seq !== detailSeq) return;
          set((s) => ({
            detail: failedItem(id, error, s.detail?.id === id ? s.detail.value : null),
          }));
        },
      );
    }

    async function folderCall(
      action: FolderAction,
      call: () => Promise<LibraryStatus>,
    ): Promise<boolean> {
      set({ folderAction: action, folderError: null });
      try {
        const status = await call();
        set({ status, statusError: null, folderAction: null });
        submit();
        return true;
      } catch (error) {
        set({ folderError: errorMessage(error), folderAction: null });
        return false;
      }
    }

    return {
      status: null,
      statusError: null,
      folderError: null,
      folderAction: null,
      scanStarting: false,
      dropMessage: null,
      filter: EMPTY_LIBRARY_FILTER,
      shown: null,
      listError: null,
      selectedId: null,
      selection: EMPTY_SELECTION,
      detail: null,
      captions: null,
      linkBusy: false,
      linkError: null,
      drafts: {},
      completed: null,

      start() {
        if (started) {
          // Back on the screen: bring everything up to date.
          get().refresh();
          return;
        }
        started = true;
        submit();
        void get().loadStatus();
      },

      async loadStatus() {
        try {
          set({ status: await api.call('library.status', {}), statusError: null });
        } catch (error) {
          set({ statusError: errorMessage(error) });
        }
      },

      addFolder(path) {
        return folderCall({ kind: 'add' }, () => api.call('library.folders.add', { path }));
      },

      async addDroppedFolders(folders, unknown) {
        if (folders.length === 0) {
          set({
            dropMessage: {
              tone: 'warn',
              text:
                unknown > 0
                  ? 'Dropping files works in the desktop app. In a browser, type the folder path in “Add folder” instead.'
                  : 'Nothing to add: drop a folder of recordings, or a recording file.',
            },
          });
          return;
        }
        const added: string[] = [];
        const failed: string[] = [];
        for (const path of folders) {
          set({ folderAction: { kind: 'add' }, folderError: null });
          try {
            const status = await api.call('library.folders.add', { path });
            set({ status, statusError: null });
            added.push(path);
          } catch (error) {
            failed.push(`${path}: ${errorMessage(error)}`);
          }
        }
        set({ folderAction: null });
        submit();
        const parts: string[] = [];
        if (added.length > 0) {
          parts.push(
            `Added ${added.length === 1 ? `the folder ${added[0] ?? ''}` : `${added.length} folders`}; scanning it now.`,
          );
        }
        if (failed.length > 0) parts.push(`Could not add ${failed.join('; ')}`);
        if (unknown > 0) parts.push(`${unknown} dropped item(s) had no path and were skipped.`);
        set({
          dropMessage: { tone: failed.length > 0 ? 'error' : 'info', text: parts.join(' ') },
        });
      },

      async removeFolder(path) {
        await folderCall({ kind: 'remove', path }, () =>
          api.call('library.folders.remove', { path }),
        );
      },

      async scan() {
        if (get().scanStarting) return;
        set({ scanStarting: true, folderError: null });
        try {
          const status = await api.call('library.scan', {});
          set({ status, statusError: null, scanStarting: false });
        } catch (error) {
          set({ folderError: errorMessage(error), scanStarting: false });
        }
      },

      async setRescanInterval(seconds) {
        set({ folderError: null });
        try {
          const status = await api.call('library.schedule', { rescanIntervalSec: seconds });
          set({ status, statusError: null });
        } catch (error) {
          set({ folderError: errorMessage(error) });
        }
      },

      setDropMessage(message) {
        set({ dropMessage: message });
      },

      setText(text) {
        set((s) => ({ filter: { ...s.filter, text } }));
        submit();
      },

      toggleState(state) {
        const states = get().filter.states;
        get().setStates(
          states.includes(state) ? states.filter((s) => s !== state) : [...states, state],
        );
      },

      setStates(states) {
        set((s) => ({ filter: { ...s.filter, states } }));
        submit();
      },

      clearFilters() {
        set({ filter: EMPTY_LIBRARY_FILTER });
        submit();
      },

      retry() {
        set({ listError: null });
        submit();
        void get().loadStatus();
      },

      refresh() {
        if (!started) return;
        submit();
        void get().loadStatus();
        get().reloadDetail();
      },

      select(id) {
        if (id !== null) {
          const index = get().shown?.rows.findIndex((r) => r.id === id) ?? -1;
          set({
            selection:
              index >= 0
                ? clickRow(get().selection, index, idSource(), {})
                : { ...EMPTY_SELECTION, picked: { all: false, ids: new Set([id]) } },
          });
        }
        openDetail(id);
      },

      click(index, mods) {
        setSelection(clickRow(get().selection, index, idSource(), mods));
      },

      toggleAt(index) {
        setSelection(toggleRow(get().selection, index, idSource()));
      },

      move(key, mods, pageRows) {
        const next = moveFocus(get().selection, key, idSource(), pageRows, mods);
        setSelection(next);
        return next.focus;
      },

      toggleFocused() {
        setSelection(toggleFocused(get().selection, idSource()));
      },

      selectAll() {
        const rows = get().shown?.rows ?? [];
        const picked = { all: false, ids: new Set(rows.map((r) => r.id)) };
        set((s) => ({ selection: { ...s.selection, picked, base: picked } }));
      },

      clearSelection() {
        set((s) => ({ selection: clearPicked(s.selection) }));
      },

      beginDrag(additive) {
        dragStart = { selection: get().selection, additive };
      },

      dragTo(band) {
        if (!dragStart) return;
        set({ selection: dragSelect(dragStart.selection, band, idSource(), dragStart.additive) });
      },

      endDrag() {
        if (!dragStart) return;
        dragStart = null;
        setSelection(get().selection);
      },

      selectedIds() {
        const { shown, selection } = get();
        return (shown?.rows ?? []).filter((r) => isPicked(selection.picked, r.id)).map((r) => r.id);
      },

      reloadDetail() {
        const id = get().selectedId;
        if (id !== null) loadDetail(id, true);
      },

      async link(showId) {
        const id = get().selectedId;
        if (id === null) return false;
        set({ linkBusy: true, linkError: null });
        try {
          const value = await api.call('library.link', { id, showId });
          if (get().selectedId === id) takeDetail(value);
          set({ linkBusy: false });
          submit();
          return true;
        } catch (error) {
          set({ linkBusy: false, linkError: errorMessage(error) });
          return false;
        }
      },

      async unlink() {
        const id = get().selectedId;
        if (id === null) return;
        set({ linkBusy: true, linkError: null });
        try {
          const value = await api.call('library.unlink', { id });
          if (get().selectedId === id) takeDetail(value);
          set({ linkBusy: false });
          submit();
        } catch (error) {
          set({ linkBusy: false, linkError: errorMessage(error) });
        }
      },

      editDraft(change) {
        const id = get().selectedId;
        const draft = id === null ? undefined : get().drafts[id];
        if (id === null || !draft) return;
        patchDraft(id, { edit: change(draft.edit), error: null });
      },

      discardDraft() {
        const id = get().selectedId;
        const draft = id === null ? undefined : get().drafts[id];
        if (id === null || !draft) return;
        patchDraft(id, {
          edit: editFromDraft(draft.saved),
          notes: [],
          notesFrom: null,
          error: null,
        });
      },

      async propose(source, agenda) {
        const id = get().selectedId;
        if (id === null || !get().drafts[id]) return false;
        patchDraft(id, { busy: source, error: null });
        try {
          const proposal =
            source === 'agenda'
              ? await api.call('library.draft.propose', { id, source, agenda: agenda ?? '' })
              : await api.call('library.draft.propose', { id, source });
          // Fills the editor; nothing is saved until Save.
          patchDraft(id, {
            busy: null,
            edit: editFromDraft(proposal),
            notes: proposal.notes,
            notesFrom: source,
          });
          return true;
        } catch (error) {
          patchDraft(id, { busy: null, error: errorMessage(error) });
          return false;
        }
      },

      async saveDraft() {
        const id = get().selectedId;
        const draft = id === null ? undefined : get().drafts[id];
        if (id === null || !draft || draft.busy) return;
        const duration = get().detail?.value?.durationSec ?? null;
        if (draftProblems(draft.edit, duration).count > 0) {
          patchDraft(id, { error: 'Fix the fields marked in red first.' });
          return;
        }
        const sent = draft.edit;
        patchDraft(id, { busy: 'save', error: null });
        try {
          const saved = await api.call('library.draft.save', saveInput(id, sent));
          set((s) => {
            const current = s.drafts[id];
            if (!current) return {};
            // Typed on while it saved: keep the newer typing (still unsaved).
            const edit = current.edit === sent ? editFromDraft(saved) : current.edit;
            return {
              drafts: {
                ...s.drafts,
                [id]: {
                  ...current,
                  saved,
                  edit,
                  busy: null,
                  notes: saved.notes,
                  notesFrom: 'save',
                  savedAt: saved.updatedAt ?? new Date().toISOString(),
                },
              },
            };
          });
          submit();
        } catch (error) {
          patchDraft(id, { busy: null, error: errorMessage(error) });
        }
      },

      dismissCompleted() {
        set({ completed: null });
      },
    };
  });

  // Events from the core are subscribed once, here, not in components. A scan sends one
  // `library.changed` per batch: the counts update at once, the rest at most every 400 ms.
  const unsubscribe = [
    api.on('library.changed', ({ counts, scanning }) => {
      store.setState((s) => (s.status ? { status: { ...s.status, counts, scanning } } : {}));
    }),
    refreshOnEvent(api, 'library.changed', () => store.getState().refresh(), REFRESH_SPACING_MS),
    api.on('transcription.completed', (completed) => store.setState({ completed })),
  ];

  function dispose(): void {
    for (const off of unsubscribe) off();
  }

  return Object.assign(store, { dispose });
}

export type LibraryStore = ReturnType<typeof createLibraryStore>;

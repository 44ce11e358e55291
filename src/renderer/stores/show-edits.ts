import { create } from 'zustand';
import type {
  MetadataSyncResult,
  ShowEditInput,
  ShowEdits,
  ShowMetadataView,
} from '../../shared/catalog';
import { changesOf, formValuesOf, type FormValues } from '../features/shows/metadata-form';
import type { Api } from '../lib/api';
import { busyAction, type FieldProblem } from '../lib/busy-action';

export type EditProblem = FieldProblem;

interface Editor {
  showId: number;
  metadata: ShowMetadataView;
  /** What the form started from: Cablecast's copy with the edits already made laid over it. */
  initial: FormValues;
  values: FormValues;
}

interface ShowEditsState {
  /** Shows with edits not on Cablecast yet, and those in conflict. */
  counts: { unpushed: number; inConflict: number } | null;
  editor: Editor | null;
  /** Opening the editor, saving, pushing or settling: the pane's buttons wait. */
  busy: boolean;
  problem: EditProblem | null;
  /** What the last "Push now" did, for the pane to say. */
  lastPush: { showIds: number[] | null; result: MetadataSyncResult } | null;

  loadCounts: () => Promise<void>;
  open: (showId: number, edits: ShowEdits | null) => Promise<void>;
  setValue: (key: string, value: string) => void;
  close: () => void;
  /** Resolves true when the core kept the edits (the form closes). */
  save: () => Promise<boolean>;
  discard: (showId: number, keys?: string[]) => Promise<void>;
  resolve: (showId: number, take: { key: string; side: 'local' | 'server' }[]) => Promise<void>;
  push: (showIds?: number[]) => Promise<void>;
}

/** The Shows detail pane's metadata editor, and the counts the filters show. */
export function createShowEditsStore(api: Api) {
  const store = create<ShowEditsState>()((set, get) => {
    const act = busyAction(get, set);

    return {
      counts: null,
      editor: null,
      busy: false,
      problem: null,
      lastPush: null,

      async loadCounts() {
        try {
          set({ counts: await api.call('shows.editCounts', {}) });
        } catch {
          // The filters work without their counts.
        }
      },

      async open(showId, edits) {
        await act(async () => {
          const metadata = await api.call('shows.metadata', { id: showId });
          const initial = formValuesOf(metadata, edits);
          set({ editor: { showId, metadata, initial, values: initial }, lastPush: null });
        });
      },

      setValue(key, value) {
        const editor = get().editor;
        if (!editor) return;
        set({ editor: { ...editor, values: { ...editor.values, [key]: value } } });
      },

      close() {
        set({ editor: null, problem: null });
      },

      async save() {
        const editor = get().editor;
        if (!editor) return false;
        const changes: ShowEditInput['changes'] = changesOf(
          editor.metadata,
          editor.initial,
          editor.values,
        );
        if (Object.keys(changes).length === 0) {
          set({ editor: null, problem: null });
          return true;
        }
        const ok = await act(async () => {
          await api.call('shows.edit', { id: editor.showId, changes });
        });
        if (ok) set({ editor: null });
        return ok;
      },

      async discard(showId, keys) {
        await act(async () => {
          await api.call('shows.discardEdits', keys ? { id: showId, keys } : { id: showId });
        });
      },

      async resolve(showId, take) {
        await act(async () => {
          await api.call('shows.resolveEdits', { id: showId, take });
        });
      },

      async push(showIds) {
        await act(async () => {
          const result = await api.call('shows.pushEdits', showIds ? { ids: showIds } : {});
          set({ lastPush: { showIds: showIds ?? null, result } });
        });
      },
    };
  });

  const off = api.on('shows.editsChanged', ({ unpushed, inConflict }) => {
    store.setState({ counts: { unpushed, inConflict } });
  });
  return Object.assign(store, { dispose: off });
}

export type ShowEditsStore = ReturnType<typeof createShowEditsStore>;

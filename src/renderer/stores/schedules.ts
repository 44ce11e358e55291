import { create } from 'zustand';
import type { ScheduleSpec, ScheduleView, SchedulesStatus } from '../../shared/schedules';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import { fieldProblemOf, type FieldProblem } from '../lib/busy-action';

/** A refused action, with the field it is about (`spec.expression`) when the core named one. */
export type ScheduleProblem = FieldProblem;

interface SchedulesState {
  status: SchedulesStatus | null;
  loadError: string | null;
  /** Schedules with a call in flight (their buttons wait). */
  busy: Record<string, boolean>;
  /** The last refused action per schedule, shown on its row. */
  problems: Record<string, ScheduleProblem>;
  load: () => Promise<void>;
  runNow: (id: string) => Promise<void>;
  pause: (id: string) => Promise<void>;
  resume: (id: string) => Promise<void>;
  /** Resolves true when the core took it (the editor closes). */
  update: (id: string, spec: ScheduleSpec | null) => Promise<boolean>;
  clearProblem: (id: string) => void;
}

const problemOf = fieldProblemOf;

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const next = { ...record };
  delete next[key];
  return next;
}

/** The Schedules section of Settings: each schedule's last and next run, and its controls. */
export function createSchedulesStore(api: Api) {
  const store = create<SchedulesState>()((set, get) => {
    /** One call for one schedule: its row waits, its answer replaces the row. */
    async function act(id: string, call: () => Promise<ScheduleView>): Promise<boolean> {
      if (get().busy[id]) return false;
      set((s) => ({ busy: { ...s.busy, [id]: true }, problems: without(s.problems, id) }));
      try {
        const view = await call();
        set((s) => ({
          busy: without(s.busy, id),
          status: s.status && {
            ...s.status,
            schedules: s.status.schedules.map((row) => (row.id === id ? view : row)),
          },
        }));
        return true;
      } catch (error) {
        set((s) => ({
          busy: without(s.busy, id),
          problems: { ...s.problems, [id]: problemOf(error) },
        }));
        return false;
      }
    }

    return {
      status: null,
      loadError: null,
      busy: {},
      problems: {},

      async load() {
        try {
          set({ status: await api.call('schedules.list', {}), loadError: null });
        } catch (error) {
          set({ loadError: errorMessage(error) });
        }
      },

      async runNow(id) {
        await act(id, () => api.call('schedules.runNow', { id }));
      },
      async pause(id) {
        await act(id, () => api.call('schedules.pause', { id }));
      },
      async resume(id) {
        await act(id, () => api.call('schedules.resume', { id }));
      },
      update(id, spec) {
        return act(id, () => api.call('schedules.update', { id, spec }));
      },
      clearProblem(id) {
        set((s) => ({ problems: without(s.problems, id) }));
      },
    };
  });

  // A run started or ended, or another window changed a schedule: the whole list, as the core has it.
  const dispose = api.on('schedules.changed', (status) => store.setState({ status }));
  return Object.assign(store, { dispose });
}

export type SchedulesStore = ReturnType<typeof createSchedulesStore>;

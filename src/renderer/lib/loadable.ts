import { errorMessage } from './api-error';

/** One item read from the core for a pane: which one, what came back, and whether it is on its way. */
export interface Loadable<T> {
  id: number;
  value: T | null;
  loading: boolean;
  error: string | null;
}

/** Asked for, nothing to show yet. */
export function loadingItem<T>(id: number): Loadable<T> {
  return { id, value: null, loading: true, error: null };
}

/** Asked for again, what is on screen stays while the core answers. */
export function reloadingItem<T>(current: Loadable<T>): Loadable<T> {
  return { ...current, loading: true };
}

export function loadedItem<T>(id: number, value: T): Loadable<T> {
  return { id, value, loading: false, error: null };
}

/** The read failed; `value` is what may stay on screen beside the error. */
export function failedItem<T>(id: number, error: unknown, value: T | null = null): Loadable<T> {
  return { id, value, loading: false, error: errorMessage(error) };
}

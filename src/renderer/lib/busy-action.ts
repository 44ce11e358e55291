import { ApiError, errorMessage } from './api-error';

/** What the core refused, in words, with the field it named (`changes.categoryId`), if any. */
export interface FieldProblem {
  message: string;
  path: string | null;
}

export function fieldProblemOf(error: unknown): FieldProblem {
  return {
    message: errorMessage(error),
    path: error instanceof ApiError ? (error.path ?? null) : null,
  };
}

/**
 * One action at a time for a pane: `busy` while it runs (its buttons wait), and what the core
 * refused kept as `problem`. Resolves true when the action went through, false otherwise (or when
 * another was still running).
 */
export function busyAction(
  get: () => { busy: boolean },
  set: (patch: { busy?: boolean; problem?: FieldProblem | null }) => void,
): (work: () => Promise<void>) => Promise<boolean> {
  return async (work) => {
    if (get().busy) return false;
    set({ busy: true, problem: null });
    try {
      await work();
      return true;
    } catch (error) {
      set({ problem: fieldProblemOf(error) });
      return false;
    } finally {
      set({ busy: false });
    }
  };
}

import type { ReactNode } from 'react';
import { RetryAlert } from './RetryAlert';

/**
 * What a detail pane shows until its item is there: a hint when nothing is selected, the error
 * (with Try again) or a loading line while the selected item has no value yet.
 */
export function DetailStatus({
  detail,
  hint,
  keys,
  errorText,
  loadingText,
  onRetry,
}: {
  /** The selected item's load state (a store's `Loadable`), or null when none is selected. */
  detail: { value: unknown; loading: boolean; error: string | null } | null;
  hint: ReactNode;
  /** The keyboard hint under `hint`. */
  keys: ReactNode;
  /** What could not be read, e.g. "This show could not be read"; the error follows. */
  errorText: string;
  loadingText: string;
  onRetry: () => void;
}) {
  if (!detail) {
    return (
      <div className="detail-empty muted">
        <p>{hint}</p>
        <p className="hint-keys">{keys}</p>
      </div>
    );
  }
  if (detail.value !== null) return null;
  return (
    <>
      {detail.error ? (
        <RetryAlert onRetry={onRetry}>
          {errorText}: {detail.error}
        </RetryAlert>
      ) : null}
      {detail.loading ? <p className="muted">{loadingText}</p> : null}
    </>
  );
}

import type { ReactNode } from 'react';

/** What a list or pane says when it has nothing to show, and what to do about it. */
export function EmptyState({
  title,
  children,
  action,
  testId,
  className,
}: {
  title: ReactNode;
  /** The explanation, shown muted under the title. */
  children: ReactNode;
  action?: { label: string; onClick: () => void; primary?: boolean; disabled?: boolean };
  testId?: string;
  /** Classes added to `empty-state`. */
  className?: string;
}) {
  return (
    <div
      className={className ? `empty-state ${className}` : 'empty-state'}
      role="status"
      data-testid={testId}
    >
      <p className="empty-title">{title}</p>
      <p className="muted">{children}</p>
      {action ? (
        <button
          type="button"
          className={action.primary ? 'btn btn-primary' : 'btn'}
          onClick={action.onClick}
          disabled={action.disabled}
        >
          {action.label}
        </button>
      ) : null}
    </div>
  );
}

/** The empty state while the first answer is on its way. */
export function LoadingState({ text }: { text: string }) {
  return (
    <div className="empty-state" role="status">
      <p className="muted">{text}</p>
    </div>
  );
}

/** The empty state when the list could not be read at all: the reason, and Try again. */
export function ErrorState({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: string;
  onRetry: () => void;
}) {
  return (
    <div className="empty-state" role="alert">
      <p className="empty-title">{title}</p>
      <p>{error}</p>
      <button type="button" className="btn" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

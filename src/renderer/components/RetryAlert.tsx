import type { ReactNode } from 'react';

/** An error said in words (`children`), followed by a Try again link. */
export function RetryAlert({
  children,
  onRetry,
  className = 'alert alert-error',
  inline = false,
}: {
  children: ReactNode;
  onRetry: () => void;
  className?: string;
  /** A `<span>` inside a line of text rather than a `<div>` block. */
  inline?: boolean;
}) {
  const Tag = inline ? 'span' : 'div';
  return (
    <Tag className={className} role="alert">
      {children}{' '}
      <button type="button" className="link" onClick={onRetry}>
        Try again
      </button>
    </Tag>
  );
}

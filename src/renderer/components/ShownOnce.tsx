import { useState, type ReactNode } from 'react';

/**
 * A secret the app just made (a webhook's signing secret, an API token), shown this once with
 * Copy and Done: only its hash or its keychain entry is kept, so it cannot be shown again.
 */
export function ShownOnce(props: {
  label: string;
  value: string;
  testId: string;
  onDone: () => void;
  children: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert alert-info webhook-secret" role="status" aria-label={props.label}>
      <p>{props.children}</p>
      <code className="secret-value" data-testid={props.testId}>
        {props.value}
      </code>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            void navigator.clipboard?.writeText(props.value).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setCopied(false);
            props.onDone();
          }}
        >
          Done
        </button>
      </div>
    </div>
  );
}

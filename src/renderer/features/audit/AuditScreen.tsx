import { useEffect, useId, useState } from 'react';
import type { AuditEntry } from '../../../shared/access';
import { useAccessStore } from '../../stores';
import { formatInstant } from '../shows/format';

/** The actions an operator looks for, by the contract's prefixes. */
const ACTION_GROUPS = [
  { value: '', label: 'Every action' },
  { value: 'session.', label: 'Sign-ins and sign-outs' },
  { value: 'publish.', label: 'Publishing (queue, retry, mark done)' },
  { value: 'publish.enqueue', label: 'Publish' },
  { value: 'library.', label: 'Recordings (link, drafts, folders)' },
  { value: 'shows.', label: 'Show metadata edits' },
  { value: 'sync.', label: 'Catalog syncs' },
  { value: 'settings.', label: 'Settings' },
  { value: 'connection.', label: 'Cablecast connection' },
  { value: 'webhooks.', label: 'Webhooks' },
  { value: 'tokens.', label: 'API tokens' },
  { value: 'schedules.', label: 'Schedules' },
] as const;

/** A few actions in words; the rest by their contract name. */
const ACTION_WORDS: Record<string, string> = {
  'session.signIn': 'Sign in',
  'session.signOut': 'Sign out',
  'sso.setClientSecret': 'Set the sign-in client secret',
  'sso.clearClientSecret': 'Remove the sign-in client secret',
  'settings.export': 'Export settings',
  'audit.export': 'Export the audit trail',
  'publish.enqueue': 'Publish',
  'publish.retry': 'Retry publish',
  'publish.cancel': 'Cancel publish',
  'publish.markDone': 'Mark done',
  'publish.check': 'Check on server',
  'library.link': 'Link to show',
  'library.unlink': 'Unlink',
  'library.draft.save': 'Save draft',
  'shows.edit': 'Edit metadata',
  'settings.update': 'Change settings',
  'sync.start': 'Sync the catalog',
  'sync.cancel': 'Stop the sync',
  'settings.import': 'Import settings',
  'tokens.create': 'Make API token',
  'tokens.revoke': 'Revoke API token',
  'webhooks.add': 'Add webhook endpoint',
  'webhooks.remove': 'Remove webhook endpoint',
  'webhooks.rotate': 'Rotate webhook secret',
};

function download(csv: string): void {
  const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `archivist-audit-${new Date().toISOString().slice(0, 10)}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function Outcome({ entry }: { entry: AuditEntry }) {
  if (entry.outcome === 'ok') return <span className="badge tone-ok">Done</span>;
  const refused = entry.outcome === 'FORBIDDEN' || entry.outcome === 'INVALID_ARGUMENT';
  return (
    <span className={`badge ${refused ? 'tone-warn' : 'tone-bad'}`} title={entry.message}>
      {refused ? 'Refused' : 'Failed'} ({entry.outcome})
    </span>
  );
}

/** Who did what and when: every change, newest first, filtered, exported as CSV. */
export function AuditScreen() {
  const id = useId();
  const filter = useAccessStore((s) => s.filter);
  const entries = useAccessStore((s) => s.entries);
  const total = useAccessStore((s) => s.total);
  const loading = useAccessStore((s) => s.auditLoading);
  const error = useAccessStore((s) => s.auditError);
  const [actor, setActor] = useState(filter.actor);
  const [exported, setExported] = useState<string | null>(null);
  const store = () => useAccessStore.getState();

  useEffect(() => {
    void store().loadAudit();
  }, []);

  // The actor box searches as one types, a moment after the last key.
  useEffect(() => {
    if (actor === store().filter.actor) return;
    const timer = setTimeout(() => void store().setFilter({ actor }), 250);
    return () => clearTimeout(timer);
  }, [actor]);

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-head">
        <h1 id="screen-title">Audit trail</h1>
        <div className="form-actions">
          <span className="muted" data-testid="audit-total" aria-live="polite">
            {total} {total === 1 ? 'entry' : 'entries'}
          </span>
          <button type="button" className="btn btn-small" onClick={() => void store().loadAudit()}>
            Refresh
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={total === 0}
            onClick={() => {
              void store()
                .exportCsv()
                .then((result) => {
                  if (!result) return;
                  download(result.csv);
                  setExported(
                    `${result.count} ${result.count === 1 ? 'entry' : 'entries'} saved as CSV.`,
                  );
                });
            }}
          >
            Export CSV
          </button>
        </div>
      </header>
      <p className="hint">
        Every change made here, on the browser host or with an API token: sign-ins, links, drafts
        and metadata edits, publishes, retries, settings, tokens and webhooks, refused ones too.
        Entries are never changed or removed.
      </p>
      <div className="audit-filters" role="group" aria-label="Audit filters">
        <div className="field">
          <label htmlFor={`${id}-actor`}>Who</label>
          <input
            id={`${id}-actor`}
            type="search"
            placeholder="a name or a token"
            value={actor}
            onChange={(e) => setActor(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>Action</label>
          <select
            id={`${id}-action`}
            value={filter.action}
            onChange={(e) => void store().setFilter({ action: e.target.value })}
          >
            {ACTION_GROUPS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-outcome`}>Outcome</label>
          <select
            id={`${id}-outcome`}
            value={filter.outcome}
            onChange={(e) =>
              void store().setFilter({ outcome: e.target.value as 'any' | 'ok' | 'failed' })
            }
          >
            <option value="any">Any</option>
            <option value="ok">Done</option>
            <option value="failed">Refused or failed</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From (UTC)</label>
          <input
            id={`${id}-from`}
            type="date"
            value={filter.from ?? ''}
            onChange={(e) => void store().setFilter({ from: e.target.value || null })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To (UTC)</label>
          <input
            id={`${id}-to`}
            type="date"
            value={filter.to ?? ''}
            onChange={(e) => void store().setFilter({ to: e.target.value || null })}
          />
        </div>
      </div>
      {error ? (
        <p className="alert alert-error" role="alert">
          The audit trail could not be read: {error}
        </p>
      ) : null}
      {exported ? <p className="muted">{exported}</p> : null}
      {entries.length === 0 && !loading ? (
        <p className="muted">Nothing matches these filters.</p>
      ) : (
        <table className="webhook-log audit-table" aria-label="Audit trail">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">On</th>
              <th scope="col">Outcome</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-action={e.action} data-outcome={e.outcome}>
                <td>{formatInstant(e.at)}</td>
                <td>
                  {e.actor} <span className="muted">({e.transport})</span>
                </td>
                <td className="audit-action">
                  {ACTION_WORDS[e.action] ?? e.action}{' '}
                  {ACTION_WORDS[e.action] ? <code className="muted">{e.action}</code> : null}
                </td>
                <td>{e.target}</td>
                <td>
                  <Outcome entry={e} />
                </td>
                <td className="audit-detail">
                  {e.detail === '' ? null : <code title={e.detail}>{e.detail}</code>}
                  {e.message ? <div className="muted">{e.message}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.length < total ? (
        <button
          type="button"
          className="btn"
          disabled={loading}
          onClick={() => void store().loadMore()}
        >
          Show older ({total - entries.length} more)
        </button>
      ) : null}
    </section>
  );
}

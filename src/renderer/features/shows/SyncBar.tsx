import type { SyncStatus } from '../../../shared/catalog';
import { RetryAlert } from '../../components/RetryAlert';
import { useNow } from '../../hooks/use-now';
import { useAppStore, useSettingsStore, useSyncStore } from '../../stores';
import {
  formatAgo,
  formatCount,
  formatInstant,
  plural,
  syncPhaseLabel,
  warningDetail,
} from './format';

function lastSync(status: SyncStatus): { at: string | null; mode: string } {
  const full = status.lastFullSyncAt;
  const incremental = status.lastIncrementalSyncAt;
  if (full && (!incremental || full >= incremental)) return { at: full, mode: 'full' };
  return { at: incremental, mode: 'incremental' };
}

function Progress({ status }: { status: SyncStatus }) {
  const known = status.total > 0;
  const percent = known ? Math.min(100, Math.round((status.done / status.total) * 100)) : null;
  const label = `${syncPhaseLabel(status.phase)}${
    known ? `: ${formatCount(status.done)} of ${formatCount(status.total)}` : '…'
  }`;
  return (
    <div className="sync-progress" data-testid="sync-progress">
      <div
        className={known ? 'progress' : 'progress indeterminate'}
        role="progressbar"
        aria-label={`${status.mode === 'full' ? 'Full sync' : 'Sync'} progress`}
        aria-valuemin={0}
        aria-valuemax={known ? status.total : undefined}
        aria-valuenow={known ? status.done : undefined}
        aria-valuetext={label}
      >
        <div
          className="progress-fill"
          style={{ width: percent === null ? undefined : `${percent}%` }}
        />
      </div>
      <span className="sync-phase" aria-live="polite">
        {label}
      </span>
    </div>
  );
}

/** Sync now, full sync, progress, cancel, and when it last ran. */
export function SyncControls() {
  const status = useSyncStore((s) => s.status);
  const starting = useSyncStore((s) => s.starting);
  const cancelling = useSyncStore((s) => s.cancelling);
  const syncNow = useSyncStore((s) => s.syncNow);
  const start = useSyncStore((s) => s.start);
  const cancel = useSyncStore((s) => s.cancel);
  const now = useNow();
  const cablecast = useSettingsStore((s) => s.view?.settings.cablecast);
  const running = status?.running ?? false;
  const last = status ? lastSync(status) : null;
  const noServer = cablecast?.mode === 'server' && cablecast.serverUrl.trim() === '';
  const blocked = starting || !status || noServer;
  const why = noServer ? 'Set up a Cablecast server in Settings first' : null;

  return (
    <div className="sync-row" role="group" aria-label="Catalog sync">
      {running ? (
        <>
          {status ? <Progress status={status} /> : null}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void cancel()}
            disabled={cancelling}
          >
            {cancelling ? 'Cancelling…' : 'Cancel sync'}
          </button>
        </>
      ) : (
        <>
          {status && last ? (
            <span
              className="sync-last"
              data-testid="last-sync"
              title={last.at ? `Last ${last.mode} sync: ${formatInstant(last.at)}` : undefined}
            >
              {last.at ? `Synced ${formatAgo(last.at, now)}` : 'Never synced'}
              {status.phase === 'done'
                ? ` · ${formatCount(status.added)} new, ${formatCount(status.updated)} updated, ${formatCount(status.deleted)} deleted`
                : ''}
            </span>
          ) : null}
          <button
            type="button"
            className="btn btn-primary btn-small"
            onClick={() => void syncNow()}
            disabled={blocked}
            title={why ?? 'Copy what changed on the Cablecast server since the last sync'}
          >
            {starting ? 'Starting…' : 'Sync now'}
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void start('full')}
            disabled={blocked}
            title={why ?? 'Read every show again from the Cablecast server (finds anything missed)'}
          >
            Full sync
          </button>
        </>
      )}
    </div>
  );
}

/** What the last sync did and what went wrong, in words, with the skipped records. */
export function SyncMessages() {
  const status = useSyncStore((s) => s.status);
  const loadError = useSyncStore((s) => s.loadError);
  const actionError = useSyncStore((s) => s.actionError);
  const go = useAppStore((s) => s.go);
  const running = status?.running ?? false;
  const settingsProblem =
    actionError &&
    (actionError.code === 'FAILED_PRECONDITION' ||
      actionError.code === 'UNAUTHENTICATED' ||
      actionError.code === 'PERMISSION_DENIED');

  return (
    <section className="sync-messages" aria-label="Sync messages">
      {loadError ? (
        <RetryAlert
          className="alert alert-error sync-alert"
          onRetry={() => void useSyncStore.getState().load()}
        >
          The sync status could not be read: {loadError}
        </RetryAlert>
      ) : null}
      {actionError ? (
        <div className="alert alert-error sync-alert" role="alert">
          {actionError.message}
          {settingsProblem ? (
            <>
              {' '}
              <button type="button" className="link" onClick={() => go('settings')}>
                Open Settings
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {status && !running && status.phase === 'failed' && status.error ? (
        <div className="alert alert-error sync-alert" role="alert">
          <strong>The last sync failed.</strong> {status.error} Shows synced before the failure are
          kept; the next sync resumes from there.
        </div>
      ) : null}
      {status && !running && status.phase === 'cancelled' ? (
        <p className="sync-note muted" role="status">
          The last sync was cancelled. Shows copied before that are kept; Sync now carries on.
        </p>
      ) : null}
      {status && status.warnings.length > 0 ? (
        <details className="sync-warnings">
          <summary>
            {plural(status.warnings.length, 'record')} skipped: they do not match what Cablecast
            should send
          </summary>
          <ul className="warning-list">
            {status.warnings.map((w, i) => (
              <li key={`${w.showId ?? 'x'}-${w.path}-${i}`}>
                <strong>{w.showId !== null ? `Show ${w.showId}` : 'A record'}</strong>{' '}
                <code>{w.path}</code>: {warningDetail(w)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

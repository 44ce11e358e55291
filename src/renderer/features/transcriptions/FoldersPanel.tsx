import { useId, useState, type FormEvent } from 'react';
import { RetryAlert } from '../../components/RetryAlert';
import { useNow } from '../../hooks/use-now';
import { useLibraryStore } from '../../stores';
import { formatAgo, formatInstant, plural } from '../shows/format';
import { formatInterval, intervalChoices } from './format';

function AddFolderForm() {
  const [path, setPath] = useState('');
  const busy = useLibraryStore((s) => s.folderAction?.kind === 'add');
  const inputId = useId();
  const hintId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (path.trim() === '') return;
    if (await useLibraryStore.getState().addFolder(path.trim())) setPath('');
  }

  return (
    <form className="tx-add-folder" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={inputId}>Folder path (a local folder or a mounted share)</label>
        <div className="tx-add-row">
          <input
            id={inputId}
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/mnt/recordings   or   \\server\share\Recordings"
            aria-describedby={hintId}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="submit" className="btn" disabled={busy || path.trim() === ''}>
            {busy ? 'Adding…' : 'Add folder'}
          </button>
        </div>
        <p id={hintId} className="hint">
          Type or paste the path: this window cannot open a folder picker. In the desktop app you
          can also drop a folder (or a recording) onto the window.
        </p>
      </div>
    </form>
  );
}

function FolderRow({ path }: { path: string }) {
  const folder = useLibraryStore((s) => s.status?.folders.find((f) => f.path === path));
  const removing = useLibraryStore(
    (s) => s.folderAction?.kind === 'remove' && s.folderAction.path === path,
  );
  const [confirming, setConfirming] = useState(false);
  const now = useNow();
  if (!folder) return null;
  return (
    <tr data-testid="storage-folder">
      <td className="tx-folder-path">
        <code>{folder.path}</code>
        {folder.problem ? (
          <span className="tx-folder-problem" role="note">
            <span aria-hidden="true">⚠ </span>
            {folder.problem}
          </span>
        ) : null}
      </td>
      <td className="col-num">{folder.recordingCount}</td>
      <td title={folder.lastScanAt ? formatInstant(folder.lastScanAt) : undefined}>
        {folder.lastScanAt ? formatAgo(folder.lastScanAt, now) : 'not scanned yet'}
      </td>
      <td className="tx-folder-actions">
        {confirming ? (
          <>
            <button
              type="button"
              className="btn btn-small"
              disabled={removing}
              onClick={() => void useLibraryStore.getState().removeFolder(folder.path)}
              aria-label={`Stop watching ${folder.path}`}
            >
              {removing ? 'Removing…' : 'Stop watching'}
            </button>
            <button type="button" className="link" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setConfirming(true)}
            aria-label={`Remove ${folder.path}`}
            title="Stop watching this folder. Its recordings, links and drafts are kept."
          >
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}

/** Storage folders: where recordings are found, how often, and what went wrong reading them. */
export function FoldersPanel() {
  const status = useLibraryStore((s) => s.status);
  const statusError = useLibraryStore((s) => s.statusError);
  const folderError = useLibraryStore((s) => s.folderError);
  const dropMessage = useLibraryStore((s) => s.dropMessage);
  const [open, setOpen] = useState<boolean | null>(null);
  const now = useNow();
  const bodyId = useId();
  const folders = status?.folders ?? [];
  const folderProblems = folders.filter((f) => f.problem).length;
  // Open until there is a folder; then as the operator leaves it.
  const expanded = open ?? (status !== null && folders.length === 0);

  return (
    <section className="card tx-folders" aria-labelledby="tx-folders-title">
      <div className="tx-folders-head">
        <h2 id="tx-folders-title">Storage folders</h2>
        <span className="muted tx-folders-summary" data-testid="folders-summary">
          {status
            ? folders.length === 0
              ? 'None yet'
              : `${plural(folders.length, 'folder')} · rescanned ${status.rescanIntervalSec === null ? 'at the times set in Settings › Schedules' : formatInterval(status.rescanIntervalSec)} · last scan ${formatAgo(status.lastScanAt, now)}`
            : ''}
          {folderProblems > 0 ? ` · ${plural(folderProblems, 'folder')} with a problem` : ''}
        </span>
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={() => setOpen(!expanded)}
        >
          {expanded ? 'Hide folders' : 'Manage folders'}
        </button>
      </div>
      {!expanded && folderProblems > 0 ? (
        <ul className="tx-folder-alerts" aria-label="Folders with a problem">
          {folders
            .filter((f) => f.problem)
            .map((f) => (
              <li key={f.path}>
                <span aria-hidden="true">⚠ </span>
                <code>{f.path}</code>: {f.problem}
              </li>
            ))}
        </ul>
      ) : null}
      {statusError ? (
        <RetryAlert onRetry={() => useLibraryStore.getState().retry()}>
          The storage folders could not be read: {statusError}
        </RetryAlert>
      ) : null}
      {status && !status.probe.available ? (
        <div className="alert alert-warn" role="note" data-testid="probe-warning">
          <strong>Video facts cannot be read.</strong>{' '}
          {status.probe.message ??
            'ffprobe is not available: durations and start timecodes stay unknown.'}
        </div>
      ) : null}
      {folderError ? (
        <div className="alert alert-error" role="alert">
          {folderError}
        </div>
      ) : null}
      {dropMessage ? (
        <div
          className={`alert ${dropMessage.tone === 'error' ? 'alert-error' : dropMessage.tone === 'warn' ? 'alert-warn' : 'alert-info'} tx-drop-message`}
          role="status"
          data-testid="drop-message"
        >
          {dropMessage.text}{' '}
          <button
            type="button"
            className="link"
            onClick={() => useLibraryStore.getState().setDropMessage(null)}
          >
            Dismiss
          </button>
        </div>
      ) : null}
      <div id={bodyId} hidden={!expanded}>
        {folders.length === 0 ? (
          <p className="muted tx-folders-empty">
            No storage folder yet. Add the folder your recorder or transcription service writes to:
            recordings are found there with their caption and summary files.
          </p>
        ) : (
          <table className="tx-folder-table">
            <thead>
              <tr>
                <th scope="col">Folder</th>
                <th scope="col" className="col-num">
                  Recordings
                </th>
                <th scope="col">Last scan</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {folders.map((f) => (
                <FolderRow key={f.path} path={f.path} />
              ))}
            </tbody>
          </table>
        )}
        <div className="tx-folders-tools">
          <AddFolderForm />
          {status ? (
            <div className="field tx-interval">
              <label htmlFor={`${bodyId}-interval`}>Rescan</label>
              <select
                id={`${bodyId}-interval`}
                value={status.rescanIntervalSec ?? ''}
                onChange={(e) =>
                  void useLibraryStore.getState().setRescanInterval(Number(e.target.value))
                }
                title="Network shares send no change events, so folders are looked at again on this schedule."
              >
                {status.rescanIntervalSec === null ? (
                  <option value="" disabled>
                    at set times (Settings › Schedules)
                  </option>
                ) : null}
                {intervalChoices(status.rescanIntervalSec).map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
      </div>
      {status && status.problems.length > 0 ? (
        <details className="sync-warnings tx-problems" data-testid="scan-problems">
          <summary>
            {plural(status.problems.length, 'problem')} in the last scan: files or folders that
            could not be read
          </summary>
          <ul className="warning-list">
            {status.problems.map((p, i) => (
              <li key={`${p.path}-${i}`}>
                <code>{p.path}</code>: {p.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { Splitter } from '../../components/Splitter';
import { useFindShortcut } from '../../hooks/use-find-shortcut';
import { useNow } from '../../hooks/use-now';
import { useLibraryStore } from '../../stores';
import { formatAgo, formatInstant } from '../shows/format';
import { DropZone } from './DropZone';
import { FoldersPanel } from './FoldersPanel';
import { RecordingDetailPane } from './RecordingDetailPane';
import { RecordingList, RecordingSearch, RecordingStateChips } from './RecordingList';

/** Scan now, and whether a scan runs. */
function ScanControls() {
  const status = useLibraryStore((s) => s.status);
  const starting = useLibraryStore((s) => s.scanStarting);
  const now = useNow();
  const scanning = status?.scanning ?? false;
  return (
    <div className="sync-row" role="group" aria-label="Folder scan">
      {scanning ? (
        <div className="sync-progress tx-scan-progress" data-testid="scanning">
          <div
            className="progress indeterminate"
            role="progressbar"
            aria-label="Scan progress"
            aria-valuetext="Scanning the storage folders"
          >
            <div className="progress-fill" />
          </div>
          <span className="sync-phase" aria-live="polite">
            Scanning the storage folders…
          </span>
        </div>
      ) : status ? (
        <span
          className="sync-last"
          data-testid="last-scan"
          title={status.lastScanAt ? formatInstant(status.lastScanAt) : undefined}
        >
          {status.lastScanAt ? `Scanned ${formatAgo(status.lastScanAt, now)}` : 'Not scanned yet'}
        </span>
      ) : null}
      <button
        type="button"
        className="btn btn-primary btn-small"
        onClick={() => void useLibraryStore.getState().scan()}
        disabled={!status || starting || scanning || status.folders.length === 0}
        title={
          status?.folders.length === 0
            ? 'Add a storage folder first'
            : 'Look through the storage folders for new and changed files now'
        }
      >
        {starting ? 'Starting…' : 'Scan now'}
      </button>
    </div>
  );
}

/** "A recording became ready" while the operator was here: say so, and offer to open it. */
function CompletedNotice() {
  const completed = useLibraryStore((s) => s.completed);
  if (!completed) return null;
  return (
    <div
      className="alert alert-info tx-completed"
      role="status"
      data-testid="transcription-completed"
    >
      <strong>{completed.fileName}</strong> is ready: its captions and summary were found.{' '}
      <button
        type="button"
        className="link"
        onClick={() => {
          const store = useLibraryStore.getState();
          store.select(completed.recordingId);
          store.dismissCompleted();
        }}
      >
        Open it
      </button>{' '}
      <button
        type="button"
        className="link"
        onClick={() => useLibraryStore.getState().dismissCompleted()}
      >
        Dismiss
      </button>
    </div>
  );
}

const LIST_WIDTH_KEY = 'archivist.transcriptions.listWidth';
const LIST_WIDTH = { min: 360, max: 1100, initial: 640 };

function savedListWidth(): number {
  const saved = Number(localStorage.getItem(LIST_WIDTH_KEY));
  return Number.isFinite(saved) && saved >= LIST_WIDTH.min && saved <= LIST_WIDTH.max
    ? saved
    : LIST_WIDTH.initial;
}

/** Recordings with their captions and summaries: find, check, link to shows, draft for VOD. */
export function TranscriptionsScreen() {
  const searchRef = useFindShortcut();
  // The list and the open recording side by side; the operator sets the split, kept per machine.
  const [listWidth, setListWidth] = useState(savedListWidth);
  useEffect(() => {
    localStorage.setItem(LIST_WIDTH_KEY, String(listWidth));
  }, [listWidth]);

  useEffect(() => {
    useLibraryStore.getState().start();
  }, []);

  return (
    <section className="screen transcriptions-screen" aria-labelledby="screen-title">
      <header className="tx-head">
        <h1 id="screen-title">Transcriptions</h1>
        <ScanControls />
      </header>
      <CompletedNotice />
      <div
        className="tx-body"
        style={{ gridTemplateColumns: `minmax(320px, ${listWidth}px) 8px minmax(440px, 1fr)` }}
      >
        <div className="tx-list-pane" id="tx-list-pane">
          <FoldersPanel />
          <div className="tx-filter-row">
            <RecordingSearch inputRef={searchRef} />
            <RecordingStateChips />
          </div>
          <RecordingList />
        </div>
        <Splitter
          label="Width of the recording list"
          value={listWidth}
          min={LIST_WIDTH.min}
          max={LIST_WIDTH.max}
          onChange={setListWidth}
          controls="tx-list-pane"
        />
        <RecordingDetailPane />
      </div>
      <DropZone />
    </section>
  );
}

import { useRef, type KeyboardEvent, type RefObject } from 'react';
import { RECORDING_STATES, type RecordingRow } from '../../../shared/library';
import { EmptyState, ErrorState, LoadingState } from '../../components/EmptyState';
import { RetryAlert } from '../../components/RetryAlert';
import { SearchInput } from '../../components/SearchInput';
import { useLibraryStore } from '../../stores';
import { draftIsDirty } from '../../stores/library';
import { formatCount, formatRunTime, plural } from '../shows/format';
import { captionFormatLabel, formatScore, linkMethodLabel, stateBadge } from './format';

/** Search as you type over file names, folders, reasons and linked titles. */
export function RecordingSearch({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const text = useLibraryStore((s) => s.filter.text);
  const setText = useLibraryStore((s) => s.setText);
  return (
    <SearchInput
      landmark
      className="tx-search"
      inputRef={inputRef}
      label="Search recordings"
      placeholder="Search recordings…  (Ctrl+F)"
      value={text}
      onChange={setText}
    />
  );
}

/** Counts by state; each chip filters the list to that state (several may be on). */
export function StateChips() {
  const counts = useLibraryStore((s) => s.status?.counts ?? null);
  const states = useLibraryStore((s) => s.filter.states);
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;
  return (
    <div className="tx-chips" role="group" aria-label="Filter by state">
      <button
        type="button"
        className={states.length === 0 ? 'tx-chip active' : 'tx-chip'}
        aria-pressed={states.length === 0}
        onClick={() => useLibraryStore.getState().setStates([])}
      >
        All{total !== null ? <span className="tx-chip-count">{formatCount(total)}</span> : null}
      </button>
      {RECORDING_STATES.map((state) => {
        const badge = stateBadge(state);
        const count = counts?.[state] ?? 0;
        const on = states.includes(state);
        return (
          <button
            key={state}
            type="button"
            className={`tx-chip chip-${badge.tone}${on ? ' active' : ''}${count === 0 && !on ? ' zero' : ''}`}
            aria-pressed={on}
            data-state={state}
            onClick={() => useLibraryStore.getState().toggleState(state)}
          >
            <span className={`tx-dot tone-${badge.tone}`} aria-hidden="true" />
            {badge.label}
            <span className="tx-chip-count">{formatCount(count)}</span>
          </button>
        );
      })}
    </div>
  );
}

function ShowCell({ row }: { row: RecordingRow }) {
  if (row.link) {
    return (
      <>
        <span className="tx-show-title">
          {row.link.showTitle ?? `Show ${row.link.showId}`}
          {row.link.showMissing ? (
            <span className="tx-warn-text"> (not in the catalog)</span>
          ) : null}
        </span>
        <span className="tx-sub">{linkMethodLabel(row.link.method)}</span>
      </>
    );
  }
  if (row.topSuggestion) {
    return (
      <>
        <span className="tx-suggested">
          <span className="tx-sub">Suggested: </span>
          {row.topSuggestion.title}
        </span>
        <span className="tx-sub">score {formatScore(row.topSuggestion.score)}</span>
      </>
    );
  }
  return <span className="muted">—</span>;
}

function Row({
  row,
  selected,
  focusable,
  unsaved,
}: {
  row: RecordingRow;
  selected: boolean;
  focusable: boolean;
  unsaved: boolean;
}) {
  const badge = stateBadge(row.state);
  return (
    <tr
      className={selected ? 'tx-row selected' : 'tx-row'}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      data-recording-id={row.id}
      onClick={() => useLibraryStore.getState().select(row.id)}
    >
      <td className="tx-col-file">
        <span className="tx-file-name" title={row.fileName}>
          {row.fileName}
        </span>
        {row.folder || row.missing || unsaved ? (
          <span className="tx-sub" title={row.storageFolder}>
            {[
              row.folder ? <span key="f">{row.folder}</span> : null,
              row.missing ? (
                <span key="m" className="tx-warn-text">
                  missing from the last scan
                </span>
              ) : null,
              unsaved ? (
                <span key="u" className="tx-unsaved-mark">
                  unsaved draft
                </span>
              ) : null,
            ]
              .filter((part) => part !== null)
              .flatMap((part, i) => (i === 0 ? [part] : [' · ', part]))}
          </span>
        ) : null}
        <span className="tx-sub tx-file-facts" aria-hidden="true">
          {[
            formatRunTime(row.durationSec) || 'length unknown',
            row.captionFormat ? `${captionFormatLabel(row.captionFormat)} captions` : 'no captions',
            row.hasSummary ? 'summary' : 'no summary',
          ].join(' · ')}
        </span>
      </td>
      <td className="col-date">{row.eventDate ?? <span className="muted">—</span>}</td>
      <td className="tx-col-state">
        <span className={`badge tone-${badge.tone}`} data-testid="state-chip">
          {badge.label}
        </span>
        <span className="tx-sub tx-reason" title={row.reason}>
          {row.reason}
        </span>
      </td>
      <td className="col-num">
        {formatRunTime(row.durationSec) || <span className="muted">—</span>}
      </td>
      <td>{captionFormatLabel(row.captionFormat) || <span className="muted">none</span>}</td>
      <td>{row.hasSummary ? 'Yes' : <span className="muted">No</span>}</td>
      <td className="tx-col-show">
        <ShowCell row={row} />
      </td>
    </tr>
  );
}

/** What the list says when there is no row to show, and what to do about it. */
function ListEmptyState() {
  const shown = useLibraryStore((s) => s.shown);
  const listError = useLibraryStore((s) => s.listError);
  const status = useLibraryStore((s) => s.status);
  const filter = useLibraryStore((s) => s.filter);

  if (listError && !shown) {
    return (
      <ErrorState
        title="The recordings could not be read"
        error={listError}
        onRetry={() => useLibraryStore.getState().retry()}
      />
    );
  }
  if (!shown) return <LoadingState text="Loading recordings…" />;
  if (shown.filter.states.length > 0 || shown.filter.text.trim() !== '') {
    return (
      <EmptyState
        title="No recording matches"
        testId="no-recording-match"
        action={{
          label: 'Clear filters',
          onClick: () => useLibraryStore.getState().clearFilters(),
        }}
      >
        {filter.text.trim() ? `Nothing matches “${filter.text.trim()}” in these states. ` : ''}
        Check the spelling, or pick other states.
      </EmptyState>
    );
  }
  if (status && status.folders.length === 0) {
    return (
      <EmptyState title="No storage folder yet" testId="no-folders">
        Add the folder where recordings land (above, under Storage folders). Each video found there
        is listed with its captions, summary and the show it belongs to.
      </EmptyState>
    );
  }
  if (status?.scanning) {
    return (
      <EmptyState title="Scanning the storage folders">
        Recordings appear here as they are found.
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No recordings found" testId="no-recordings">
      No video file is in the storage folders yet. When the recorder writes one, the next scan finds
      it; press <strong>Scan now</strong> to look at once.
    </EmptyState>
  );
}

/** The recordings found, one row each; selecting one opens it below. */
export function RecordingList() {
  const shown = useLibraryStore((s) => s.shown);
  const listError = useLibraryStore((s) => s.listError);
  const selectedId = useLibraryStore((s) => s.selectedId);
  const drafts = useLibraryStore((s) => s.drafts);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const rows = shown?.rows ?? [];
  const selectedIndex = rows.findIndex((r) => r.id === selectedId);
  const focusIndex = selectedIndex >= 0 ? selectedIndex : 0;

  function onKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    if (rows.length === 0) return;
    const target = event.target as HTMLElement;
    const at = rows.findIndex((r) => String(r.id) === target.dataset.recordingId);
    let to: number | null = null;
    if (event.key === 'ArrowDown') to = Math.min(rows.length - 1, (at < 0 ? -1 : at) + 1);
    else if (event.key === 'ArrowUp') to = Math.max(0, at - 1);
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = rows.length - 1;
    else if ((event.key === 'Enter' || event.key === ' ') && at >= 0) to = at;
    if (to === null) return;
    event.preventDefault();
    const row = rows[to];
    if (!row) return;
    useLibraryStore.getState().select(row.id);
    bodyRef.current
      ?.querySelector<HTMLElement>(`tr[data-recording-id="${row.id}"]`)
      ?.focus({ preventScroll: false });
  }

  return (
    <div className="tx-list">
      <div className="tx-list-scroll">
        <table
          className="tx-table"
          role="grid"
          aria-label="Recordings"
          aria-rowcount={rows.length + 1}
          data-result-text={shown?.filter.text.trim() ?? ''}
          data-result-states={shown?.filter.states.join(',') ?? ''}
          data-result-total={shown ? rows.length : ''}
        >
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Event date</th>
              <th scope="col">State</th>
              <th scope="col" className="col-num">
                Duration
              </th>
              <th scope="col">Captions</th>
              <th scope="col">Summary</th>
              <th scope="col">Show</th>
            </tr>
          </thead>
          <tbody ref={bodyRef} onKeyDown={onKeyDown}>
            {rows.map((row, i) => (
              <Row
                key={row.id}
                row={row}
                selected={row.id === selectedId}
                focusable={i === focusIndex}
                unsaved={draftIsDirty(drafts[row.id])}
              />
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? (
          <div className="tx-list-empty">
            <ListEmptyState />
          </div>
        ) : null}
      </div>
      <div className="status-line">
        <span data-testid="recording-count" aria-live="polite">
          {shown ? plural(rows.length, 'recording') : ''}
        </span>
        {shown && listError ? (
          <RetryAlert
            inline
            className="page-error"
            onRetry={() => useLibraryStore.getState().retry()}
          >
            The list could not be refreshed: {listError}
          </RetryAlert>
        ) : null}
      </div>
    </div>
  );
}

import { useRef, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import { RECORDING_STATES, type RecordingRow } from '../../../shared/library';
import { EmptyState, ErrorState, LoadingState } from '../../components/EmptyState';
import { CheckAllButton, DragBand, SelectedCount } from '../../components/ListSelection';
import { RetryAlert } from '../../components/RetryAlert';
import { SearchInput } from '../../components/SearchInput';
import { StateChips } from '../../components/StateChips';
import { useDragSelect } from '../../hooks/use-drag-select';
import { isPicked } from '../../lib/selection';
import { handleSelectionKey } from '../../lib/selection-keys';
import { useLibraryStore, usePublishStore } from '../../stores';
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
export function RecordingStateChips() {
  const counts = useLibraryStore((s) => s.status?.counts ?? null);
  const states = useLibraryStore((s) => s.filter.states);
  return (
    <StateChips
      states={RECORDING_STATES}
      counts={counts}
      active={states}
      badge={stateBadge}
      toneChips
      onSetStates={(next) => useLibraryStore.getState().setStates(next)}
      onToggle={(state) => useLibraryStore.getState().toggleState(state)}
    />
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
  index,
  picked,
  open,
  focusable,
  unsaved,
}: {
  row: RecordingRow;
  index: number;
  /** Picked for a batch. */
  picked: boolean;
  /** The recording in the detail pane. */
  open: boolean;
  focusable: boolean;
  unsaved: boolean;
}) {
  const badge = stateBadge(row.state);
  function onClick(event: MouseEvent) {
    // The gutter is handled on press (toggle or drag), not as a row click.
    if ((event.target as HTMLElement).closest('[data-gutter]')) return;
    useLibraryStore.getState().click(index, {
      shift: event.shiftKey,
      toggle: event.ctrlKey || event.metaKey,
    });
  }
  return (
    <tr
      className={['tx-row', picked ? 'selected' : '', open ? 'open' : ''].filter(Boolean).join(' ')}
      aria-selected={picked}
      aria-current={open ? 'true' : undefined}
      tabIndex={focusable ? 0 : -1}
      data-recording-id={row.id}
      data-index={index}
      onClick={onClick}
    >
      <td className="tx-gutter" data-gutter="">
        <span className="check" aria-hidden="true" />
      </td>
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
      <td className="col-num tx-col-extra">
        {formatRunTime(row.durationSec) || <span className="muted">—</span>}
      </td>
      <td className="tx-col-extra">
        {captionFormatLabel(row.captionFormat) || <span className="muted">none</span>}
      </td>
      <td className="tx-col-extra">{row.hasSummary ? 'Yes' : <span className="muted">No</span>}</td>
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

/** The index of the row at content offset `y` (rows differ in height, so read from the DOM). */
function rowIndexAt(body: HTMLElement, clientY: number): number | null {
  const rows = body.querySelectorAll<HTMLElement>('tr[data-index]');
  if (rows.length === 0) return null;
  for (const tr of rows) {
    const rect = tr.getBoundingClientRect();
    if (clientY < rect.bottom) return Number(tr.dataset.index);
  }
  return rows.length - 1;
}

/** Publish N: opens the confirmation for the picked recordings. */
export function PublishPickedButton() {
  const selection = useLibraryStore((s) => s.selection);
  const rows = useLibraryStore((s) => s.shown?.rows);
  const count = (rows ?? []).filter((r) => isPicked(selection.picked, r.id)).length;
  if (count === 0) return null;
  return (
    <button
      type="button"
      className="btn btn-primary btn-small"
      data-testid="publish-picked"
      onClick={() =>
        usePublishStore
          .getState()
          .openPlan({ recordingIds: useLibraryStore.getState().selectedIds() })
      }
    >
      Publish {formatCount(count)}
    </button>
  );
}

/**
 * The recordings found, one row each: clicking one opens it beside the list; rows are picked for
 * a batch as in the Shows list (shift, ctrl, keyboard, Ctrl+A, and a drag in the left margin).
 */
export function RecordingList() {
  const shown = useLibraryStore((s) => s.shown);
  const listError = useLibraryStore((s) => s.listError);
  const selectedId = useLibraryStore((s) => s.selectedId);
  const selection = useLibraryStore((s) => s.selection);
  const drafts = useLibraryStore((s) => s.drafts);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = shown?.rows ?? [];
  const focusIndex =
    selection.focus ??
    Math.max(
      0,
      rows.findIndex((r) => r.id === selectedId),
    );
  const pickedCount = rows.filter((r) => isPicked(selection.picked, r.id)).length;

  function focusRow(index: number) {
    const row = rows[index];
    if (!row) return;
    bodyRef.current
      ?.querySelector<HTMLElement>(`tr[data-recording-id="${row.id}"]`)
      ?.focus({ preventScroll: false });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    if (rows.length === 0) return;
    const store = useLibraryStore.getState();
    const page = () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / 44));
    if (handleSelectionKey(event, store, page, focusRow)) return;
    if (event.key === 'Enter') {
      const at = Number((event.target as HTMLElement).dataset.index);
      if (Number.isInteger(at)) store.click(at, {});
    }
  }

  // ---- drag-select: press in the left margin and drag a band over the rows ----

  /** A point in the scrolled content's coordinates. */
  function contentPoint(clientX: number, clientY: number): { x: number; y: number } {
    const el = scrollRef.current;
    if (!el) return { x: 0, y: 0 };
    const rect = el.getBoundingClientRect();
    return { x: clientX - rect.left + el.scrollLeft, y: clientY - rect.top + el.scrollTop };
  }

  const { band, handlers } = useDragSelect({
    selection: () => useLibraryStore.getState(),
    empty: rows.length === 0,
    scrollRef,
    headerHeight: 32,
    toContent: contentPoint,
    pressRow: (target) => {
      const gutter = target.closest<HTMLElement>('[data-gutter]');
      if (!gutter) return undefined;
      const tr = gutter.closest<HTMLElement>('tr[data-index]');
      tr?.focus({ preventScroll: true });
      return tr ? Number(tr.dataset.index) : null;
    },
    bandRows: (press, pointer) => {
      const body = bodyRef.current;
      if (!body || press.row === null) return undefined;
      const to = rowIndexAt(body, pointer.clientY);
      return to === null ? null : { from: press.row, to };
    },
    bandCorner: (at) => ({ x: Math.max(0, at.x), y: Math.max(0, at.y) }),
    clearOnBlankClick: false,
  });

  return (
    <div className="tx-list">
      <div className="tx-list-scroll" ref={scrollRef}>
        <table
          className="tx-table"
          role="grid"
          aria-label="Recordings"
          aria-multiselectable="true"
          aria-rowcount={rows.length + 1}
          data-result-text={shown?.filter.text.trim() ?? ''}
          data-result-states={shown?.filter.states.join(',') ?? ''}
          data-result-total={shown ? rows.length : ''}
        >
          <thead>
            <tr>
              <th scope="col" className="tx-gutter">
                <CheckAllButton
                  picked={pickedCount}
                  total={rows.length}
                  selectAllLabel="Select all listed recordings"
                  onSelectAll={() => useLibraryStore.getState().selectAll()}
                  onClear={() => useLibraryStore.getState().clearSelection()}
                />
              </th>
              <th scope="col">File</th>
              <th scope="col">Event date</th>
              <th scope="col">State</th>
              <th scope="col" className="col-num tx-col-extra">
                Duration
              </th>
              <th scope="col" className="tx-col-extra">
                Captions
              </th>
              <th scope="col" className="tx-col-extra">
                Summary
              </th>
              <th scope="col">Show</th>
            </tr>
          </thead>
          <tbody ref={bodyRef} onKeyDown={onKeyDown} {...handlers}>
            {rows.map((row, i) => (
              <Row
                key={row.id}
                row={row}
                index={i}
                picked={isPicked(selection.picked, row.id)}
                open={row.id === selectedId}
                focusable={i === focusIndex}
                unsaved={draftIsDirty(drafts[row.id])}
              />
            ))}
          </tbody>
        </table>
        <DragBand band={band} />
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
        {pickedCount > 1 ? (
          <SelectedCount
            count={formatCount(pickedCount)}
            onClear={() => useLibraryStore.getState().clearSelection()}
          />
        ) : null}
        {shown && listError ? (
          <RetryAlert
            inline
            className="page-error"
            onRetry={() => useLibraryStore.getState().retry()}
          >
            The list could not be refreshed: {listError}
          </RetryAlert>
        ) : null}
        <span className="status-actions">
          <PublishPickedButton />
        </span>
      </div>
    </div>
  );
}

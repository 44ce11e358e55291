import {
  useEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type RefObject,
} from 'react';
import { RECORDING_STATES, type RecordingRow } from '../../../shared/library';
import { EmptyState, ErrorState, LoadingState } from '../../components/EmptyState';
import { RetryAlert } from '../../components/RetryAlert';
import { SearchInput } from '../../components/SearchInput';
import { autoScrollStep, bandRect, movedBeyondThreshold, type Rect } from '../../lib/drag-band';
import { isPicked, type MoveKey } from '../../lib/selection';
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

const MOVE_KEYS: Record<string, MoveKey> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  Home: 'home',
  End: 'end',
};

interface Press {
  pointerId: number;
  startClientX: number;
  startClientY: number;
  /** The press point in the scrolled content's coordinates. */
  startX: number;
  startY: number;
  row: number | null;
  additive: boolean;
  dragging: boolean;
  lastClientX: number;
  lastClientY: number;
  lastBand: string;
  frame: number | null;
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
  const press = useRef<Press | null>(null);
  const [band, setBand] = useState<Rect | null>(null);
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
    const toggle = event.ctrlKey || event.metaKey;
    const move = MOVE_KEYS[event.key];
    if (move) {
      event.preventDefault();
      const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / 44));
      const to = store.move(move, { shift: event.shiftKey, toggle }, page);
      if (to !== null) focusRow(to);
    } else if (toggle && (event.key === 'a' || event.key === 'A')) {
      event.preventDefault();
      store.selectAll();
    } else if (event.key === 'Escape') {
      store.clearSelection();
    } else if (event.key === ' ') {
      event.preventDefault();
      store.toggleFocused();
    } else if (event.key === 'Enter') {
      const at = Number((event.target as HTMLElement).dataset.index);
      if (Number.isInteger(at)) store.click(at, {});
    }
  }

  // ---- drag-select: press in the left margin and drag a band over the rows ----

  function contentPoint(clientX: number, clientY: number): { x: number; y: number } {
    const el = scrollRef.current;
    if (!el) return { x: 0, y: 0 };
    const rect = el.getBoundingClientRect();
    return { x: clientX - rect.left + el.scrollLeft, y: clientY - rect.top + el.scrollTop };
  }

  function updateBand(): void {
    const p = press.current;
    const body = bodyRef.current;
    if (!p?.dragging || !body || p.row === null) return;
    const to = rowIndexAt(body, p.lastClientY);
    const key = to === null ? '-' : `${p.row}:${to}`;
    if (key !== p.lastBand) {
      p.lastBand = key;
      useLibraryStore.getState().dragTo(to === null ? null : { from: p.row, to });
    }
    const at = contentPoint(p.lastClientX, p.lastClientY);
    setBand(bandRect(p.startX, p.startY, Math.max(0, at.x), Math.max(0, at.y)));
  }

  function autoScroll(): void {
    const p = press.current;
    const el = scrollRef.current;
    if (!p?.dragging || !el) return;
    const rect = el.getBoundingClientRect();
    const step = autoScrollStep(p.lastClientY, rect.top + 32, rect.bottom);
    if (step !== 0) {
      el.scrollTop += step;
      updateBand();
    }
    p.frame = requestAnimationFrame(autoScroll);
  }

  function onPointerDown(event: PointerEvent<HTMLTableSectionElement>) {
    if (event.button !== 0 || rows.length === 0) return;
    const target = event.target as HTMLElement;
    const gutter = target.closest<HTMLElement>('[data-gutter]');
    if (!gutter) return;
    event.preventDefault();
    const tr = gutter.closest<HTMLElement>('tr[data-index]');
    const at = contentPoint(event.clientX, event.clientY);
    press.current = {
      pointerId: event.pointerId,
      startClientX: event.clientX,
      startClientY: event.clientY,
      startX: at.x,
      startY: at.y,
      row: tr ? Number(tr.dataset.index) : null,
      additive: event.ctrlKey || event.metaKey,
      dragging: false,
      lastClientX: event.clientX,
      lastClientY: event.clientY,
      lastBand: '',
      frame: null,
    };
    tr?.focus({ preventScroll: true });
    event.currentTarget.setPointerCapture(event.pointerId);
  }

  function onPointerMove(event: PointerEvent<HTMLTableSectionElement>) {
    const p = press.current;
    if (p?.pointerId !== event.pointerId) return;
    p.lastClientX = event.clientX;
    p.lastClientY = event.clientY;
    if (!p.dragging) {
      if (!movedBeyondThreshold(event.clientX - p.startClientX, event.clientY - p.startClientY)) {
        return;
      }
      p.dragging = true;
      useLibraryStore.getState().beginDrag(p.additive);
      p.frame = requestAnimationFrame(autoScroll);
    }
    updateBand();
  }

  function finishPress(event: PointerEvent<HTMLTableSectionElement>, cancelled: boolean) {
    const p = press.current;
    if (p?.pointerId !== event.pointerId) return;
    press.current = null;
    if (p.frame !== null) cancelAnimationFrame(p.frame);
    if (event.currentTarget.hasPointerCapture(event.pointerId)) {
      event.currentTarget.releasePointerCapture(event.pointerId);
    }
    const store = useLibraryStore.getState();
    if (p.dragging) {
      store.endDrag();
      setBand(null);
    } else if (!cancelled && p.row !== null) {
      // A click in the margin ticks or unticks the row, like a checkbox.
      store.toggleAt(p.row);
    }
  }

  useEffect(
    () => () => {
      const p = press.current;
      if (p?.frame != null) cancelAnimationFrame(p.frame);
    },
    [],
  );

  const allPicked = rows.length > 0 && pickedCount === rows.length;

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
                <button
                  type="button"
                  className={
                    allPicked
                      ? 'check-all checked'
                      : pickedCount > 0
                        ? 'check-all partial'
                        : 'check-all'
                  }
                  aria-label={allPicked ? 'Clear the selection' : 'Select all listed recordings'}
                  title={
                    allPicked ? 'Clear the selection' : 'Select all listed recordings (Ctrl+A)'
                  }
                  disabled={rows.length === 0}
                  onClick={() => {
                    const store = useLibraryStore.getState();
                    if (allPicked) store.clearSelection();
                    else store.selectAll();
                  }}
                >
                  <span className="check" aria-hidden="true" />
                </button>
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
          <tbody
            ref={bodyRef}
            onKeyDown={onKeyDown}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={(e) => finishPress(e, false)}
            onPointerCancel={(e) => finishPress(e, true)}
          >
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
        {band ? (
          <div
            className="drag-band"
            data-testid="drag-band"
            aria-hidden="true"
            style={{
              transform: `translate(${band.left}px, ${band.top}px)`,
              width: band.width,
              height: band.height,
            }}
          />
        ) : null}
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
          <>
            <span className="sep" aria-hidden="true">
              ·
            </span>
            <span data-testid="selected-count" className="selected-count" aria-live="polite">
              {formatCount(pickedCount)} selected
            </span>
            <button
              type="button"
              className="link"
              onClick={() => useLibraryStore.getState().clearSelection()}
            >
              Clear selection
            </button>
          </>
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

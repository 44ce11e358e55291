import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { useShowsStore } from '../../stores';
import { ROW_HEIGHT } from '../../stores/shows';
import { COLUMNS, COLUMN_COUNT } from './columns';
import {
  autoScrollStep,
  bandRect,
  bandRows,
  movedBeyondThreshold,
  rowAtOffset,
  type Rect,
} from '../../lib/drag-band';
import { rowAt } from './page-window';
import { isPicked, pickedCount, type MoveKey } from '../../lib/selection';
import { rowDomId, ShowRowView } from './ShowRowView';
import { rowsPerPage, scrollToReveal, visibleRows } from './viewport';

/** Height of the sticky column header inside the scrolling grid. */
const HEADER_HEIGHT = 32;
/** Rows rendered beyond each edge of the view, so a scroll does not show blank space. */
const RENDER_OVERSCAN = 8;

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
  /** The press point in the rows' own coordinates (row 0 at y 0), whatever the scroll. */
  startX: number;
  startY: number;
  /** The row whose gutter was pressed; null for the empty space below the rows. */
  row: number | null;
  additive: boolean;
  dragging: boolean;
  lastClientX: number;
  lastClientY: number;
  lastBand: string;
  frame: number | null;
}

/**
 * The show list: a grid whose rows are windowed (only those in view are in the DOM, and the store
 * holds only the pages near them), sortable by its column headers, with selection by mouse,
 * keyboard and drag-band.
 */
export function ShowList({ emptyState }: { emptyState: ReactNode }) {
  const shown = useShowsStore((s) => s.shown);
  const selection = useShowsStore((s) => s.selection);
  const sort = useShowsStore((s) => s.sort);
  const scrollEpoch = useShowsStore((s) => s.scrollEpoch);

  const gridRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const press = useRef<Press | null>(null);
  const [view, setView] = useState({ scrollTop: 0, height: 600 });
  const [band, setBand] = useState<Rect | null>(null);
  const total = shown?.total ?? 0;
  const totalRef = useRef(total);
  totalRef.current = total;

  const measure = useCallback(() => {
    const el = gridRef.current;
    if (!el) return;
    const next = { scrollTop: el.scrollTop, height: Math.max(0, el.clientHeight - HEADER_HEIGHT) };
    setView((v) => (v.scrollTop === next.scrollTop && v.height === next.height ? v : next));
  }, []);

  useLayoutEffect(() => {
    const el = gridRef.current;
    if (!el) return;
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  // A new question (search, filter, sort) starts at the top of its answer. The position is
  // known from the last scroll event: reading it from the element here would force a layout
  // in the middle of every keystroke's update.
  const scrolledTo = useRef(0);
  scrolledTo.current = view.scrollTop;
  useLayoutEffect(() => {
    const el = gridRef.current;
    if (!el || scrolledTo.current === 0) return;
    el.scrollTop = 0;
    setView((v) => ({ ...v, scrollTop: 0 }));
  }, [scrollEpoch]);

  const inView = visibleRows(view.scrollTop, view.height, ROW_HEIGHT, total);
  const rendered = visibleRows(view.scrollTop, view.height, ROW_HEIGHT, total, RENDER_OVERSCAN);
  const firstInView = inView?.first ?? 0;
  const lastInView = inView?.last ?? 0;
  useEffect(() => {
    useShowsStore.getState().setViewport(firstInView, lastInView);
  }, [firstInView, lastInView]);

  const focusGrid = useCallback(() => gridRef.current?.focus({ preventScroll: true }), []);

  const reveal = useCallback((index: number) => {
    const el = gridRef.current;
    if (!el) return;
    const height = el.clientHeight - HEADER_HEIGHT;
    const top = scrollToReveal(index, el.scrollTop, height, ROW_HEIGHT);
    if (top !== el.scrollTop) el.scrollTop = top;
  }, []);

  const onRowClick = useCallback(
    (index: number, event: MouseEvent) => {
      // The gutter is handled on press (toggle or drag), not as a row click.
      if ((event.target as HTMLElement).closest('[data-gutter]')) return;
      useShowsStore.getState().click(index, {
        shift: event.shiftKey,
        toggle: event.ctrlKey || event.metaKey,
      });
      focusGrid();
    },
    [focusGrid],
  );

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target !== event.currentTarget) return;
    const store = useShowsStore.getState();
    const toggle = event.ctrlKey || event.metaKey;
    const move = MOVE_KEYS[event.key];
    if (move) {
      event.preventDefault();
      const to = store.move(
        move,
        { shift: event.shiftKey, toggle },
        rowsPerPage(view.height, ROW_HEIGHT),
      );
      if (to !== null) reveal(to);
    } else if (toggle && (event.key === 'a' || event.key === 'A')) {
      event.preventDefault();
      store.selectAll();
    } else if (event.key === 'Escape') {
      store.clearSelection();
    } else if (event.key === ' ') {
      event.preventDefault();
      store.toggleFocused();
    }
  }

  // ---- drag-select: press in the gutter or the empty space below the rows, and drag a band ----

  function pointInRows(clientX: number, clientY: number): { x: number; y: number } {
    const rect = canvasRef.current?.getBoundingClientRect();
    return rect ? { x: clientX - rect.left, y: clientY - rect.top } : { x: 0, y: 0 };
  }

  function updateBand(): void {
    const p = press.current;
    const canvas = canvasRef.current;
    if (!p?.dragging || !canvas) return;
    const at = pointInRows(p.lastClientX, p.lastClientY);
    const rows = bandRows(p.startY, at.y, ROW_HEIGHT, totalRef.current);
    const key = rows ? `${rows.from}:${rows.to}` : '-';
    if (key !== p.lastBand) {
      p.lastBand = key;
      useShowsStore.getState().dragTo(rows);
    }
    const x = Math.max(0, Math.min(canvas.clientWidth, at.x));
    const y = Math.max(0, Math.min(canvas.clientHeight, at.y));
    setBand(bandRect(p.startX, p.startY, x, y));
  }

  function autoScroll(): void {
    const p = press.current;
    const el = gridRef.current;
    if (!p?.dragging || !el) return;
    const rect = el.getBoundingClientRect();
    const step = autoScrollStep(p.lastClientY, rect.top + HEADER_HEIGHT, rect.bottom);
    if (step !== 0) {
      el.scrollTop += step;
      updateBand();
    }
    p.frame = requestAnimationFrame(autoScroll);
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0 || total === 0) return;
    const target = event.target as HTMLElement;
    const inGutter = target.closest('[data-gutter]') !== null;
    // A press on a row's own cells is a normal click (handled by the row).
    if (!inGutter && target.closest('[role="row"]')) return;
    event.preventDefault();
    focusGrid();
    const at = pointInRows(event.clientX, event.clientY);
    press.current = {
      pointerId: event.pointerId,
      startClientX: event.clientX,
      startClientY: event.clientY,
      startX: at.x,
      startY: at.y,
      row: inGutter ? rowAtOffset(at.y, ROW_HEIGHT, total) : null,
      additive: event.ctrlKey || event.metaKey,
      dragging: false,
      lastClientX: event.clientX,
      lastClientY: event.clientY,
      lastBand: '',
      frame: null,
    };
    event.currentTarget.setPointerCapture(event.pointerId);
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const p = press.current;
    if (p?.pointerId !== event.pointerId) return;
    p.lastClientX = event.clientX;
    p.lastClientY = event.clientY;
    if (!p.dragging) {
      if (!movedBeyondThreshold(event.clientX - p.startClientX, event.clientY - p.startClientY)) {
        return;
      }
      p.dragging = true;
      useShowsStore.getState().beginDrag(p.additive);
      p.frame = requestAnimationFrame(autoScroll);
    }
    updateBand();
  }

  function finishPress(event: PointerEvent<HTMLDivElement>, cancelled: boolean) {
    const p = press.current;
    if (p?.pointerId !== event.pointerId) return;
    press.current = null;
    if (p.frame !== null) cancelAnimationFrame(p.frame);
    if (event.currentTarget.hasPointerCapture(event.pointerId)) {
      event.currentTarget.releasePointerCapture(event.pointerId);
    }
    const store = useShowsStore.getState();
    if (p.dragging) {
      store.endDrag();
      setBand(null);
    } else if (cancelled) {
      return;
    } else if (p.row !== null) {
      // A click in the gutter ticks or unticks the row, like a checkbox.
      store.toggleAt(p.row);
    } else if (!p.additive) {
      store.clearSelection();
    }
  }

  // Stop an auto-scroll loop if the list goes away mid-drag.
  useEffect(
    () => () => {
      const p = press.current;
      if (p?.frame != null) cancelAnimationFrame(p.frame);
    },
    [],
  );

  const count = pickedCount(selection.picked, total);
  const allPicked = total > 0 && count === total;
  const rows = [];
  if (rendered && shown) {
    for (let i = rendered.first; i <= rendered.last; i++) {
      const row = rowAt(shown.pages, i);
      rows.push(
        <ShowRowView
          key={i}
          index={i}
          row={row}
          top={i * ROW_HEIGHT}
          selected={row ? isPicked(selection.picked, row.id) : selection.picked.all}
          focused={selection.focus === i}
          onRowClick={onRowClick}
        />,
      );
    }
  }
  const focusRendered =
    selection.focus !== null &&
    rendered !== null &&
    selection.focus >= rendered.first &&
    selection.focus <= rendered.last;

  return (
    <div className="list-frame">
      <div
        ref={gridRef}
        role="grid"
        aria-label="Shows"
        aria-rowcount={total + 1}
        aria-colcount={COLUMN_COUNT}
        aria-multiselectable="true"
        aria-activedescendant={focusRendered ? rowDomId(selection.focus ?? 0) : undefined}
        tabIndex={0}
        className="show-grid"
        data-result-text={shown?.query.filter.text ?? ''}
        data-result-total={shown?.total ?? ''}
        onScroll={measure}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="grid-head">
          <div role="row" aria-rowindex={1} className="grid-row head-row">
            <div role="columnheader" className="cell gutter">
              <button
                type="button"
                className={
                  allPicked ? 'check-all checked' : count > 0 ? 'check-all partial' : 'check-all'
                }
                aria-label={allPicked ? 'Clear the selection' : 'Select all matching shows'}
                title={allPicked ? 'Clear the selection' : 'Select all matching shows (Ctrl+A)'}
                onClick={() => {
                  const store = useShowsStore.getState();
                  if (allPicked) store.clearSelection();
                  else store.selectAll();
                }}
                disabled={total === 0}
              >
                <span className="check" aria-hidden="true" />
              </button>
            </div>
            {COLUMNS.map((column) => {
              const active = sort.field === column.field;
              const direction = active ? sort.direction : null;
              return (
                <div
                  key={column.field}
                  role="columnheader"
                  className={`cell ${column.className}`}
                  aria-sort={
                    direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'
                  }
                >
                  <button
                    type="button"
                    className={active ? 'sort-btn active' : 'sort-btn'}
                    title={`Sort by ${(column.title ?? column.label).toLowerCase()}`}
                    onClick={() => useShowsStore.getState().sortBy(column.field)}
                  >
                    {column.label}
                    {column.title ? <span className="sr-only"> ({column.title})</span> : null}
                    <span className="sort-mark" aria-hidden="true">
                      {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : ''}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div
          ref={canvasRef}
          role="rowgroup"
          className="grid-canvas"
          style={{ height: Math.max(total * ROW_HEIGHT, view.height) }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={(e) => finishPress(e, false)}
          onPointerCancel={(e) => finishPress(e, true)}
        >
          {rows}
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
        </div>
      </div>
      {total === 0 ? <div className="grid-empty">{emptyState}</div> : null}
    </div>
  );
}

import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { CheckAllButton, DragBand } from '../../components/ListSelection';
import { useDragSelect } from '../../hooks/use-drag-select';
import { bandRows, rowAtOffset } from '../../lib/drag-band';
import { isPicked, pickedCount } from '../../lib/selection';
import { handleSelectionKey } from '../../lib/selection-keys';
import { useShowsStore } from '../../stores';
import { ROW_HEIGHT } from '../../stores/shows';
import { COLUMNS, COLUMN_COUNT } from './columns';
import { rowAt } from './page-window';
import { rowDomId, ShowRowView } from './ShowRowView';
import { rowsPerPage, scrollToReveal, visibleRows } from './viewport';

/** Height of the sticky column header inside the scrolling grid. */
const HEADER_HEIGHT = 32;
/** Rows rendered beyond each edge of the view, so a scroll does not show blank space. */
const RENDER_OVERSCAN = 8;

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
  const [view, setView] = useState({ scrollTop: 0, height: 600 });
  const total = shown?.total ?? 0;

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
    handleSelectionKey(
      event,
      useShowsStore.getState(),
      () => rowsPerPage(view.height, ROW_HEIGHT),
      reveal,
    );
  }

  // ---- drag-select: press in the gutter or the empty space below the rows, and drag a band ----

  /** A point in the rows' own coordinates (row 0 at y 0), whatever the scroll. */
  function pointInRows(clientX: number, clientY: number): { x: number; y: number } {
    const rect = canvasRef.current?.getBoundingClientRect();
    return rect ? { x: clientX - rect.left, y: clientY - rect.top } : { x: 0, y: 0 };
  }

  const { band, handlers } = useDragSelect({
    selection: () => useShowsStore.getState(),
    empty: total === 0,
    scrollRef: gridRef,
    headerHeight: HEADER_HEIGHT,
    toContent: pointInRows,
    pressRow: (target, at) => {
      const inGutter = target.closest('[data-gutter]') !== null;
      // A press on a row's own cells is a normal click (handled by the row).
      if (!inGutter && target.closest('[role="row"]')) return undefined;
      focusGrid();
      // The gutter's row; null for the empty space below the rows.
      return inGutter ? rowAtOffset(at.y, ROW_HEIGHT, total) : null;
    },
    bandRows: (press, pointer) =>
      canvasRef.current ? bandRows(press.y, pointer.at.y, ROW_HEIGHT, total) : undefined,
    bandCorner: (at) => {
      const canvas = canvasRef.current;
      if (!canvas) return at;
      return {
        x: Math.max(0, Math.min(canvas.clientWidth, at.x)),
        y: Math.max(0, Math.min(canvas.clientHeight, at.y)),
      };
    },
    clearOnBlankClick: true,
  });

  const count = pickedCount(selection.picked, total);
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
              <CheckAllButton
                picked={count}
                total={total}
                selectAllLabel="Select all matching shows"
                onSelectAll={() => useShowsStore.getState().selectAll()}
                onClear={() => useShowsStore.getState().clearSelection()}
              />
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
          {...handlers}
        >
          {rows}
          <DragBand band={band} />
        </div>
      </div>
      {total === 0 ? <div className="grid-empty">{emptyState}</div> : null}
    </div>
  );
}

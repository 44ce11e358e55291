import { useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react';
import { autoScrollStep, bandRect, movedBeyondThreshold, type Rect } from '../lib/drag-band';
import type { SelectionActions } from '../lib/selection';

export interface Point {
  x: number;
  y: number;
}

type RowBand = { from: number; to: number } | null;

/** What a list tells the drag-select about its own layout. */
export interface DragSelectOptions {
  /** The store the drag picks rows in, read when a press needs it. */
  selection: () => Pick<
    SelectionActions,
    'beginDrag' | 'dragTo' | 'endDrag' | 'toggleAt' | 'clearSelection'
  >;
  /** No row to pick: every press is ignored. */
  empty: boolean;
  /** The element that scrolls: auto-scrolled while a drag nears its top or bottom edge. */
  scrollRef: RefObject<HTMLElement | null>;
  /** Height of the sticky header at the top of the scrolling element, above the rows. */
  headerHeight: number;
  /** A viewport point in the coordinates the band is drawn in. */
  toContent: (clientX: number, clientY: number) => Point;
  /**
   * A press of the primary button: the row a click there ticks (null: no row, as below the last),
   * or undefined when the press is not the drag-select's (a plain click on a row's cells). May
   * move the keyboard focus.
   */
  pressRow: (target: HTMLElement, at: Point) => number | null | undefined;
  /**
   * The rows a band from the press to the pointer covers (null: none), or undefined when they
   * cannot be told now, in which case nothing is updated.
   */
  bandRows: (
    press: { row: number | null; y: number },
    pointer: { clientY: number; at: Point },
  ) => RowBand | undefined;
  /** The band's moving corner, kept within what may be drawn. */
  bandCorner: (at: Point) => Point;
  /** A click (no drag, no Ctrl) on no row clears the selection, as on a file manager's blank space. */
  clearOnBlankClick: boolean;
}

interface Press {
  pointerId: number;
  startClientX: number;
  startClientY: number;
  /** The press point in content coordinates, whatever the scroll. */
  startX: number;
  startY: number;
  /** The row pressed; null for none. */
  row: number | null;
  additive: boolean;
  dragging: boolean;
  lastClientX: number;
  lastClientY: number;
  lastBand: string;
  frame: number | null;
}

/**
 * Drag-select for a list: a press in the rows' margin ticks the row, a drag from there draws a
 * band that picks the rows it covers, and the list scrolls while the pointer is at its edge. The
 * Shows list and the Transcriptions list differ only in how they find a row (by offset in a
 * virtualized grid, or in the DOM of a table), which `options` says.
 */
export function useDragSelect(options: DragSelectOptions): {
  band: Rect | null;
  handlers: {
    onPointerDown: (event: PointerEvent<HTMLElement>) => void;
    onPointerMove: (event: PointerEvent<HTMLElement>) => void;
    onPointerUp: (event: PointerEvent<HTMLElement>) => void;
    onPointerCancel: (event: PointerEvent<HTMLElement>) => void;
  };
} {
  // The auto-scroll loop outlives the render that started it: it reads the newest options.
  const latest = useRef(options);
  latest.current = options;
  const press = useRef<Press | null>(null);
  const [band, setBand] = useState<Rect | null>(null);

  function updateBand(): void {
    const p = press.current;
    if (!p?.dragging) return;
    const o = latest.current;
    const at = o.toContent(p.lastClientX, p.lastClientY);
    const rows = o.bandRows({ row: p.row, y: p.startY }, { clientY: p.lastClientY, at });
    if (rows === undefined) return;
    const key = rows ? `${rows.from}:${rows.to}` : '-';
    if (key !== p.lastBand) {
      p.lastBand = key;
      o.selection().dragTo(rows);
    }
    const corner = o.bandCorner(at);
    setBand(bandRect(p.startX, p.startY, corner.x, corner.y));
  }

  function autoScroll(): void {
    const p = press.current;
    const el = latest.current.scrollRef.current;
    if (!p?.dragging || !el) return;
    const rect = el.getBoundingClientRect();
    const step = autoScrollStep(p.lastClientY, rect.top + latest.current.headerHeight, rect.bottom);
    if (step !== 0) {
      el.scrollTop += step;
      updateBand();
    }
    p.frame = requestAnimationFrame(autoScroll);
  }

  function onPointerDown(event: PointerEvent<HTMLElement>) {
    const o = latest.current;
    if (event.button !== 0 || o.empty) return;
    const at = o.toContent(event.clientX, event.clientY);
    const row = o.pressRow(event.target as HTMLElement, at);
    if (row === undefined) return;
    event.preventDefault();
    press.current = {
      pointerId: event.pointerId,
      startClientX: event.clientX,
      startClientY: event.clientY,
      startX: at.x,
      startY: at.y,
      row,
      additive: event.ctrlKey || event.metaKey,
      dragging: false,
      lastClientX: event.clientX,
      lastClientY: event.clientY,
      lastBand: '',
      frame: null,
    };
    event.currentTarget.setPointerCapture(event.pointerId);
  }

  function onPointerMove(event: PointerEvent<HTMLElement>) {
    const p = press.current;
    if (p?.pointerId !== event.pointerId) return;
    p.lastClientX = event.clientX;
    p.lastClientY = event.clientY;
    if (!p.dragging) {
      if (!movedBeyondThreshold(event.clientX - p.startClientX, event.clientY - p.startClientY)) {
        return;
      }
      p.dragging = true;
      latest.current.selection().beginDrag(p.additive);
      p.frame = requestAnimationFrame(autoScroll);
    }
    updateBand();
  }

  function finishPress(event: PointerEvent<HTMLElement>, cancelled: boolean) {
    const p = press.current;
    if (p?.pointerId !== event.pointerId) return;
    press.current = null;
    if (p.frame !== null) cancelAnimationFrame(p.frame);
    if (event.currentTarget.hasPointerCapture(event.pointerId)) {
      event.currentTarget.releasePointerCapture(event.pointerId);
    }
    const selection = latest.current.selection();
    if (p.dragging) {
      selection.endDrag();
      setBand(null);
    } else if (cancelled) {
      return;
    } else if (p.row !== null) {
      // A click in the margin ticks or unticks the row, like a checkbox.
      selection.toggleAt(p.row);
    } else if (!p.additive && latest.current.clearOnBlankClick) {
      selection.clearSelection();
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

  return {
    band,
    handlers: {
      onPointerDown,
      onPointerMove,
      onPointerUp: (event) => finishPress(event, false),
      onPointerCancel: (event) => finishPress(event, true),
    },
  };
}

/**
 * The geometry of drag-select, by row index from the pointer's position in the list's content
 * (pointer y in the viewport plus the scroll offset), never by hit-testing the DOM: the list is
 * virtualized, so most rows a long drag crosses were never rendered.
 */

/** How far the pointer must move before a press becomes a drag (a click otherwise). */
const DRAG_THRESHOLD_PX = 4;

export function movedBeyondThreshold(dx: number, dy: number): boolean {
  return dx * dx + dy * dy > DRAG_THRESHOLD_PX * DRAG_THRESHOLD_PX;
}

/** The row under content offset `y`, clamped to the list; null for an empty list. */
export function rowAtOffset(y: number, rowHeight: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.max(0, Math.min(total - 1, Math.floor(y / rowHeight)));
}

/**
 * The rows a band from content offset `y0` (the press) to `y1` (the pointer) intersects, as
 * `from` (the press end) and `to` (the pointer end); null when the band lies wholly in the empty
 * space below the last row.
 */
export function bandRows(
  y0: number,
  y1: number,
  rowHeight: number,
  total: number,
): { from: number; to: number } | null {
  if (total <= 0) return null;
  const end = total * rowHeight;
  if (Math.min(y0, y1) >= end) return null;
  const from = rowAtOffset(y0, rowHeight, total);
  const to = rowAtOffset(y1, rowHeight, total);
  return from === null || to === null ? null : { from, to };
}

/**
 * Pixels to scroll this frame while dragging: nothing in the middle, faster the deeper the pointer
 * is in the edge zone (or past the edge), up to `maxStep`.
 */
export function autoScrollStep(
  pointerY: number,
  viewTop: number,
  viewBottom: number,
  edge = 40,
  maxStep = 30,
): number {
  const height = viewBottom - viewTop;
  const zone = Math.min(edge, height / 4);
  if (zone <= 0) return 0;
  const intoTop = viewTop + zone - pointerY;
  if (intoTop > 0) return -Math.ceil(Math.min(1, intoTop / zone) * maxStep);
  const intoBottom = pointerY - (viewBottom - zone);
  if (intoBottom > 0) return Math.ceil(Math.min(1, intoBottom / zone) * maxStep);
  return 0;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The rectangle drawn between the press and the pointer, in content coordinates. */
export function bandRect(x0: number, y0: number, x1: number, y1: number): Rect {
  return {
    left: Math.min(x0, x1),
    top: Math.min(y0, y1),
    width: Math.abs(x1 - x0),
    height: Math.abs(y1 - y0),
  };
}

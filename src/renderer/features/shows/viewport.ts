/**
 * Which rows of a fixed-height list are in view. With one row height the window is a division,
 * so no per-row measurement is kept (a general virtualizer holds one record per row: 50,000 of
 * them, rebuilt each time the count changes, which is every keystroke of a search).
 */
export function visibleRows(
  scrollTop: number,
  viewHeight: number,
  rowHeight: number,
  total: number,
  overscan = 0,
): { first: number; last: number } | null {
  if (total <= 0) return null;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const lastVisible = Math.ceil((scrollTop + Math.max(viewHeight, 0)) / rowHeight) - 1;
  const last = Math.min(total - 1, Math.max(first, lastVisible + overscan));
  return first > total - 1 ? { first: total - 1, last: total - 1 } : { first, last };
}

/** The scroll position that brings row `index` fully into view, moving as little as possible. */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewHeight: number,
  rowHeight: number,
): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewHeight) return Math.max(0, bottom - viewHeight);
  return scrollTop;
}

/** Rows that fit in the view: how far PageUp/PageDown move. */
export function rowsPerPage(viewHeight: number, rowHeight: number): number {
  return Math.max(1, Math.floor(viewHeight / rowHeight));
}

import { describe, expect, it } from 'vitest';
import {
  EMPTY_SELECTION,
  addIds,
  clampToTotal,
  clearPicked,
  clickRow,
  dragSelect,
  extendTo,
  forgetPositions,
  isPicked,
  moveFocus,
  pickedCount,
  pickedIds,
  rangeIds,
  selectAll,
  selectOnly,
  targetIndex,
  toggleFocused,
  toggleRow,
  type IdSource,
  type Selection,
} from './selection';

/** A list of `total` rows whose ids are 1000 + index; `known` limits which rows are loaded. */
function list(total: number, known?: (index: number) => boolean): IdSource {
  return {
    total,
    idAt: (i) => (i >= 0 && i < total && (!known || known(i)) ? 1000 + i : undefined),
  };
}

const src = list(100);

function picked(sel: Selection, source = src): number[] {
  const ids: number[] = [];
  for (let i = 0; i < source.total; i++) {
    const id = 1000 + i;
    if (isPicked(sel.picked, id)) ids.push(i);
  }
  return ids;
}

describe('clicks', () => {
  it('a click picks that row only and sets anchor and focus', () => {
    let sel = clickRow(EMPTY_SELECTION, 3, src, {});
    sel = clickRow(sel, 7, src, {});
    expect(picked(sel)).toEqual([7]);
    expect(sel.anchor).toBe(7);
    expect(sel.focus).toBe(7);
  });

  it('ctrl-click toggles a row and keeps the others', () => {
    let sel = clickRow(EMPTY_SELECTION, 3, src, {});
    sel = clickRow(sel, 7, src, { toggle: true });
    sel = clickRow(sel, 9, src, { toggle: true });
    expect(picked(sel)).toEqual([3, 7, 9]);
    sel = clickRow(sel, 7, src, { toggle: true });
    expect(picked(sel)).toEqual([3, 9]);
    expect(sel.focus).toBe(7);
  });

  it('shift-click picks the range from the anchor, in either direction, replacing the rest', () => {
    let sel = clickRow(EMPTY_SELECTION, 10, src, {});
    sel = clickRow(sel, 14, src, { shift: true });
    expect(picked(sel)).toEqual([10, 11, 12, 13, 14]);
    // A second shift-click moves the far end; the anchor stays.
    sel = clickRow(sel, 8, src, { shift: true });
    expect(picked(sel)).toEqual([8, 9, 10]);
    expect(sel.anchor).toBe(10);
    expect(sel.focus).toBe(8);
  });

  it('ctrl+shift-click adds the range to what was picked when the anchor was set', () => {
    let sel = clickRow(EMPTY_SELECTION, 1, src, {});
    sel = clickRow(sel, 20, src, { toggle: true });
    sel = clickRow(sel, 23, src, { shift: true, toggle: true });
    expect(picked(sel)).toEqual([1, 20, 21, 22, 23]);
    sel = clickRow(sel, 21, src, { shift: true, toggle: true });
    expect(picked(sel)).toEqual([1, 20, 21]);
  });

  it('shift-click with no anchor starts the range at the clicked row', () => {
    const sel = clickRow(EMPTY_SELECTION, 5, src, { shift: true });
    expect(picked(sel)).toEqual([5]);
    expect(sel.anchor).toBe(5);
  });

  it('a range over rows not loaded yet reports them missing, and picks them once known', () => {
    const partial = list(50_000, (i) => i < 200 || i >= 40_000);
    expect(rangeIds(partial, 150, 40_010).missing).toBe(39_800);
    const start = clickRow(EMPTY_SELECTION, 150, partial, {});
    const first = clickRow(start, 40_010, partial, { shift: true });
    expect(pickedCount(first.picked, partial.total)).toBe(50 + 11);
    // The store fetches every id, then applies the same click again to the same selection.
    const again = clickRow(start, 40_010, list(50_000), { shift: true });
    expect(pickedCount(again.picked, 50_000)).toBe(40_010 - 150 + 1);
  });

  it('clicks outside the list are clamped, and an empty list picks nothing', () => {
    expect(clickRow(EMPTY_SELECTION, 500, src, {}).focus).toBe(99);
    expect(clickRow(EMPTY_SELECTION, 0, list(0), {})).toBe(EMPTY_SELECTION);
  });
});

describe('keyboard', () => {
  it('moves by one, by a page, to the ends, and starts at the top', () => {
    expect(targetIndex(null, 'down', 100, 20)).toBe(0);
    expect(targetIndex(null, 'end', 100, 20)).toBe(99);
    expect(targetIndex(5, 'up', 100, 20)).toBe(4);
    expect(targetIndex(0, 'up', 100, 20)).toBe(0);
    expect(targetIndex(99, 'down', 100, 20)).toBe(99);
    expect(targetIndex(5, 'pageDown', 100, 20)).toBe(24);
    expect(targetIndex(90, 'pageDown', 100, 20)).toBe(99);
    expect(targetIndex(30, 'pageUp', 100, 20)).toBe(11);
    expect(targetIndex(30, 'home', 100, 20)).toBe(0);
    expect(targetIndex(30, 'end', 100, 20)).toBe(99);
    expect(targetIndex(3, 'down', 0, 20)).toBeNull();
  });

  it('arrows move focus and selection; shift+arrows extend from the anchor', () => {
    let sel = moveFocus(EMPTY_SELECTION, 'down', src, 20, {});
    expect(picked(sel)).toEqual([0]);
    sel = moveFocus(sel, 'down', src, 20, {});
    expect(picked(sel)).toEqual([1]);
    sel = moveFocus(sel, 'down', src, 20, { shift: true });
    sel = moveFocus(sel, 'down', src, 20, { shift: true });
    expect(picked(sel)).toEqual([1, 2, 3]);
    sel = moveFocus(sel, 'up', src, 20, { shift: true });
    expect(picked(sel)).toEqual([1, 2]);
    sel = moveFocus(sel, 'end', src, 20, { shift: true });
    expect(pickedCount(sel.picked, 100)).toBe(99);
  });

  it('ctrl+arrows move the focus only, and space toggles the focused row', () => {
    let sel = selectOnly(EMPTY_SELECTION, 2, src);
    sel = moveFocus(sel, 'down', src, 20, { toggle: true });
    sel = moveFocus(sel, 'down', src, 20, { toggle: true });
    expect(sel.focus).toBe(4);
    expect(picked(sel)).toEqual([2]);
    sel = toggleFocused(sel, src);
    expect(picked(sel)).toEqual([2, 4]);
  });

  it('Escape clears what is picked and keeps the focus as the next anchor', () => {
    let sel = extendTo(selectOnly(EMPTY_SELECTION, 2, src), 6, src);
    sel = clearPicked(sel);
    expect(picked(sel)).toEqual([]);
    expect(sel.focus).toBe(6);
    sel = moveFocus(sel, 'up', src, 20, { shift: true });
    expect(picked(sel)).toEqual([5, 6]);
  });
});

describe('all matching the filter', () => {
  it('counts every match without holding their ids, and ctrl-click takes rows out', () => {
    let sel = selectAll(selectOnly(EMPTY_SELECTION, 4, src));
    expect(pickedCount(sel.picked, 50_000)).toBe(50_000);
    expect(sel.picked.ids.size).toBe(0);
    sel = toggleRow(sel, 4, src);
    expect(pickedCount(sel.picked, 50_000)).toBe(49_999);
    expect(isPicked(sel.picked, 1004)).toBe(false);
    expect(isPicked(sel.picked, 1005)).toBe(true);
    sel = toggleRow(sel, 4, src);
    expect(pickedCount(sel.picked, 50_000)).toBe(50_000);
  });

  it('lists its ids from every matching id, less the ones taken out', () => {
    const sel = toggleRow(selectAll(EMPTY_SELECTION), 1, list(4));
    expect(pickedIds(sel.picked, [1000, 1001, 1002, 1003])).toEqual([1000, 1002, 1003]);
    expect(() => pickedIds(sel.picked, null)).toThrow();
    expect(pickedIds(selectOnly(EMPTY_SELECTION, 2, src).picked, null)).toEqual([1002]);
  });

  it('adding a range to "all" puts rows taken out back in', () => {
    let sel = selectAll(EMPTY_SELECTION);
    sel = toggleRow(sel, 3, src);
    sel = toggleRow(sel, 40, src);
    expect(addIds(sel.picked, [1003]).ids).toEqual(new Set([1040]));
  });

  it('a plain click leaves "all" mode', () => {
    const sel = clickRow(selectAll(EMPTY_SELECTION), 3, src, {});
    expect(sel.picked.all).toBe(false);
    expect(picked(sel)).toEqual([3]);
  });
});

describe('drag bands', () => {
  it('picks the rows the band crosses, and unpicks them when it shrinks back', () => {
    const start = selectOnly(EMPTY_SELECTION, 50, src);
    let sel = dragSelect(start, { from: 10, to: 14 }, src, false);
    expect(picked(sel)).toEqual([10, 11, 12, 13, 14]);
    sel = dragSelect(start, { from: 10, to: 11 }, src, false);
    expect(picked(sel)).toEqual([10, 11]);
    expect(sel.anchor).toBe(10);
    expect(sel.focus).toBe(11);
  });

  it('with ctrl adds to the selection the drag began with', () => {
    const start = toggleRow(selectOnly(EMPTY_SELECTION, 50, src), 60, src);
    const sel = dragSelect(start, { from: 12, to: 10 }, src, true);
    expect(picked(sel)).toEqual([10, 11, 12, 50, 60]);
  });

  it('a band in the empty space below the rows picks nothing (or keeps the ctrl base)', () => {
    const start = selectOnly(EMPTY_SELECTION, 5, src);
    expect(picked(dragSelect(start, null, src, false))).toEqual([]);
    expect(picked(dragSelect(start, null, src, true))).toEqual([5]);
  });

  it('a shift-click after a drag extends from where the drag began', () => {
    let sel = dragSelect(EMPTY_SELECTION, { from: 20, to: 25 }, src, false);
    sel = clickRow(sel, 18, src, { shift: true });
    expect(picked(sel)).toEqual([18, 19, 20]);
  });
});

describe('when the list changes', () => {
  it('keeps positions inside a shorter list', () => {
    const sel = extendTo(selectOnly(EMPTY_SELECTION, 80, src), 90, src);
    const clamped = clampToTotal(sel, 50);
    expect(clamped.anchor).toBe(49);
    expect(clamped.focus).toBe(49);
    expect(clampToTotal(sel, 0).focus).toBeNull();
    expect(clampToTotal(sel, 100)).toBe(sel);
  });

  it('a re-sort keeps the picked shows but forgets row positions', () => {
    const sel = forgetPositions(extendTo(selectOnly(EMPTY_SELECTION, 2, src), 4, src));
    expect(picked(sel)).toEqual([2, 3, 4]);
    expect(sel.anchor).toBeNull();
    expect(sel.focus).toBeNull();
  });
});

/**
 * Selection as in a desktop file manager, over a list that is never fully loaded: click, ctrl/cmd
 * toggle, shift ranges from an anchor, keyboard moves, drag bands, and "all matching the filter".
 * The Shows list and the Transcriptions list both select this way.
 *
 * Pure data and functions (no DOM, no React), so every rule is unit-tested. Rows are addressed by
 * their index in the current result; what is picked is kept by row id (a show's, a recording's),
 * so it survives scrolling
 * far away and a re-sorted list. A huge selection ("all 50,000 matching") is not a set of 50,000
 * ids but `all` plus the ids taken out of it.
 */

/** Where row ids come from: the loaded pages, or the full id list once fetched. */
export interface IdSource {
  readonly total: number;
  /** The id of the row at `index`, or undefined when that row is not known yet. */
  idAt(index: number): number | undefined;
}

/** The picked shows: `ids` are the selected ones, or with `all` the ones taken out of "all". */
export interface Picked {
  readonly all: boolean;
  readonly ids: ReadonlySet<number>;
}

export interface Selection {
  readonly picked: Picked;
  /** Row index a shift-range starts from. */
  readonly anchor: number | null;
  /** Row index with the keyboard focus: the show in the detail pane. */
  readonly focus: number | null;
  /** What was picked when the anchor was set: ctrl+shift ranges and ctrl+drags add to it. */
  readonly base: Picked;
}

export interface Modifiers {
  /** Shift: a range from the anchor. */
  shift?: boolean;
  /** Ctrl (Cmd on a Mac): toggle, or add to what is picked. */
  toggle?: boolean;
}

const NOTHING: Picked = { all: false, ids: new Set() };

export const EMPTY_SELECTION: Selection = {
  picked: NOTHING,
  anchor: null,
  focus: null,
  base: NOTHING,
};

export function isPicked(picked: Picked, id: number): boolean {
  return picked.all ? !picked.ids.has(id) : picked.ids.has(id);
}

export function pickedCount(picked: Picked, total: number): number {
  return picked.all ? Math.max(0, total - picked.ids.size) : picked.ids.size;
}

/** The ids picked, given every id matching the filter (needed only in `all` mode). */
export function pickedIds(picked: Picked, allIds: readonly number[] | null): number[] {
  if (!picked.all) return [...picked.ids];
  if (!allIds) throw new Error('Every matching id is needed to list an "all matching" selection.');
  return allIds.filter((id) => !picked.ids.has(id));
}

/** `picked` plus `ids`. */
export function addIds(picked: Picked, ids: readonly number[]): Picked {
  if (ids.length === 0) return picked;
  const next = new Set(picked.ids);
  if (picked.all) for (const id of ids) next.delete(id);
  else for (const id of ids) next.add(id);
  return { all: picked.all, ids: next };
}

function toggleId(picked: Picked, id: number): Picked {
  const next = new Set(picked.ids);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return { all: picked.all, ids: next };
}

/** Rows between two indexes (either order), clamped to the list. */
function clampRange(src: IdSource, a: number, b: number): [number, number] | null {
  if (src.total <= 0) return null;
  const last = src.total - 1;
  const from = Math.max(0, Math.min(a, b));
  const to = Math.min(last, Math.max(a, b));
  return from > to ? null : [from, to];
}

/** The ids of rows `a`..`b`, and how many of those rows are not known yet. */
export function rangeIds(src: IdSource, a: number, b: number): { ids: number[]; missing: number } {
  const range = clampRange(src, a, b);
  const ids: number[] = [];
  let missing = 0;
  if (!range) return { ids, missing };
  for (let i = range[0]; i <= range[1]; i++) {
    const id = src.idAt(i);
    if (id === undefined) missing++;
    else ids.push(id);
  }
  return { ids, missing };
}

function clampIndex(src: IdSource, index: number): number | null {
  if (src.total <= 0) return null;
  return Math.max(0, Math.min(src.total - 1, Math.trunc(index)));
}

/** A plain click (or a plain arrow key): this row only. */
export function selectOnly(_sel: Selection, index: number, src: IdSource): Selection {
  const at = clampIndex(src, index);
  if (at === null) return EMPTY_SELECTION;
  const id = src.idAt(at);
  const picked: Picked = id === undefined ? NOTHING : { all: false, ids: new Set([id]) };
  return { picked, anchor: at, focus: at, base: picked };
}

/** Ctrl/cmd-click: flip this row, keep the rest; the row becomes the anchor. */
export function toggleRow(sel: Selection, index: number, src: IdSource): Selection {
  const at = clampIndex(src, index);
  if (at === null) return sel;
  const id = src.idAt(at);
  const picked = id === undefined ? sel.picked : toggleId(sel.picked, id);
  return { picked, anchor: at, focus: at, base: picked };
}

/**
 * Shift-click (or shift+arrow): the rows from the anchor to here. Alone it replaces what was
 * picked; with ctrl it is added to what was picked when the anchor was set. Repeated shift-clicks
 * move the far end, as in a file manager.
 */
export function extendTo(
  sel: Selection,
  index: number,
  src: IdSource,
  additive = false,
): Selection {
  const at = clampIndex(src, index);
  if (at === null) return sel;
  const anchor = sel.anchor === null ? at : Math.min(sel.anchor, src.total - 1);
  const base = sel.anchor === null ? sel.picked : sel.base;
  const { ids } = rangeIds(src, anchor, at);
  const picked = addIds(additive ? base : NOTHING, ids);
  return { picked, anchor, focus: at, base };
}

/** Mouse click on a row, with its modifier keys. */
export function clickRow(sel: Selection, index: number, src: IdSource, mods: Modifiers): Selection {
  if (mods.shift) return extendTo(sel, index, src, mods.toggle ?? false);
  if (mods.toggle) return toggleRow(sel, index, src);
  return selectOnly(sel, index, src);
}

/** Ctrl+arrow: move the focus without touching what is picked. */
function focusOnly(sel: Selection, index: number, src: IdSource): Selection {
  const at = clampIndex(src, index);
  return at === null ? sel : { ...sel, focus: at };
}

/** Space toggles the focused row (ctrl+space in some managers; both do here). */
export function toggleFocused(sel: Selection, src: IdSource): Selection {
  return sel.focus === null ? sel : toggleRow(sel, sel.focus, src);
}

export type MoveKey = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** Where a navigation key takes the focus from `from` (null: nothing focused yet). */
export function targetIndex(
  from: number | null,
  key: MoveKey,
  total: number,
  pageRows: number,
): number | null {
  if (total <= 0) return null;
  const last = total - 1;
  const page = Math.max(1, pageRows - 1);
  if (from === null) return key === 'end' ? last : 0;
  switch (key) {
    case 'up':
      return Math.max(0, from - 1);
    case 'down':
      return Math.min(last, from + 1);
    case 'pageUp':
      return Math.max(0, from - page);
    case 'pageDown':
      return Math.min(last, from + page);
    case 'home':
      return 0;
    case 'end':
      return last;
  }
}

/** A navigation key: plain moves focus and selection, shift extends, ctrl moves focus only. */
export function moveFocus(
  sel: Selection,
  key: MoveKey,
  src: IdSource,
  pageRows: number,
  mods: Modifiers,
): Selection {
  const to = targetIndex(sel.focus, key, src.total, pageRows);
  if (to === null) return sel;
  if (mods.shift) return extendTo(sel, to, src, mods.toggle ?? false);
  if (mods.toggle) return focusOnly(sel, to, src);
  return selectOnly(sel, to, src);
}

/** Ctrl+A: every show matching the filter, loaded or not. */
export function selectAll(sel: Selection): Selection {
  const picked: Picked = { all: true, ids: new Set() };
  return { ...sel, picked, base: picked };
}

/** Escape, or a click on empty space: nothing picked; the focus stays where it is. */
export function clearPicked(sel: Selection): Selection {
  return { picked: NOTHING, anchor: sel.focus, focus: sel.focus, base: NOTHING };
}

/**
 * A drag band over rows `from` (where the press was) to `to` (under the pointer), or over no row
 * at all. Computed from the selection as it was when the drag began, so shrinking the band
 * unpicks rows again. With ctrl it adds to that selection; alone it replaces it.
 */
export function dragSelect(
  start: Selection,
  band: { from: number; to: number } | null,
  src: IdSource,
  additive: boolean,
): Selection {
  const base = additive ? start.picked : NOTHING;
  if (!band) return { picked: base, anchor: start.anchor, focus: start.focus, base };
  const { ids } = rangeIds(src, band.from, band.to);
  const from = clampIndex(src, band.from);
  const to = clampIndex(src, band.to);
  return { picked: addIds(base, ids), anchor: from, focus: to, base };
}

/** After the list changed length (a sync, a refresh): indexes stay inside it. */
export function clampToTotal(sel: Selection, total: number): Selection {
  const clamp = (i: number | null) => (i === null || total <= 0 ? null : Math.min(i, total - 1));
  const anchor = clamp(sel.anchor);
  const focus = clamp(sel.focus);
  return anchor === sel.anchor && focus === sel.focus ? sel : { ...sel, anchor, focus };
}

/** After a re-sort: the same shows stay picked, but row positions mean other shows now. */
export function forgetPositions(sel: Selection): Selection {
  return { ...sel, anchor: null, focus: null, base: sel.picked };
}

/**
 * What a list store offers its list for selecting rows by index. The Shows store and the
 * recordings store both implement it, so the list's mouse, keyboard and drag handling is one.
 */
export interface SelectionActions {
  click: (index: number, mods: Modifiers) => void;
  /** The checkbox in a row's margin: flip that row, keep the rest. */
  toggleAt: (index: number) => void;
  /** A navigation key; the index the focus went to, to scroll into view (null: none). */
  move: (key: MoveKey, mods: Modifiers, pageRows: number) => number | null;
  toggleFocused: () => void;
  selectAll: () => void;
  clearSelection: () => void;
  beginDrag: (additive: boolean) => void;
  dragTo: (band: { from: number; to: number } | null) => void;
  endDrag: () => void;
}

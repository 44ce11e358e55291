import type { KeyboardEvent } from 'react';
import type { MoveKey, SelectionActions } from './selection';

const MOVE_KEYS: Record<string, MoveKey> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  Home: 'home',
  End: 'end',
};

/**
 * The selection keys of a list, as in a file manager: arrows, Page Up/Down, Home and End move
 * (Shift extends, Ctrl moves the focus only), Ctrl+A picks all, Escape clears, Space toggles the
 * focused row. `reveal` scrolls the row the focus moved to into view. False for any other key, so
 * the list may give it a meaning of its own.
 */
export function handleSelectionKey(
  event: KeyboardEvent,
  selection: Pick<SelectionActions, 'move' | 'selectAll' | 'clearSelection' | 'toggleFocused'>,
  pageRows: () => number,
  reveal: (index: number) => void,
): boolean {
  const toggle = event.ctrlKey || event.metaKey;
  const move = MOVE_KEYS[event.key];
  if (move) {
    event.preventDefault();
    const to = selection.move(move, { shift: event.shiftKey, toggle }, pageRows());
    if (to !== null) reveal(to);
  } else if (toggle && (event.key === 'a' || event.key === 'A')) {
    event.preventDefault();
    selection.selectAll();
  } else if (event.key === 'Escape') {
    selection.clearSelection();
  } else if (event.key === ' ') {
    event.preventDefault();
    selection.toggleFocused();
  } else {
    return false;
  }
  return true;
}

import type { KeyboardEvent } from 'react';
import { describe, expect, it } from 'vitest';
import type { MoveKey, Modifiers } from './selection';
import { handleSelectionKey } from './selection-keys';

function key(k: string, mods: { shift?: boolean; ctrl?: boolean; meta?: boolean } = {}) {
  const event = {
    key: k,
    shiftKey: mods.shift ?? false,
    ctrlKey: mods.ctrl ?? false,
    metaKey: mods.meta ?? false,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

function recorder(moveTo: number | null = 7) {
  const calls: string[] = [];
  const moves: { key: MoveKey; mods: Modifiers; page: number }[] = [];
  const revealed: number[] = [];
  const selection = {
    move: (k: MoveKey, mods: Modifiers, page: number) => {
      moves.push({ key: k, mods, page });
      return moveTo;
    },
    selectAll: () => void calls.push('selectAll'),
    clearSelection: () => void calls.push('clearSelection'),
    toggleFocused: () => void calls.push('toggleFocused'),
  };
  const press = (event: ReturnType<typeof key>) =>
    handleSelectionKey(
      event as unknown as KeyboardEvent,
      selection,
      () => 12,
      (i) => revealed.push(i),
    );
  return { calls, moves, revealed, press };
}

describe('the selection keys of a list', () => {
  it('moves with the arrows and paging keys, extends with Shift, and reveals the new row', () => {
    const r = recorder();
    const down = key('ArrowDown', { shift: true });
    expect(r.press(down)).toBe(true);
    expect(down.defaultPrevented).toBe(true);
    expect(r.press(key('PageUp', { ctrl: true }))).toBe(true);
    expect(r.press(key('End'))).toBe(true);
    expect(r.moves).toEqual([
      { key: 'down', mods: { shift: true, toggle: false }, page: 12 },
      { key: 'pageUp', mods: { shift: false, toggle: true }, page: 12 },
      { key: 'end', mods: { shift: false, toggle: false }, page: 12 },
    ]);
    expect(r.revealed).toEqual([7, 7, 7]);
  });

  it('reveals nothing when the focus did not land on a row', () => {
    const r = recorder(null);
    expect(r.press(key('Home'))).toBe(true);
    expect(r.revealed).toEqual([]);
  });

  it('picks all with Ctrl+A or Cmd+A, clears with Escape, toggles with Space', () => {
    const r = recorder();
    expect(r.press(key('a', { ctrl: true }))).toBe(true);
    expect(r.press(key('A', { meta: true }))).toBe(true);
    expect(r.press(key('Escape'))).toBe(true);
    const space = key(' ');
    expect(r.press(space)).toBe(true);
    expect(space.defaultPrevented).toBe(true);
    expect(r.calls).toEqual(['selectAll', 'selectAll', 'clearSelection', 'toggleFocused']);
  });

  it('leaves any other key to the list, untouched', () => {
    const r = recorder();
    const enter = key('Enter');
    const plainA = key('a');
    expect(r.press(enter)).toBe(false);
    expect(r.press(plainA)).toBe(false);
    expect(enter.defaultPrevented || plainA.defaultPrevented).toBe(false);
    expect(r.calls).toEqual([]);
    expect(r.moves).toEqual([]);
  });
});

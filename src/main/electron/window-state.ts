import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the window was and how big, and whether it was maximized, as the operator left it. */
export const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

/** The window's place as Electron takes it: a position only when it is known to be on a screen. */
export interface WindowPlacement {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

/** A saved state, or null when there is none or it cannot be read (the defaults then apply). */
export function readWindowState(file: string): WindowState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, JSON.stringify(state));
  renameSync(partial, file);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/** How much of the window's top strip must be on a screen for the operator to grab it. */
const GRAB = { width: 120, height: 40 };

/**
 * Puts the saved window back where it was if that is still on a screen. A window saved on a
 * display that is gone (a second monitor unplugged, a laptop off its dock) opens centred on the
 * primary display instead, no larger than it.
 */
export function placeWindow(
  saved: WindowState | null,
  displays: readonly { workArea: Rect }[],
  primary: { workArea: Rect },
  defaults: { width: number; height: number },
): WindowPlacement {
  if (saved === null) return { ...defaults, maximized: false };
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: GRAB.height };
  const reachable = displays.some((display) => {
    const seen = overlap(titleBar, display.workArea);
    return seen.width >= Math.min(GRAB.width, saved.width) && seen.height >= GRAB.height / 2;
  });
  if (reachable) {
    return {
      x: saved.x,
      y: saved.y,
      width: saved.width,
      height: saved.height,
      maximized: saved.maximized,
    };
  }
  return {
    width: Math.min(saved.width, primary.workArea.width),
    height: Math.min(saved.height, primary.workArea.height),
    maximized: saved.maximized,
  };
}

/** The part of a BrowserWindow window-state tracking reads. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

/**
 * Saves the window's place as the operator moves and resizes it (at most every half second) and
 * when it closes. A minimized window keeps its normal bounds, which is what is saved.
 */
export function trackWindowState(
  window: TrackedWindow,
  save: (state: WindowState) => void,
  options: { debounceMs?: number; warn?: (message: string, fields?: object) => void } = {},
): () => void {
  let timer: NodeJS.Timeout | null = null;
  function saveNow(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    try {
      save({
        x: Math.round(bounds.x),
        y: Math.round(bounds.y),
        width: Math.round(bounds.width),
        height: Math.round(bounds.height),
        maximized: window.isMaximized(),
      });
    } catch (error) {
      options.warn?.('the window position could not be saved', { error });
    }
  }
  function later(): void {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(saveNow, options.debounceMs ?? 500);
  }
  window.on('resize', later);
  window.on('move', later);
  window.on('close', saveNow);
  return () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
}

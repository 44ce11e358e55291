import { describe, expect, it } from 'vitest';
import { autoScrollStep, bandRect, bandRows, movedBeyondThreshold, rowAtOffset } from './drag-band';

const H = 30;

describe('rows under the band', () => {
  it('finds rows by offset, clamped to the list', () => {
    expect(rowAtOffset(0, H, 100)).toBe(0);
    expect(rowAtOffset(29.9, H, 100)).toBe(0);
    expect(rowAtOffset(30, H, 100)).toBe(1);
    expect(rowAtOffset(-50, H, 100)).toBe(0);
    expect(rowAtOffset(1e9, H, 100)).toBe(99);
    expect(rowAtOffset(10, H, 0)).toBeNull();
  });

  it('keeps which end was pressed, whichever way the pointer went', () => {
    expect(bandRows(45, 130, H, 100)).toEqual({ from: 1, to: 4 });
    expect(bandRows(130, 45, H, 100)).toEqual({ from: 4, to: 1 });
  });

  it('covers rows far beyond those rendered when the drag began (auto-scrolled)', () => {
    // Pressed on row 2; the list scrolled 45,000 rows down while the pointer sat at the bottom.
    const pointerY = 700 + 45_000 * H;
    expect(bandRows(75, pointerY, H, 50_000)).toEqual({ from: 2, to: 45_023 });
  });

  it('a band wholly below the last row crosses nothing; one reaching up into rows does', () => {
    expect(bandRows(400, 500, H, 10)).toBeNull();
    expect(bandRows(400, 250, H, 10)).toEqual({ from: 9, to: 8 });
    expect(bandRows(0, 10, H, 0)).toBeNull();
  });
});

describe('auto-scroll at the edges', () => {
  it('does nothing in the middle, scrolls up near the top and down near the bottom', () => {
    expect(autoScrollStep(300, 100, 600)).toBe(0);
    expect(autoScrollStep(110, 100, 600)).toBeLessThan(0);
    expect(autoScrollStep(590, 100, 600)).toBeGreaterThan(0);
  });

  it('goes faster deeper in the edge zone, and at full speed past the edge', () => {
    const shallow = autoScrollStep(570, 100, 600);
    const deep = autoScrollStep(595, 100, 600);
    expect(deep).toBeGreaterThan(shallow);
    expect(autoScrollStep(900, 100, 600)).toBe(30);
    expect(autoScrollStep(-200, 100, 600)).toBe(-30);
  });

  it('keeps the edge zone small in a short list view', () => {
    expect(autoScrollStep(150, 100, 200)).toBe(0);
    expect(autoScrollStep(105, 100, 200)).toBeLessThan(0);
  });
});

describe('the drawn band', () => {
  it('is the rectangle between press and pointer', () => {
    expect(bandRect(50, 300, 10, 120)).toEqual({ left: 10, top: 120, width: 40, height: 180 });
  });

  it('starts only after a few pixels of movement', () => {
    expect(movedBeyondThreshold(2, 2)).toBe(false);
    expect(movedBeyondThreshold(0, 5)).toBe(true);
  });
});

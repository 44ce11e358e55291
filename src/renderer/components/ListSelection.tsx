import type { Rect } from '../lib/drag-band';

/** The rectangle a drag-select draws over the rows it picks. */
export function DragBand({ band }: { band: Rect | null }) {
  if (!band) return null;
  return (
    <div
      className="drag-band"
      data-testid="drag-band"
      aria-hidden="true"
      style={{
        transform: `translate(${band.left}px, ${band.top}px)`,
        width: band.width,
        height: band.height,
      }}
    />
  );
}

/**
 * The checkbox over a list's margin: ticked when every row is picked (a click clears), partly
 * ticked when some are, and otherwise picks them all (as Ctrl+A does).
 */
export function CheckAllButton({
  picked,
  total,
  selectAllLabel,
  onSelectAll,
  onClear,
}: {
  picked: number;
  total: number;
  /** What picking all does, in words: "Select all matching shows". */
  selectAllLabel: string;
  onSelectAll: () => void;
  onClear: () => void;
}) {
  const allPicked = total > 0 && picked === total;
  return (
    <button
      type="button"
      className={allPicked ? 'check-all checked' : picked > 0 ? 'check-all partial' : 'check-all'}
      aria-label={allPicked ? 'Clear the selection' : selectAllLabel}
      title={allPicked ? 'Clear the selection' : `${selectAllLabel} (Ctrl+A)`}
      disabled={total === 0}
      onClick={() => {
        if (allPicked) onClear();
        else onSelectAll();
      }}
    >
      <span className="check" aria-hidden="true" />
    </button>
  );
}

/** "· 12 selected  Clear selection" in a list's status line. */
export function SelectedCount({
  count,
  onClear,
}: {
  /** How many are picked, formatted as the list's other counts are. */
  count: string;
  onClear: () => void;
}) {
  return (
    <>
      <span className="sep" aria-hidden="true">
        ·
      </span>
      <span data-testid="selected-count" className="selected-count" aria-live="polite">
        {count} selected
      </span>
      <button type="button" className="link" onClick={onClear}>
        Clear selection
      </button>
    </>
  );
}

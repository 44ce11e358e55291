import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

/**
 * The bar between two panes that sets the first one's width: dragged with the mouse, or moved
 * with the arrow keys (Home and End for the limits) once focused.
 */
export function Splitter({
  label,
  value,
  min,
  max,
  onChange,
  controls,
}: {
  label: string;
  /** The first pane's width in pixels. */
  value: number;
  min: number;
  max: number;
  onChange: (width: number) => void;
  /** The id of the pane it sizes. */
  controls?: string;
}) {
  const start = useRef<{ pointerId: number; x: number; width: number } | null>(null);
  const clamp = (width: number) => Math.round(Math.max(min, Math.min(max, width)));

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.shiftKey ? 80 : 20;
    let next: number | null = null;
    if (event.key === 'ArrowLeft') next = value - step;
    else if (event.key === 'ArrowRight') next = value + step;
    else if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    if (next === null) return;
    event.preventDefault();
    onChange(clamp(next));
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0) return;
    event.preventDefault();
    start.current = { pointerId: event.pointerId, x: event.clientX, width: value };
    event.currentTarget.setPointerCapture(event.pointerId);
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const s = start.current;
    if (s?.pointerId !== event.pointerId) return;
    onChange(clamp(s.width + event.clientX - s.x));
  }

  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    if (start.current?.pointerId !== event.pointerId) return;
    start.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
  }

  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-controls={controls}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    />
  );
}

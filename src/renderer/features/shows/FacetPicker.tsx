import { useEffect, useId, useRef, useState } from 'react';
import { formatCount } from './format';

export interface PickerOption<V extends string | number> {
  value: V;
  name: string;
  count: number;
}

interface FacetPickerProps<V extends string | number> {
  label: string;
  options: readonly PickerOption<V>[];
  selected: readonly V[];
  onToggle: (value: V) => void;
  onClear: () => void;
  /** Shown when the catalog has no values for it yet. */
  emptyText?: string;
}

/** Lists longer than this get a filter box. */
const FILTER_BOX_FROM = 8;
/** Options drawn at once; the filter box narrows the rest. */
const MAX_OPTIONS = 300;

/**
 * A multi-select filter as a button that opens a panel of checkboxes with counts from the
 * catalog. Closes on Escape (focus back on its button) and on a press outside.
 */
export function FacetPicker<V extends string | number>({
  label,
  options,
  selected,
  onToggle,
  onClear,
  emptyText = 'Nothing to choose from yet: sync the catalog first.',
}: FacetPickerProps<V>) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const needle = query.trim().toLowerCase();
  const matching = needle ? options.filter((o) => o.name.toLowerCase().includes(needle)) : options;
  const names = options.filter((o) => selected.includes(o.value)).map((o) => o.name);

  return (
    <div
      className="picker"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={selected.length > 0 ? 'btn btn-filter active' : 'btn btn-filter'}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`${label} filter${selected.length > 0 ? `, ${selected.length} chosen` : ''}`}
        title={
          names.length > 0 ? `${label}: ${names.join(', ')}` : `Filter by ${label.toLowerCase()}`
        }
        onClick={() => setOpen((o) => !o)}
      >
        {label}
        {selected.length > 0 ? <span className="filter-count">{selected.length}</span> : null}
        <span aria-hidden="true" className="caret">
          ▾
        </span>
      </button>
      {open ? (
        <div className="picker-panel" id={panelId} role="group" aria-label={label}>
          {options.length >= FILTER_BOX_FROM ? (
            <input
              type="search"
              className="picker-search"
              placeholder={`Find a ${label.toLowerCase()}`}
              aria-label={`Find a ${label.toLowerCase()}`}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoFocus
            />
          ) : null}
          {options.length === 0 ? <p className="muted picker-note">{emptyText}</p> : null}
          {options.length > 0 && matching.length === 0 ? (
            <p className="muted picker-note">
              No {label.toLowerCase()} contains “{query}”.
            </p>
          ) : null}
          <ul className="picker-list">
            {matching.slice(0, MAX_OPTIONS).map((option) => (
              <li key={option.value}>
                <label className="picker-option">
                  <input
                    type="checkbox"
                    checked={selected.includes(option.value)}
                    onChange={() => onToggle(option.value)}
                  />
                  <span className="picker-name">{option.name}</span>
                  <span className="picker-count">{formatCount(option.count)}</span>
                </label>
              </li>
            ))}
          </ul>
          {matching.length > MAX_OPTIONS ? (
            <p className="muted picker-note">
              {formatCount(matching.length - MAX_OPTIONS)} more: type to narrow the list.
            </p>
          ) : null}
          <div className="picker-foot">
            <button
              type="button"
              className="link"
              onClick={onClear}
              disabled={selected.length === 0}
            >
              Clear {label.toLowerCase()}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

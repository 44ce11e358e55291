import type { RefObject } from 'react';

/**
 * A search field with its magnifier icon: type to search, Escape clears the text (and, when there
 * is none, calls `onEscapeEmpty` if given). `landmark` makes the box a search landmark.
 */
export function SearchInput({
  value,
  onChange,
  label,
  placeholder,
  className,
  landmark = false,
  id,
  inputRef,
  onEscapeEmpty,
}: {
  value: string;
  onChange: (text: string) => void;
  /** The input's accessible name. */
  label: string;
  placeholder: string;
  /** Classes added to the box's `search-box`. */
  className?: string;
  landmark?: boolean;
  id?: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  onEscapeEmpty?: () => void;
}) {
  return (
    <div
      className={className ? `search-box ${className}` : 'search-box'}
      role={landmark ? 'search' : undefined}
    >
      <span className="search-icon" aria-hidden="true">
        ⌕
      </span>
      <input
        id={id}
        ref={inputRef}
        type="search"
        className="search-input"
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          if (value !== '') {
            e.preventDefault();
            onChange('');
          } else if (onEscapeEmpty) {
            e.preventDefault();
            onEscapeEmpty();
          }
        }}
        spellCheck={false}
        autoComplete="off"
      />
    </div>
  );
}

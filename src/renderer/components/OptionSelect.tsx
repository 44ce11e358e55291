import type { NamedOption } from '../../shared/catalog';

/**
 * A choice among a catalog lookup's options (or a select field's), with "(none)" first. A value
 * the options no longer list (renamed or removed since the sync) stays selectable, shown by id.
 */
export function OptionSelect({
  id,
  value,
  options,
  onChange,
  invalid = false,
}: {
  id: string;
  /** The chosen id as text; '' for none. */
  value: string;
  options: readonly NamedOption[];
  onChange: (value: string) => void;
  invalid?: boolean;
}) {
  const known = value === '' || options.some((o) => String(o.id) === value);
  return (
    <select id={id} value={value} aria-invalid={invalid} onChange={(e) => onChange(e.target.value)}>
      <option value="">(none)</option>
      {known ? null : <option value={value}>#{value}</option>}
      {options.map((o) => (
        <option key={o.id} value={String(o.id)}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

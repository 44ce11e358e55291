import { formatCount, type Tone } from '../features/shows/format';

/**
 * Counts by state above a list; "All" clears the filter and each other chip adds or removes its
 * state (several may be on). The state is said in words with a dot of its tone, never colour alone.
 */
export function StateChips<S extends string>({
  states,
  counts,
  active,
  badge,
  toneChips = false,
  onSetStates,
  onToggle,
}: {
  /** Every state, in the order the chips stand. */
  states: readonly S[];
  /** How many rows are in each state; null until known. */
  counts: Record<S, number> | null;
  /** The states the list is filtered to; none is all. */
  active: readonly S[];
  badge: (state: S) => { label: string; tone: Tone };
  /** Each chip also carries its tone as a class (`chip-ok`, ...). */
  toneChips?: boolean;
  onSetStates: (states: S[]) => void;
  onToggle: (state: S) => void;
}) {
  const total = counts ? Object.values<number>(counts).reduce((a, b) => a + b, 0) : null;
  return (
    <div className="tx-chips" role="group" aria-label="Filter by state">
      <button
        type="button"
        className={active.length === 0 ? 'tx-chip active' : 'tx-chip'}
        aria-pressed={active.length === 0}
        onClick={() => onSetStates([])}
      >
        All{total !== null ? <span className="tx-chip-count">{formatCount(total)}</span> : null}
      </button>
      {states.map((state) => {
        const { label, tone } = badge(state);
        const count = counts?.[state] ?? 0;
        const on = active.includes(state);
        return (
          <button
            key={state}
            type="button"
            className={`tx-chip${toneChips ? ` chip-${tone}` : ''}${on ? ' active' : ''}${count === 0 && !on ? ' zero' : ''}`}
            aria-pressed={on}
            data-state={state}
            onClick={() => onToggle(state)}
          >
            <span className={`tx-dot tone-${tone}`} aria-hidden="true" />
            {label}
            <span className="tx-chip-count">{formatCount(count)}</span>
          </button>
        );
      })}
    </div>
  );
}

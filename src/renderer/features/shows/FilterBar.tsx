import type { RefObject } from 'react';
import type { CatalogFacets, FacetOption, ShowFilter, VodState } from '../../../shared/catalog';
import { SearchInput } from '../../components/SearchInput';
import { useShowEditsStore, useShowsStore } from '../../stores';
import { FacetPicker, type PickerOption } from './FacetPicker';
import { activeFilterCount, isFiltered, toggleValue } from './filter';
import { vodStateLabel } from './format';

type IdFilterKey = 'categoryIds' | 'projectIds' | 'producerIds' | 'locationIds';

const ID_FACETS: {
  key: IdFilterKey;
  facet: keyof Pick<CatalogFacets, 'categories' | 'projects' | 'producers' | 'locations'>;
  label: string;
}[] = [
  { key: 'categoryIds', facet: 'categories', label: 'Category' },
  { key: 'projectIds', facet: 'projects', label: 'Project' },
  { key: 'producerIds', facet: 'producers', label: 'Producer' },
  { key: 'locationIds', facet: 'locations', label: 'Location' },
];

function options(list: readonly FacetOption[] | undefined): PickerOption<number>[] {
  return (list ?? []).map((o) => ({ value: o.id, name: o.name, count: o.count }));
}

function triState(value: boolean | null): string {
  return value === null ? '' : value ? 'yes' : 'no';
}

function fromTriState(value: string): boolean | null {
  return value === '' ? null : value === 'yes';
}

/** Search as you type: every keystroke asks the core (see LatestQuery for the pacing). */
export function SearchBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const text = useShowsStore((s) => s.filter.text);
  const setText = useShowsStore((s) => s.setText);
  return (
    <SearchInput
      landmark
      inputRef={inputRef}
      label="Search shows"
      placeholder="Search titles, descriptions, producers, custom fields…  (Ctrl+F)"
      value={text}
      onChange={setText}
    />
  );
}

/** The filters an operator narrows the catalog with. */
export function FilterBar() {
  const filter = useShowsStore((s) => s.filter);
  const facets = useShowsStore((s) => s.facets);
  const setFilter = useShowsStore((s) => s.setFilter);
  const clearFilters = useShowsStore((s) => s.clearFilters);
  const editCounts = useShowEditsStore((s) => s.counts);

  const vodOptions: PickerOption<VodState>[] = (facets?.vodStates ?? []).map((v) => ({
    value: v.state,
    name: vodStateLabel(v.state),
    count: v.count,
  }));
  const patch = (p: Partial<ShowFilter>) => setFilter(p);
  const filtered = isFiltered(filter);
  const extra = activeFilterCount(filter);

  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      <div className="filters">
        <div className="date-range" role="group" aria-label="Event date range">
          <input
            type="date"
            aria-label="Event date from"
            title="Event date from"
            value={filter.dateFrom ?? ''}
            min={facets?.dateRange.min?.slice(0, 10)}
            max={facets?.dateRange.max?.slice(0, 10)}
            onChange={(e) => patch({ dateFrom: e.target.value || null })}
          />
          <span aria-hidden="true">–</span>
          <input
            type="date"
            aria-label="Event date to"
            title="Event date to"
            value={filter.dateTo ?? ''}
            min={facets?.dateRange.min?.slice(0, 10)}
            max={facets?.dateRange.max?.slice(0, 10)}
            onChange={(e) => patch({ dateTo: e.target.value || null })}
          />
        </div>
        {ID_FACETS.map(({ key, facet, label }) => (
          <FacetPicker
            key={key}
            label={label}
            options={options(facets?.[facet])}
            selected={filter[key]}
            onToggle={(id) => patch({ [key]: toggleValue(filter[key], id) })}
            onClear={() => patch({ [key]: [] })}
          />
        ))}
        <select
          aria-label="Has VOD"
          className={filter.hasVod !== null ? 'select-filter active' : 'select-filter'}
          value={triState(filter.hasVod)}
          onChange={(e) => patch({ hasVod: fromTriState(e.target.value) })}
        >
          <option value="">VOD: any</option>
          <option value="yes">Has VOD</option>
          <option value="no">No VOD</option>
        </select>
        <FacetPicker
          label="VOD state"
          options={vodOptions}
          selected={filter.vodStates}
          onToggle={(state) => patch({ vodStates: toggleValue(filter.vodStates, state) })}
          onClear={() => patch({ vodStates: [] })}
        />
        <select
          aria-label="Has captions"
          className={filter.hasCaptions !== null ? 'select-filter active' : 'select-filter'}
          value={triState(filter.hasCaptions)}
          onChange={(e) => patch({ hasCaptions: fromTriState(e.target.value) })}
        >
          <option value="">Captions: any</option>
          <option value="yes">Captioned</option>
          <option value="no">Not captioned</option>
        </select>
        <select
          aria-label="Local edits"
          className={filter.edits !== null ? 'select-filter active' : 'select-filter'}
          value={filter.edits ?? ''}
          onChange={(e) =>
            patch({
              edits: e.target.value === '' ? null : (e.target.value as 'unpushed' | 'conflict'),
            })
          }
        >
          <option value="">Edits: any</option>
          <option value="unpushed">
            Not on Cablecast yet{editCounts ? ` (${editCounts.unpushed})` : ''}
          </option>
          <option value="conflict">
            Conflicts{editCounts ? ` (${editCounts.inConflict})` : ''}
          </option>
        </select>
        <button
          type="button"
          className="btn btn-small"
          onClick={clearFilters}
          disabled={!filtered}
          title={extra > 0 ? `${extra} filter${extra === 1 ? '' : 's'} set` : undefined}
        >
          Clear filters
        </button>
      </div>
    </div>
  );
}

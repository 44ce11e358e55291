import { memo, type MouseEvent } from 'react';
import type { ShowRow } from '../../../shared/catalog';
import { formatDateTime, formatRunTime, vodBadge, wallClock } from './format';

interface ShowRowViewProps {
  index: number;
  row: ShowRow | undefined;
  top: number;
  selected: boolean;
  focused: boolean;
  onRowClick: (index: number, event: MouseEvent) => void;
}

export function rowDomId(index: number): string {
  return `show-row-${index}`;
}

/**
 * One row of the show list. Clicking its cells selects as a file manager does; the gutter cell
 * on the left is where a drag-select starts (and a plain click there toggles the row).
 */
export const ShowRowView = memo(function ShowRowView({
  index,
  row,
  top,
  selected,
  focused,
  onRowClick,
}: ShowRowViewProps) {
  const className = [
    'grid-row',
    'body-row',
    index % 2 === 1 ? 'odd' : '',
    selected ? 'selected' : '',
    focused ? 'focused' : '',
    row ? '' : 'pending',
  ]
    .filter(Boolean)
    .join(' ');
  if (!row) {
    return (
      <div
        role="row"
        id={rowDomId(index)}
        aria-rowindex={index + 2}
        aria-selected={selected}
        aria-busy="true"
        className={className}
        style={{ transform: `translateY(${top}px)` }}
      >
        <div role="gridcell" className="cell gutter" data-gutter="">
          <span className="check" aria-hidden="true" />
        </div>
        <div role="gridcell" className="cell loading-cell">
          <span className="skeleton" aria-label="Loading" />
        </div>
      </div>
    );
  }
  const clock = wallClock(row.eventDate);
  const badge = vodBadge(row.hasVod, row.vodState);
  const secondTitle = row.cgTitle && row.cgTitle !== row.title ? row.cgTitle : null;
  return (
    <div
      role="row"
      id={rowDomId(index)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-show-id={row.id}
      className={className}
      style={{ transform: `translateY(${top}px)` }}
      onClick={(event) => onRowClick(index, event)}
    >
      <div role="gridcell" className="cell gutter" data-gutter="">
        <span className="check" aria-hidden="true" />
      </div>
      <div role="gridcell" className="cell col-date" title={formatDateTime(row.eventDate)}>
        {clock?.day ?? ''}
      </div>
      <div
        role="gridcell"
        className="cell col-title"
        title={secondTitle ? `${row.title}\nPublic title: ${secondTitle}` : row.title}
      >
        <span className="title-main">
          {row.edit ? (
            <span
              className={`edit-mark ${row.edit === 'conflict' ? 'tone-bad' : 'tone-warn'}`}
              title={
                row.edit === 'conflict'
                  ? 'Changed here and on Cablecast: settle it in the detail pane'
                  : 'Edited here, not on Cablecast yet'
              }
            >
              {row.edit === 'conflict' ? 'Conflict' : 'Edited'}
            </span>
          ) : null}
          {row.title}
        </span>
        {secondTitle ? <span className="title-sub">{secondTitle}</span> : null}
      </div>
      <div role="gridcell" className="cell col-lookup" title={row.category ?? undefined}>
        {row.category}
      </div>
      <div role="gridcell" className="cell col-lookup" title={row.project ?? undefined}>
        {row.project}
      </div>
      <div role="gridcell" className="cell col-lookup" title={row.producer ?? undefined}>
        {row.producer}
      </div>
      <div role="gridcell" className="cell col-num">
        {formatRunTime(row.totalRunTime)}
      </div>
      <div role="gridcell" className="cell col-vod">
        <span className={`badge tone-${badge.tone}`}>{badge.label}</span>
      </div>
      <div role="gridcell" className="cell col-cc">
        {row.hasCaptions ? (
          <span className="cc-yes" title="Has captions">
            ✓<span className="sr-only"> Captions</span>
          </span>
        ) : (
          <span className="sr-only">No captions</span>
        )}
      </div>
    </div>
  );
});

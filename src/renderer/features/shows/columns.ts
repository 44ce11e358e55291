import type { ShowSortField } from '../../../shared/catalog';

interface Column {
  field: ShowSortField;
  label: string;
  /** Spoken and shown as a tooltip when the label is short. */
  title?: string;
  className: string;
}

export const COLUMNS: readonly Column[] = [
  { field: 'eventDate', label: 'Event date', className: 'col-date' },
  { field: 'title', label: 'Title', className: 'col-title' },
  { field: 'category', label: 'Category', className: 'col-lookup' },
  { field: 'project', label: 'Project', className: 'col-lookup' },
  { field: 'producer', label: 'Producer', className: 'col-lookup' },
  { field: 'totalRunTime', label: 'Run time', className: 'col-num' },
  { field: 'vodState', label: 'VOD', className: 'col-vod' },
  { field: 'hasCaptions', label: 'CC', title: 'Captions', className: 'col-cc' },
];

/** The gutter (drag-select starts there) plus the data columns. */
export const COLUMN_COUNT = COLUMNS.length + 1;

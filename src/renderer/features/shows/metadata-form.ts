import type { ShowEditInput, ShowEdits, ShowMetadataView } from '../../../shared/catalog';

/** The editor's inputs, as text: `cgTitle`, `comments`, the lookups' ids, `eventDate`, `field:N`. */
export type FormValues = Record<string, string>;

/** Custom field types edited here; files and producers are chosen in Cablecast itself. */
const EDITABLE_TYPES = new Set(['string', 'select', 'date', 'number', 'tag', null]);

export function editableFields(metadata: ShowMetadataView): ShowMetadataView['choices']['fields'] {
  return metadata.choices.fields.filter((f) => EDITABLE_TYPES.has(f.type));
}

/** The offset a Cablecast date was written with (`-05:00`); Z reads as `+00:00`. */
export function offsetOf(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const match = /([+-]\d{2}:\d{2}|Z)$/.exec(iso);
  if (!match?.[1]) return null;
  return match[1] === 'Z' ? '+00:00' : match[1];
}

/** This computer's offset at a given local time, as `+hh:mm`. */
function localOffset(local: string): string {
  const minutes = -new Date(local).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A Cablecast date as a `datetime-local` input shows it: the station's own wall clock (the digits
 * as written), not converted to this computer's zone.
 */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/.exec(iso);
  return match?.[1] ?? '';
}

/** The input's wall-clock time back as a Cablecast date, with the show's own offset. */
export function fromLocalInput(local: string, original: string | null | undefined): string | null {
  if (local === '') return null;
  const offset = offsetOf(original) ?? localOffset(local);
  return `${local.length === 16 ? `${local}:00` : local}${offset}`;
}

function text(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** What the form starts from: the catalog's copy of the show, with the edits made here on top. */
export function formValuesOf(metadata: ShowMetadataView, edits: ShowEdits | null): FormValues {
  const { current } = metadata;
  const values: FormValues = {
    cgTitle: text(current.cgTitle),
    comments: text(current.comments),
    categoryId: text(current.categoryId),
    producerId: text(current.producerId),
    projectId: text(current.projectId),
    eventDate: toLocalInput(current.eventDate),
  };
  for (const field of editableFields(metadata)) {
    values[`field:${field.showField}`] = text(
      current.customFields.find((f) => f.showField === field.showField)?.value,
    );
  }
  for (const field of edits?.fields ?? []) {
    values[field.key] =
      field.key === 'eventDate' ? toLocalInput(text(field.value)) : text(field.value);
  }
  return values;
}

function idOrNull(value: string): number | null {
  return value === '' ? null : Number(value);
}

/** Only what the operator changed in the form, in the contract's shape. */
export function changesOf(
  metadata: ShowMetadataView,
  initial: FormValues,
  values: FormValues,
): ShowEditInput['changes'] {
  const changes: ShowEditInput['changes'] = {};
  const changed = (key: string) => (values[key] ?? '') !== (initial[key] ?? '');
  if (changed('cgTitle')) changes.cgTitle = values.cgTitle || null;
  if (changed('comments')) changes.comments = values.comments || null;
  for (const key of ['categoryId', 'producerId', 'projectId'] as const) {
    if (changed(key)) changes[key] = idOrNull(values[key] ?? '');
  }
  if (changed('eventDate')) {
    changes.eventDate = fromLocalInput(values.eventDate ?? '', metadata.current.eventDate);
  }
  const customFields: NonNullable<ShowEditInput['changes']['customFields']> = [];
  for (const field of editableFields(metadata)) {
    const key = `field:${field.showField}`;
    if (!changed(key)) continue;
    const value = values[key] ?? '';
    customFields.push({
      showField: field.showField,
      value: field.type === 'select' ? idOrNull(value) : value === '' ? null : value,
    });
  }
  if (customFields.length > 0) changes.customFields = customFields;
  return changes;
}

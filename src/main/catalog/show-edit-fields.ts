/**
 * The fields of a show an operator edits locally, read the same way from the catalog's copy and
 * from Cablecast's, so the two can be compared; and the change a push sends for them.
 */
import type { ShowEditKey, ShowEditValue, ShowMetadataChoices } from '../../shared/catalog';
import type { Show, ShowPatch } from '../cablecast';
import type { StoredCustomField } from './catalog.schema';
import { normValue, sameInstant, sameTags, sameValue, splitTags } from './show-values';

/** What the editable fields are read from: a catalog row, or Cablecast's show flattened alike. */
export interface EditSource {
  cgTitle: string | null;
  comments: string | null;
  categoryId: number | null;
  producerId: number | null;
  projectId: number | null;
  eventDate: string | null;
  customFields: readonly StoredCustomField[];
}

export const FIXED_KEYS = [
  'cgTitle',
  'comments',
  'categoryId',
  'producerId',
  'projectId',
  'eventDate',
] as const;
type FixedKey = (typeof FIXED_KEYS)[number];

const FIXED_LABELS: Record<FixedKey, string> = {
  cgTitle: 'Public title',
  comments: 'Description',
  categoryId: 'Category',
  producerId: 'Producer',
  projectId: 'Project',
  eventDate: 'Event date',
};

/** Field types whose value is an id (an option, a file, a producer). */
const REFERENCE_TYPES = new Set(['select', 'file', 'producer']);
/** Custom field types an operator edits here; files and producers are chosen in Cablecast itself. */
export const EDITABLE_FIELD_TYPES = new Set(['string', 'select', 'date', 'number', 'tag', null]);

export function fieldKey(showField: number): ShowEditKey {
  return `field:${showField}`;
}

/** The show field of a `field:<id>` key; null for the fixed fields. */
export function showFieldOf(key: string): number | null {
  const match = /^field:(\d+)$/.exec(key);
  return match ? Number(match[1]) : null;
}

function isFixed(key: string): key is FixedKey {
  return (FIXED_KEYS as readonly string[]).includes(key);
}

/** A custom field's type as the catalog knows it (the definition's when synced, else the show's). */
export function fieldTypeOf(
  key: string,
  source: EditSource,
  choices: ShowMetadataChoices | null,
): string | null {
  const showField = showFieldOf(key);
  if (showField === null) return null;
  return (
    choices?.fields.find((f) => f.showField === showField)?.type ??
    source.customFields.find((f) => f.showField === showField)?.type ??
    null
  );
}

/** A field's value in `source`, in the form an edit stores it. */
export function valueOf(source: EditSource, key: string): ShowEditValue {
  if (isFixed(key)) return normValue(source[key]);
  const showField = showFieldOf(key);
  const stored = source.customFields.find((f) => f.showField === showField);
  if (!stored) return null;
  if (stored.type !== null && REFERENCE_TYPES.has(stored.type)) return stored.refId;
  return normValue(stored.value);
}

/** Whether two values of a field are the same: tags as sets, dates as instants, text trimmed. */
export function sameFieldValue(
  key: string,
  type: string | null,
  a: ShowEditValue,
  b: ShowEditValue,
): boolean {
  if (key === 'eventDate') return sameInstant(a, b);
  if (type === 'tag') return sameTags(splitTags(a), splitTags(b));
  return sameValue(a, b);
}

export function labelOf(
  key: string,
  source: EditSource,
  choices: ShowMetadataChoices | null,
): string {
  if (isFixed(key)) return FIXED_LABELS[key];
  const showField = showFieldOf(key);
  return (
    choices?.fields.find((f) => f.showField === showField)?.name ??
    source.customFields.find((f) => f.showField === showField)?.fieldName ??
    `Field ${showField ?? key}`
  );
}

/** A value in words: a lookup or option by its name (with its id), text quoted. */
export function describeValue(
  key: string,
  value: ShowEditValue,
  choices: ShowMetadataChoices | null,
): string {
  if (value === null) return '(empty)';
  const named = (list: { id: number; name: string }[] | null | undefined): string => {
    const name = list?.find((o) => o.id === value)?.name;
    return name === undefined ? `#${String(value)}` : `${name} (${String(value)})`;
  };
  if (key === 'categoryId') return named(choices?.categories);
  if (key === 'producerId') return named(choices?.producers);
  if (key === 'projectId') return named(choices?.projects);
  const showField = showFieldOf(key);
  const field = choices?.fields.find((f) => f.showField === showField);
  if (field?.type === 'select') return named(field.options);
  return `“${String(value)}”`;
}

/**
 * The change that writes `values` onto Cablecast's copy `server`: only those fields. Custom fields
 * go as the whole list with the changed values in it, so a server that reads the list as a
 * replacement and one that merges it by show field both keep the others.
 */
export function showPatchFor(
  server: Show,
  values: ReadonlyMap<string, ShowEditValue>,
  choices: ShowMetadataChoices | null,
): ShowPatch {
  const patch: ShowPatch = {};
  const customFields = server.customFields.map((f) => ({ ...f }));
  let customChanged = false;
  for (const [key, value] of values) {
    switch (key) {
      case 'cgTitle':
        patch.cgTitle = value === null ? null : String(value);
        break;
      case 'comments':
        patch.comments = value === null ? null : String(value);
        break;
      case 'categoryId':
        patch.category = typeof value === 'number' ? value : null;
        break;
      case 'producerId':
        patch.producer = typeof value === 'number' ? value : null;
        break;
      case 'projectId':
        patch.project = typeof value === 'number' ? value : null;
        break;
      case 'eventDate':
        patch.eventDate = value === null ? null : String(value);
        break;
      default: {
        const showField = showFieldOf(key);
        if (showField === null) break;
        const field = choices?.fields.find((f) => f.showField === showField);
        const display =
          field?.type === 'select'
            ? (field.options?.find((o) => o.id === value)?.name ?? null)
            : value === null
              ? null
              : String(value);
        const item = customFields.find((f) => f.showField === showField);
        if (item) {
          item.value = value;
          item.fieldValueString = display;
        } else {
          customFields.push({ showField, value, fieldValueString: display });
        }
        customChanged = true;
      }
    }
  }
  if (customChanged) patch.customFields = customFields;
  return patch;
}

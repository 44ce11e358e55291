/**
 * The metadata step's decision: which show fields a publish writes, and which it must not.
 *
 * A three-way comparison per field: the draft, the copy of the show the draft was made from
 * (its base), and the server's copy now. The draft changes a field when it differs from its base;
 * that change is written when the server still has the base, skipped when the server already has
 * the draft's value, and a conflict otherwise. Fields the draft did not change are never sent.
 */
import type { ShowMetadata, ShowMetadataChoices } from '../../shared/catalog';
import type { RecordingDraft } from '../../shared/library';
import type { Show, ShowPatch } from '../cablecast';
import { normValue as norm, sameTags, sameValue as same, splitTags } from '../catalog/show-values';

export { splitTags };

type Value = string | number | null;

export interface FieldConflict {
  label: string;
  /** As the server has it now. */
  server: string;
  /** As it was when the draft was made. */
  base: string;
  /** As the draft says. */
  draft: string;
}

export interface ShowUpdate {
  /** What to send (merged into the server's copy by the client); empty when nothing changes. */
  patch: ShowPatch;
  /** Labels of the fields written, in order. */
  changed: string[];
  conflicts: FieldConflict[];
  /** What could not be written and does not stop the publish. */
  notes: string[];
}

const REFERENCE_TYPES = new Set(['select', 'file', 'producer']);

/** A custom field's value as the server holds it, in the form the catalog stores it. */
function serverFieldValue(field: Show['customFields'][number]): Value {
  const raw = field.value;
  if (field.type !== null && field.type !== undefined && REFERENCE_TYPES.has(field.type))
    return typeof raw === 'number' ? raw : null;
  if (typeof raw === 'string' || typeof raw === 'number') return norm(raw);
  return norm(field.fieldValueString);
}

export interface ShowUpdateInput {
  server: Show;
  draft: RecordingDraft;
  /**
   * The copy the draft was made from: the draft's own base, or (for a draft saved before bases
   * were kept) the catalog's copy now. Null when neither is known: every change is then written.
   */
  base: ShowMetadata | null;
  /** The batch's tags, added to whatever the tags end up as. */
  tagsToAdd: readonly string[];
  /** Names for ids, for the words of a conflict. */
  choices: ShowMetadataChoices | null;
}

export function planShowUpdate(input: ShowUpdateInput): ShowUpdate {
  const { server, draft, choices } = input;
  const base = input.base !== null && input.base.showId === server.id ? input.base : null;
  const patch: ShowPatch = {};
  const changed: string[] = [];
  const conflicts: FieldConflict[] = [];
  const notes: string[] = [];

  const named = (list: { id: number; name: string }[] | undefined, value: Value): string => {
    if (value === null) return '(none)';
    const name = typeof value === 'number' ? list?.find((o) => o.id === value)?.name : undefined;
    return name === undefined ? String(value) : `${name} (${value})`;
  };

  /**
   * One field: `wanted` is the draft's value (undefined: the draft does not set it); written
   * through `write` when the draft changed it and the server still has the base.
   */
  const consider = (
    label: string,
    wanted: Value | undefined,
    serverValue: Value,
    baseValue: Value | undefined,
    write: () => void,
    describe: (value: Value) => string = (v) => (v === null ? '(empty)' : `"${String(v)}"`),
  ): void => {
    if (wanted === undefined) return;
    if (baseValue !== undefined && same(wanted, baseValue)) return; // the draft left it alone
    if (same(wanted, serverValue)) return; // already so on the server (a step re-run lands here)
    if (baseValue !== undefined && !same(serverValue, baseValue)) {
      conflicts.push({
        label,
        server: describe(serverValue),
        base: describe(baseValue),
        draft: describe(wanted),
      });
      return;
    }
    write();
    changed.push(label);
  };

  // Titles and the description: an empty draft field means "leave it".
  const texts = [
    ['title', 'title', draft.title, 'title'],
    ['public title', 'cgTitle', draft.cgTitle, 'cgTitle'],
    ['description', 'comments', draft.description, 'comments'],
  ] as const;
  for (const [label, key, value, baseKey] of texts) {
    const wanted = value.trim();
    if (wanted === '') continue;
    consider(label, wanted, norm(server[key]), base ? norm(base[baseKey]) : undefined, () => {
      patch[key] = wanted;
    });
  }

  const fields = draft.fields;
  const lookups = [
    ['category', 'categoryId', 'category', choices?.categories],
    ['producer', 'producerId', 'producer', choices?.producers],
    ['project', 'projectId', 'project', choices?.projects],
  ] as const;
  for (const [label, key, serverKey, list] of lookups) {
    const wanted = fields[key];
    consider(
      label,
      wanted,
      norm(server[serverKey]),
      base ? base[key] : undefined,
      () => {
        patch[serverKey] = wanted ?? null;
      },
      (v) => named(list, v),
    );
  }
  consider(
    'thumbnail',
    fields.thumbnailId,
    norm(server.thumbnail),
    base ? base.thumbnailId : undefined,
    () => {
      patch.thumbnail = fields.thumbnailId ?? null;
    },
    (v) => (v === null ? '(none)' : `asset ${String(v)}`),
  );

  // Custom fields: the whole list is sent with the changed values in it, so a server that reads
  // the list as a replacement and one that merges it by show field both keep the others.
  const customFields = server.customFields.map((f) => ({ ...f }));
  let customChanged = false;
  const setField = (showField: number, value: Value, display: string | null): void => {
    const item = customFields.find((f) => f.showField === showField);
    if (item) {
      item.value = value;
      item.fieldValueString = display;
    } else {
      customFields.push({
        showField,
        value,
        fieldValueString: display,
      });
    }
    customChanged = true;
  };
  for (const wanted of fields.customFields ?? []) {
    const item = server.customFields.find((f) => f.showField === wanted.showField);
    const choice = choices?.fields.find((f) => f.showField === wanted.showField);
    const label = choice?.name ?? item?.fieldName ?? `custom field ${wanted.showField}`;
    const baseValue = base
      ? (base.customFields.find((f) => f.showField === wanted.showField)?.value ?? null)
      : undefined;
    const describe =
      choice?.type === 'select'
        ? (v: Value) => named(choice.options ?? undefined, v)
        : (v: Value) => (v === null ? '(empty)' : `"${String(v)}"`);
    consider(
      label,
      wanted.value,
      item ? serverFieldValue(item) : null,
      baseValue,
      () => {
        const display =
          choice?.type === 'select'
            ? (choice.options?.find((o) => o.id === wanted.value)?.name ?? null)
            : wanted.value === null
              ? null
              : String(wanted.value);
        setField(wanted.showField, wanted.value, display);
      },
      describe,
    );
  }

  // Tags live in the show's custom field of type `tag`, comma-separated.
  const tagField = server.customFields.find((f) => f.type === 'tag');
  const extra = tagsToAddOf(input.tagsToAdd);
  if (draft.tags.length > 0 || extra.length > 0) {
    if (!tagField || tagField.showField === null || tagField.showField === undefined) {
      notes.push('The show has no tags field on Cablecast, so the tags were not written.');
    } else {
      const showField = tagField.showField;
      const serverTags = splitTags(tagField.value ?? tagField.fieldValueString);
      const baseTags = base
        ? splitTags(base.customFields.find((f) => f.showField === showField)?.value ?? null)
        : undefined;
      const draftChanges =
        draft.tags.length > 0 && (baseTags === undefined || !sameTags(draft.tags, baseTags));
      let next = serverTags;
      let conflicted = false;
      if (draftChanges) {
        const serverMoved = baseTags !== undefined && !sameTags(serverTags, baseTags);
        if (serverMoved && !sameTags(serverTags, draft.tags)) {
          conflicted = true;
          conflicts.push({
            label: tagField.fieldName ?? 'tags',
            server: `"${serverTags.join(', ')}"`,
            base: `"${(baseTags ?? []).join(', ')}"`,
            draft: `"${draft.tags.join(', ')}"`,
          });
        } else {
          next = [...draft.tags];
        }
      }
      const merged = splitTags([...next, ...extra].join(','));
      if (!conflicted && !sameTags(merged, serverTags)) {
        const value = merged.join(',');
        setField(showField, value, value);
        changed.push(`${merged.length} tags`);
      }
    }
  }
  if (customChanged) patch.customFields = customFields;
  return { patch, changed, conflicts, notes };
}

function tagsToAddOf(list: readonly string[]): string[] {
  return splitTags(list.join(','));
}

/** A conflict in words: each field with the three versions. */
export function conflictMessage(showId: number, conflicts: readonly FieldConflict[]): string {
  const parts = conflicts.map(
    (c) =>
      `${c.label}: Cablecast has ${c.server}, the draft was made from ${c.base} and says ${c.draft}`,
  );
  return `Show ${showId} changed on Cablecast since the draft was made (${parts.join('; ')}). Sync the catalog, review the draft, save it and publish again.`;
}

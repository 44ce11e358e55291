import { useId, useState } from 'react';
import type { NamedOption, ShowMetadataView } from '../../../shared/catalog';
import type { RecordingDetail } from '../../../shared/library';
import { OptionSelect } from '../../components/OptionSelect';
import { useLibraryStore } from '../../stores';
import {
  effectiveCustom,
  effectiveLookup,
  withCustom,
  withLookup,
  type DraftEdit,
  type LookupField,
} from './draft-edit';

function edit(change: (e: DraftEdit) => DraftEdit) {
  useLibraryStore.getState().editDraft(change);
}

/** Custom field types the draft sets; files and producers are chosen in Cablecast itself. */
const EDITABLE = new Set(['string', 'select', 'date', 'number', null]);

function Changed({ on }: { on: boolean }) {
  return on ? (
    <span className="tx-changed" title="The publish changes this on Cablecast">
      changed
    </span>
  ) : null;
}

function LookupSelect({
  label,
  field,
  options,
  show,
  fields,
}: {
  label: string;
  field: Exclude<LookupField, 'thumbnailId'>;
  options: NamedOption[];
  show: ShowMetadataView;
  fields: DraftEdit['fields'];
}) {
  const id = useId();
  const value = effectiveLookup(fields, show.current, field);
  return (
    <div className="field tx-show-field">
      <label htmlFor={id}>
        {label} <Changed on={fields[field] !== undefined} />
      </label>
      <OptionSelect
        id={id}
        value={value === null ? '' : String(value)}
        options={options}
        onChange={(text) => {
          const next = text === '' ? null : Number(text);
          edit((d) => ({ ...d, fields: withLookup(d.fields, show.current, field, next) }));
        }}
      />
    </div>
  );
}

const LOOKUPS = [
  ['Category', 'categoryId', 'categories'],
  ['Producer', 'producerId', 'producers'],
  ['Project', 'projectId', 'projects'],
] as const;

/** A thumbnail option's image; its asset id when the image cannot be loaded. */
function ThumbImage({ id, url, n }: { id: number; url: string | null; n: number }) {
  const [failed, setFailed] = useState(false);
  if (!url || failed) return <span className="tx-thumb-none">Asset {id}</span>;
  return (
    <img
      src={url}
      alt={`Thumbnail ${n} (asset ${id})`}
      width={128}
      height={72}
      onError={() => setFailed(true)}
    />
  );
}

/**
 * The linked show's fields a publish writes besides the titles: category, producer, project,
 * thumbnail and custom fields. Each starts as the show has it; what the operator changes is kept in
 * the draft and marked.
 */
export function ShowFieldsEditor({ detail, draft }: { detail: RecordingDetail; draft: DraftEdit }) {
  const base = useId();
  const show = detail.show;
  if (!show) {
    return (
      <div className="tx-show-fields" data-testid="show-fields">
        <h4 className="tx-subhead">Show fields on Cablecast</h4>
        <p className="muted">
          {detail.link
            ? `Show ${detail.link.showId} is not in the local catalog yet: sync the catalog to set its category, producer, project, thumbnail and custom fields.`
            : 'Link the recording to a show to set its category, producer, project, thumbnail and custom fields.'}
        </p>
      </div>
    );
  }
  const { choices, current } = show;
  const fields = draft.fields;
  const thumbnail = effectiveLookup(fields, current, 'thumbnailId');
  const tagField = choices.fields.find((f) => f.type === 'tag');
  const custom = choices.fields.filter((f) => EDITABLE.has(f.type));
  return (
    <div className="tx-show-fields" data-testid="show-fields">
      <h4 className="tx-subhead">Show fields on Cablecast</h4>
      <p className="muted tx-show-fields-note">
        As show {current.showId} has them in the catalog. A publish writes only what you change
        here, and stops if Cablecast changed that field since.
        {tagField ? ` The tags above go to its “${tagField.name}” field.` : ''}
      </p>
      <div className="tx-show-grid">
        {LOOKUPS.map(([label, field, list]) => (
          <LookupSelect
            key={field}
            label={label}
            field={field}
            options={choices[list]}
            show={show}
            fields={fields}
          />
        ))}
        {custom.map((f) => {
          const id = `${base}-cf-${f.showField}`;
          const value = effectiveCustom(fields, current, f.showField);
          const changed = fields.customFields?.some((c) => c.showField === f.showField) ?? false;
          return (
            <div className="field tx-show-field" key={f.showField}>
              <label htmlFor={id}>
                {f.name} <Changed on={changed} />
              </label>
              {f.type === 'select' ? (
                <OptionSelect
                  id={id}
                  value={value === null ? '' : String(value)}
                  options={f.options ?? []}
                  onChange={(text) => {
                    const next = text === '' ? null : Number(text);
                    edit((d) => ({
                      ...d,
                      fields: withCustom(d.fields, current, f.showField, next),
                    }));
                  }}
                />
              ) : (
                <input
                  id={id}
                  type="text"
                  maxLength={4000}
                  value={value === null ? '' : String(value)}
                  onChange={(e) => {
                    const next = e.target.value;
                    edit((d) => ({
                      ...d,
                      fields: withCustom(d.fields, current, f.showField, next),
                    }));
                  }}
                />
              )}
            </div>
          );
        })}
      </div>
      {choices.thumbnails.length > 0 ? (
        <fieldset className="tx-thumbs">
          <legend>
            Thumbnail <Changed on={fields.thumbnailId !== undefined} />
          </legend>
          <div className="tx-thumb-row">
            {choices.thumbnails.map((t, i) => (
              <label
                key={t.id}
                className={`tx-thumb${thumbnail === t.id ? ' is-chosen' : ''}`}
                title={`Asset ${t.id}`}
              >
                <input
                  type="radio"
                  name={`${base}-thumb`}
                  value={t.id}
                  checked={thumbnail === t.id}
                  onChange={() =>
                    edit((d) => ({
                      ...d,
                      fields: withLookup(d.fields, current, 'thumbnailId', t.id),
                    }))
                  }
                />
                <ThumbImage id={t.id} url={t.url} n={i + 1} />
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <p className="muted">The show has no thumbnails to choose from yet.</p>
      )}
    </div>
  );
}

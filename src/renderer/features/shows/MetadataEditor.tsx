import { useId } from 'react';
import type { ShowDetail, ShowEdits, ShowMetadataView } from '../../../shared/catalog';
import { OptionSelect } from '../../components/OptionSelect';
import { useShowEditsStore } from '../../stores';
import { formatInstant } from './format';
import { editableFields, offsetOf } from './metadata-form';

const LOOKUPS = [
  ['Category', 'categoryId', 'categories'],
  ['Producer', 'producerId', 'producers'],
  ['Project', 'projectId', 'projects'],
] as const;

/** The form: Cablecast's copy with the edits made here on top; Save keeps only what changed. */
function MetadataForm({ metadata }: { metadata: ShowMetadataView }) {
  const base = useId();
  const values = useShowEditsStore((s) => s.editor?.values ?? {});
  const busy = useShowEditsStore((s) => s.busy);
  const problem = useShowEditsStore((s) => s.problem);
  const set = (key: string, value: string) => useShowEditsStore.getState().setValue(key, value);
  const errorFor = (key: string) => (problem?.path === `changes.${key}` ? problem.message : null);
  const { choices } = metadata;
  const offset = offsetOf(metadata.current.eventDate);
  return (
    <form
      className="metadata-form"
      aria-label="Edit show metadata"
      onSubmit={(e) => {
        e.preventDefault();
        void useShowEditsStore.getState().save();
      }}
    >
      <div className="field">
        <label htmlFor={`${base}-cg`}>Public title</label>
        <input
          id={`${base}-cg`}
          type="text"
          maxLength={255}
          value={values.cgTitle ?? ''}
          onChange={(e) => set('cgTitle', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${base}-desc`}>Description</label>
        <textarea
          id={`${base}-desc`}
          rows={4}
          maxLength={20_000}
          value={values.comments ?? ''}
          onChange={(e) => set('comments', e.target.value)}
        />
      </div>
      <div className="metadata-grid">
        {LOOKUPS.map(([label, key, list]) => (
          <div className="field" key={key}>
            <label htmlFor={`${base}-${key}`}>{label}</label>
            <OptionSelect
              id={`${base}-${key}`}
              value={values[key] ?? ''}
              options={choices[list]}
              invalid={errorFor(key) !== null}
              onChange={(value) => set(key, value)}
            />
            {errorFor(key) ? <p className="field-error">{errorFor(key)}</p> : null}
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${base}-date`}>
            Event date <span className="muted">(station time{offset ? `, UTC${offset}` : ''})</span>
          </label>
          <input
            id={`${base}-date`}
            type="datetime-local"
            value={values.eventDate ?? ''}
            aria-invalid={errorFor('eventDate') !== null}
            onChange={(e) => set('eventDate', e.target.value)}
          />
          {errorFor('eventDate') ? <p className="field-error">{errorFor('eventDate')}</p> : null}
        </div>
        {editableFields(metadata).map((f) => {
          const key = `field:${f.showField}`;
          const id = `${base}-${key}`;
          return (
            <div className="field" key={key}>
              <label htmlFor={id}>
                {f.name}
                {f.type === 'tag' ? <span className="muted"> (comma-separated)</span> : null}
              </label>
              {f.type === 'select' ? (
                <select
                  id={id}
                  value={values[key] ?? ''}
                  onChange={(e) => set(key, e.target.value)}
                >
                  <option value="">(none)</option>
                  {(f.options ?? []).map((o) => (
                    <option key={o.id} value={String(o.id)}>
                      {o.name}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  type="text"
                  maxLength={4000}
                  value={values[key] ?? ''}
                  onChange={(e) => set(key, e.target.value)}
                />
              )}
            </div>
          );
        })}
      </div>
      {problem ? (
        <p className="alert alert-error" role="alert">
          {problem.message}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save edits
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => useShowEditsStore.getState().close()}
        >
          Cancel
        </button>
        <span className="muted">
          Kept here and written to Cablecast by the next metadata sync; only the fields you change
          are written.
        </span>
      </div>
    </form>
  );
}

/** Each edited field; in conflict, the two sides next to each other with a choice per field. */
function EditsSummary({ edits }: { edits: ShowEdits }) {
  const busy = useShowEditsStore((s) => s.busy);
  const store = () => useShowEditsStore.getState();
  const conflict = edits.state === 'conflict';
  return (
    <div
      className={`edits-summary ${conflict ? 'is-conflict' : 'is-pending'}`}
      data-testid="show-edits"
      data-state={edits.state}
    >
      <p className="edits-head">
        <span className={`badge ${conflict ? 'tone-bad' : 'tone-warn'}`}>
          {conflict ? 'Conflict' : 'Not on Cablecast yet'}
        </span>{' '}
        {conflict
          ? 'Changed here and on Cablecast since: choose, field by field, which value stays.'
          : 'Edited here; the next metadata sync writes these fields to Cablecast.'}
      </p>
      {edits.error ? (
        <p className="alert alert-warn" role="note">
          {edits.error}
        </p>
      ) : null}
      <ul className="edit-fields">
        {edits.fields.map((f) => (
          <li
            key={f.key}
            className="edit-field"
            data-key={f.key}
            aria-label={f.label}
            data-conflict={f.server !== null}
          >
            <div className="edit-field-label">
              {f.label}
              {f.server !== null ? <span className="badge tone-bad">both changed</span> : null}
            </div>
            <div className="edit-sides">
              <div className="edit-side edit-local">
                <span className="edit-side-label">Here</span>
                <span className="edit-value">{f.local}</span>
                {f.server !== null ? (
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy}
                    onClick={() =>
                      void store().resolve(edits.showId, [{ key: f.key, side: 'local' }])
                    }
                  >
                    Keep mine
                  </button>
                ) : null}
              </div>
              <div className="edit-side edit-server">
                <span className="edit-side-label">
                  {f.server !== null ? 'On Cablecast now' : 'On Cablecast'}
                </span>
                <span className="edit-value">{f.server ?? f.base}</span>
                {f.server !== null ? (
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy}
                    onClick={() =>
                      void store().resolve(edits.showId, [{ key: f.key, side: 'server' }])
                    }
                  >
                    Take Cablecast’s
                  </button>
                ) : null}
              </div>
            </div>
            {f.server !== null ? (
              <p className="edit-base muted">When you edited it, Cablecast had {f.base}.</p>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => void store().push([edits.showId])}
        >
          Push now
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => void store().discard(edits.showId)}
        >
          Discard edits
        </button>
        <span className="muted">
          Edited {formatInstant(edits.editedAt)}
          {edits.checkedAt ? `; checked with Cablecast ${formatInstant(edits.checkedAt)}` : ''}
        </span>
      </div>
    </div>
  );
}

/** The detail pane's metadata editing: what is edited and not yet on Cablecast, and the form. */
export function MetadataEditor({ show }: { show: ShowDetail }) {
  const editor = useShowEditsStore((s) => (s.editor?.showId === show.id ? s.editor : null));
  const busy = useShowEditsStore((s) => s.busy);
  const problem = useShowEditsStore((s) => s.problem);
  const lastPush = useShowEditsStore((s) =>
    s.lastPush?.showIds?.includes(show.id) ? s.lastPush.result : null,
  );
  if (show.deletedAt) return null;
  return (
    <section className="detail-section" aria-labelledby="detail-edit">
      <h3 id="detail-edit">Edit on Cablecast</h3>
      {show.edits ? <EditsSummary edits={show.edits} /> : null}
      {lastPush && lastPush.failed.length > 0 ? (
        <p className="alert alert-warn" role="status">
          {lastPush.failed.map((f) => f.message).join(' ')}
        </p>
      ) : null}
      {editor ? (
        <MetadataForm metadata={editor.metadata} />
      ) : (
        <>
          {problem ? (
            <p className="alert alert-error" role="alert">
              {problem.message}
            </p>
          ) : null}
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void useShowEditsStore.getState().open(show.id, show.edits)}
          >
            Edit metadata
          </button>
        </>
      )}
    </section>
  );
}

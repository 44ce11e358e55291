import type { SettingsView } from '../../../shared/settings';
import type { FormError } from './form-values';

/**
 * Where a field's value comes from, under it: "saved" (on this machine), "default from
 * VOD_BATCH_SIZE" (the environment), or "built-in default".
 */
export function SourceHint({ view, path }: { view: SettingsView; path: string }) {
  const variable = view.fromEnvironment[path];
  if (variable) return <span className="hint source-hint">default from {variable}</span>;
  const source = view.sources[path];
  if (source === 'saved') return <span className="hint source-hint">saved</span>;
  if (source === 'default') return <span className="hint source-hint">built-in default</span>;
  return null;
}

/**
 * A form's error, led by the field's name as the screen shows it when the message does not
 * already start with it (the core's messages name the field in its own words).
 */
export function FormAlert({
  error,
  labels,
}: {
  error: FormError | null;
  labels: Record<string, string>;
}) {
  if (!error) return null;
  const label = labels[error.path ?? ''];
  return (
    <div className="alert alert-error" role="alert">
      {label && !error.message.startsWith(label) ? <strong>{label}: </strong> : null}
      {error.message}
    </div>
  );
}

/** Whether a field is the one the shown error is about, as `aria-invalid` takes it. */
export function invalidIf(error: FormError | null, path: string): true | undefined {
  return error?.path !== undefined && error.path.endsWith(path) ? true : undefined;
}

/** The reason a field was refused, under the field itself (the form's alert repeats it at Save). */
export function FieldProblem({ error, path }: { error: FormError | null; path: string }) {
  if (!invalidIf(error, path) || !error) return null;
  return <span className="field-error">{error.message}</span>;
}

/**
 * A settings form's submit button, and "Saved." beside it once this form's save went through.
 * The screen's forms share one save state, so each says what of it is its own.
 */
export function SaveRow({
  label,
  saving,
  savingHere,
  saved,
}: {
  label: string;
  /** A save runs (any form's): the button waits. */
  saving: boolean;
  /** The button says "Saving…": a save runs that this form started. */
  savingHere: boolean;
  /** This form's last save went through and nothing since says otherwise. */
  saved: boolean;
}) {
  return (
    <div className="row">
      <button type="submit" className="btn btn-primary" disabled={saving}>
        {savingHere ? 'Saving…' : label}
      </button>
      {saved ? (
        <span className="muted" role="status">
          Saved.
        </span>
      ) : null}
    </div>
  );
}

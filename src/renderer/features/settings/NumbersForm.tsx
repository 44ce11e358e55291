import { useEffect, useState, type FormEvent } from 'react';
import type { SettingsView } from '../../../shared/settings';
import { useSettingsStore } from '../../stores';
import { FieldProblem, FormAlert, invalidIf, SaveRow, SourceHint } from './form-parts';

type NumberSection = 'webhooks' | 'health';

export interface NumberField {
  key: string;
  label: string;
  /** Shown beside the label: "seconds", "minutes"… */
  unit: string;
  /** Stored value per shown unit (1000 for seconds kept in ms). */
  scale?: number;
}

/**
 * A settings section of numbers shown in the operator's units (seconds rather than the
 * milliseconds kept): each refused value is named beside its field.
 */
export function NumbersForm({
  view,
  section,
  fields,
  label,
  saveLabel,
  className,
  children,
}: {
  view: SettingsView;
  section: NumberSection;
  fields: readonly NumberField[];
  /** The form's accessible name. */
  label: string;
  saveLabel: string;
  className?: string;
  /** Shown above the Save button (a hint). */
  children?: React.ReactNode;
}) {
  const save = useSettingsStore((s) => s.save);
  const saving = useSettingsStore((s) => s.saving);
  const saveError = useSettingsStore((s) => s.saveError);
  const savedAt = useSettingsStore((s) => s.savedAt);
  const ours = useSettingsStore((s) => s.saveSection === section);
  const current = view.settings[section] as Record<string, number>;
  const fromCore = (): Record<string, string> =>
    Object.fromEntries(fields.map((f) => [f.key, String((current[f.key] ?? 0) / (f.scale ?? 1))]));
  const [draft, setDraft] = useState(fromCore);
  const sectionKey = JSON.stringify(current);
  useEffect(() => setDraft(fromCore()), [sectionKey]);
  const error = ours ? saveError : null;
  const labels = Object.fromEntries(fields.map((f) => [`${section}.${f.key}`, f.label]));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const values = Object.fromEntries(
      fields.map((f) => {
        const text = draft[f.key] ?? '';
        const number = text.trim() === '' ? Number.NaN : Number(text);
        return [f.key, f.scale ? Math.round(number * f.scale) : number];
      }),
    );
    await save({ [section]: values });
  }

  return (
    <form className={className} onSubmit={(e) => void onSubmit(e)} aria-label={label}>
      {fields.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`${section}-${f.key}`}>
            {f.label} <span className="muted">({f.unit})</span>
          </label>
          <input
            id={`${section}-${f.key}`}
            type="text"
            inputMode="decimal"
            aria-invalid={invalidIf(error, `${section}.${f.key}`)}
            value={draft[f.key] ?? ''}
            onChange={(e) => {
              const value = e.target.value;
              setDraft((d) => ({ ...d, [f.key]: value }));
            }}
          />
          <FieldProblem error={error} path={`${section}.${f.key}`} />
          <SourceHint view={view} path={`${section}.${f.key}`} />
        </div>
      ))}
      {children}
      <FormAlert error={error} labels={labels} />
      <SaveRow
        label={saveLabel}
        saving={saving}
        savingHere={saving && ours}
        saved={savedAt !== null && ours && !error && !saving}
      />
    </form>
  );
}

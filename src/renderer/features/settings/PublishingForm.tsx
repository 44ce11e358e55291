import { useEffect, useState, type FormEvent } from 'react';
import type { SettingsView } from '../../../shared/settings';
import { useSettingsStore } from '../../stores';
import { FieldProblem, SourceHint, FormAlert, invalidIf, SaveRow } from './form-parts';
import type { FormError } from './form-values';
import {
  fileStoreChoices,
  PUBLISHING_LABELS,
  publishingDraft,
  publishingPatch,
  type PublishingDraft,
} from './publishing-draft';

type TextKey = Exclude<
  keyof PublishingDraft,
  'captions' | 'chapters' | 'destinationStoreId' | 'autoPublish' | 'autoPublishApproval'
>;

/** How publishing to Cablecast VOD runs, and the batch dialog's defaults. */
export function PublishingForm({ view }: { view: SettingsView }) {
  const save = useSettingsStore((s) => s.save);
  const saving = useSettingsStore((s) => s.saving);
  const saveError = useSettingsStore((s) => s.saveError);
  const savedAt = useSettingsStore((s) => s.savedAt);
  const ours = useSettingsStore((s) => s.saveSection === 'publishing');
  const fileStores = useSettingsStore((s) => s.fileStores);
  const [draft, setDraft] = useState<PublishingDraft>(() =>
    publishingDraft(view.settings.publishing),
  );
  const [localError, setLocalError] = useState<FormError | null>(null);

  // Reset to what the core has only when this section changed (see ConnectionForm).
  const sectionKey = JSON.stringify(view.settings.publishing);
  useEffect(() => {
    setDraft(publishingDraft(view.settings.publishing));
  }, [sectionKey]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const read = publishingPatch(draft);
    setLocalError(read.ok ? null : read.error);
    if (read.ok) await save({ publishing: read.settings });
  }

  const shownError: FormError | null = localError ?? (ours ? saveError : null);

  /** Called as a function, not used as a component, so React keeps the input and its focus. */
  function textField(props: {
    name: TextKey;
    setting: string;
    label: string;
    inputMode?: 'numeric' | 'decimal';
    placeholder?: string;
    hint?: string;
  }) {
    const { name, setting, label, hint, ...input } = props;
    const path = `publishing.${setting}`;
    return (
      <div className="field">
        <label htmlFor={`p-${name}`}>{label}</label>
        <input
          id={`p-${name}`}
          name={name}
          type="text"
          aria-invalid={invalidIf(shownError, path)}
          {...input}
          value={draft[name]}
          onChange={(e) => {
            const value = e.target.value;
            setDraft((d) => ({ ...d, [name]: value }));
          }}
        />
        <FieldProblem error={shownError} path={path} />
        {hint ? <span className="hint">{hint}</span> : null}
        <SourceHint view={view} path={path} />
      </div>
    );
  }

  function toggle(name: 'captions' | 'chapters' | 'autoPublish', label: string) {
    return (
      <label className="row">
        <input
          id={`p-${name}`}
          name={name}
          type="checkbox"
          checked={draft[name]}
          onChange={(e) => {
            const checked = e.target.checked;
            setDraft((d) => ({ ...d, [name]: checked }));
          }}
        />
        {label}
      </label>
    );
  }

  return (
    <form className="card" onSubmit={(e) => void onSubmit(e)} aria-labelledby="publishing-title">
      <h2 id="publishing-title">Publishing</h2>
      {textField({
        name: 'concurrency',
        setting: 'concurrency',
        label: 'Publishes at once',
        inputMode: 'numeric',
      })}
      {textField({
        name: 'defaultQuality',
        setting: 'defaultQuality',
        label: 'Default quality ID',
        inputMode: 'numeric',
        placeholder: 'Auto',
        hint: "Empty: the server's Auto quality.",
      })}
      {textField({
        name: 'vodConfigurationId',
        setting: 'vodConfigurationId',
        label: 'VOD configuration ID',
        inputMode: 'numeric',
        placeholder: "The show's location's",
        hint: "Empty: the VOD configuration of the show's location.",
      })}
      <div className="field">
        <label htmlFor="p-destinationStoreId">Upload to file store</label>
        <select
          id="p-destinationStoreId"
          name="destinationStoreId"
          aria-invalid={invalidIf(shownError, 'publishing.destinationStoreId')}
          value={draft.destinationStoreId}
          onChange={(e) => {
            const value = e.target.value;
            setDraft((d) => ({ ...d, destinationStoreId: value }));
          }}
        >
          {fileStoreChoices(fileStores, draft.destinationStoreId).map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        <span className="hint">
          {fileStores.length === 0
            ? 'The stores appear here once a sync has read them from Cablecast.'
            : 'Where uploaded videos and captions land on Cablecast.'}
        </span>
        <SourceHint view={view} path="publishing.destinationStoreId" />
      </div>
      {textField({
        name: 'contentShare',
        setting: 'contentShare',
        label: 'Content share',
        placeholder: '/mnt/content or \\\\server\\content',
        hint: 'Where the content drive is mounted: videos and captions are copied there instead of uploaded. Empty: upload.',
      })}

      <div className="field" role="group" aria-labelledby="publishing-batch-defaults">
        <span id="publishing-batch-defaults" className="muted">
          What a new batch starts with (each batch may change it)
        </span>
        {toggle('captions', 'Publish captions')}
        {toggle('chapters', 'Publish chapters')}
      </div>

      <div className="field" role="group" aria-labelledby="publishing-auto">
        <span id="publishing-auto" className="muted">
          Auto-publish (when it runs: Settings › Schedules)
        </span>
        {toggle('autoPublish', 'Publish ready recordings at the scheduled times')}
        <SourceHint view={view} path="publishing.autoPublish" />
        <label htmlFor="p-autoPublishApproval" className="muted">
          Auto-publish takes
        </label>
        <select
          id="p-autoPublishApproval"
          name="autoPublishApproval"
          value={draft.autoPublishApproval}
          onChange={(e) => {
            const value = e.target.value === 'trusted' ? 'trusted' : 'required';
            setDraft((d) => ({ ...d, autoPublishApproval: value }));
          }}
        >
          <option value="required">Only recordings whose draft a person approved</option>
          <option value="trusted">Every ready recording with a saved draft</option>
        </select>
        <SourceHint view={view} path="publishing.autoPublishApproval" />
      </div>

      <details>
        <summary>Uploads</summary>
        {textField({
          name: 'uploadTimeoutSeconds',
          setting: 'uploadTimeoutMs',
          label: 'Upload timeout per chunk (seconds)',
          inputMode: 'decimal',
        })}
        {textField({
          name: 'uploadChunkMb',
          setting: 'uploadChunkMb',
          label: 'Upload chunk size (MB)',
          inputMode: 'numeric',
        })}
      </details>

      <FormAlert error={shownError} labels={PUBLISHING_LABELS} />
      <SaveRow
        label="Save publishing settings"
        saving={saving}
        savingHere={saving && ours}
        saved={savedAt !== null && ours && !shownError && !saving}
      />
    </form>
  );
}

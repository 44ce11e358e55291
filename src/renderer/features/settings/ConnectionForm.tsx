import { useEffect, useState, type FormEvent } from 'react';
import type { OffsetMode, SettingsView } from '../../../shared/settings';
import { useSettingsStore } from '../../stores';
import { FieldProblem, SourceHint, FormAlert, invalidIf, SaveRow } from './form-parts';
import { readNumber, type FormError } from './form-values';

interface Draft {
  serverUrl: string;
  locationId: string;
  username: string;
  password: string;
  timeoutSeconds: string;
  maxRetries: string;
  retryDelaySeconds: string;
  offsetMode: OffsetMode;
}

function draftFrom(view: SettingsView): Draft {
  const c = view.settings.cablecast;
  // On the demo server the form is for the station's own server: the demo's address and account
  // are made fresh each run and are not worth saving.
  const demo = c.mode === 'demo';
  return {
    serverUrl: demo ? '' : c.serverUrl,
    locationId: c.locationId === null ? '' : String(c.locationId),
    username: demo ? '' : c.username,
    password: '',
    timeoutSeconds: String(c.timeoutMs / 1000),
    maxRetries: String(c.maxRetries),
    retryDelaySeconds: String(c.retryDelayMs / 1000),
    offsetMode: c.offsetMode,
  };
}

const LABELS: Record<string, string> = {
  'cablecast.serverUrl': 'Server address',
  'cablecast.locationId': 'Location ID',
  'cablecast.username': 'User name',
  'cablecast.timeoutMs': 'Request timeout',
  'cablecast.maxRetries': 'Retries for reads',
  'cablecast.retryDelayMs': 'First retry delay',
  'cablecast.offsetMode': 'Paging',
};

function labelled(path: string): { path: string; label: string } {
  return { path, label: LABELS[path] ?? path };
}

export function ConnectionForm({ view }: { view: SettingsView }) {
  const save = useSettingsStore((s) => s.save);
  const saving = useSettingsStore((s) => s.saving);
  const saveError = useSettingsStore((s) => s.saveError);
  const savedAt = useSettingsStore((s) => s.savedAt);
  const applied = useSettingsStore((s) => s.applied);
  // The Publishing form's saves are its own to report.
  const ours = useSettingsStore((s) => s.saveSection !== 'publishing');
  const useDemo = useSettingsStore((s) => s.useDemo);
  const clearPassword = useSettingsStore((s) => s.clearPassword);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(view));
  const [localError, setLocalError] = useState<FormError | null>(null);
  const demo = view.settings.cablecast.mode === 'demo';

  // Reset to what the core has only when this section changed, so a save of another section (or
  // its event) does not throw away what is being typed here.
  const sectionKey = JSON.stringify(view.settings.cablecast);
  useEffect(() => {
    setDraft(draftFrom(view));
  }, [sectionKey]);

  function field<K extends keyof Draft>(key: K) {
    return {
      value: draft[key],
      onChange: (e: { target: { value: string } }) =>
        setDraft((d) => ({ ...d, [key]: e.target.value as Draft[K] })),
    };
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: FormError[] = [];
    const locationText = draft.locationId.trim();
    const locationId =
      locationText === ''
        ? null
        : readNumber(locationText, labelled('cablecast.locationId'), 'id', errors);
    const timeout = readNumber(
      draft.timeoutSeconds,
      labelled('cablecast.timeoutMs'),
      'seconds',
      errors,
    );
    const retries = readNumber(
      draft.maxRetries,
      labelled('cablecast.maxRetries'),
      'retries',
      errors,
    );
    const delay = readNumber(
      draft.retryDelaySeconds,
      labelled('cablecast.retryDelayMs'),
      'seconds',
      errors,
    );
    const first = errors[0];
    setLocalError(first ?? null);
    if (first) return;
    const ok = await save(
      {
        cablecast: {
          mode: 'server',
          serverUrl: draft.serverUrl.trim(),
          locationId,
          username: draft.username.trim(),
          timeoutMs: Math.round(timeout * 1000),
          maxRetries: retries,
          retryDelayMs: Math.round(delay * 1000),
          offsetMode: draft.offsetMode,
        },
      },
      draft.password,
    );
    if (ok) setDraft((d) => ({ ...d, password: '' }));
  }

  const shownError: FormError | null = localError ?? (ours ? saveError : null);

  /**
   * A text input for one Cablecast setting: label, error mark and "default from VARIABLE" hint.
   * Called as a function, not used as a component, so React keeps the same input (and its focus)
   * from one render to the next.
   */
  function textField(props: {
    name: Exclude<keyof Draft, 'offsetMode' | 'password'>;
    setting: string;
    label: string;
    inputMode?: 'url' | 'numeric' | 'decimal';
    autoComplete?: string;
    placeholder?: string;
  }) {
    const { name, setting, label, ...input } = props;
    return (
      <div className="field">
        <label htmlFor={`f-${name}`}>{label}</label>
        <input
          id={`f-${name}`}
          name={name}
          type="text"
          aria-invalid={invalidIf(shownError, `cablecast.${setting}`)}
          {...input}
          {...field(name)}
        />
        <FieldProblem error={shownError} path={`cablecast.${setting}`} />
        <SourceHint view={view} path={`cablecast.${setting}`} />
      </div>
    );
  }

  return (
    <form className="card" onSubmit={(e) => void onSubmit(e)} aria-labelledby="conn-title">
      <h2 id="conn-title">Cablecast connection</h2>
      {demo ? (
        <div className="alert alert-info">
          Using the <strong>built-in demo server</strong> at {view.settings.cablecast.serverUrl},
          with sample shows. Enter your station's server below and save to switch to it.
        </div>
      ) : null}
      {!demo && view.settings.cablecast.serverUrl === '' ? (
        <div className="alert alert-info">
          No Cablecast server is set up yet. Enter your server's address, or try the app on the
          built-in demo server with sample data.
          <div className="row">
            <button type="button" className="btn" onClick={() => void useDemo()} disabled={saving}>
              Use the demo server
            </button>
          </div>
        </div>
      ) : null}

      {textField({
        name: 'serverUrl',
        setting: 'serverUrl',
        label: 'Server address',
        inputMode: 'url',
        autoComplete: 'url',
        placeholder: 'https://yourstation.cablecast.tv',
      })}
      {textField({
        name: 'locationId',
        setting: 'locationId',
        label: 'Location ID',
        inputMode: 'numeric',
        placeholder: 'e.g. 3',
      })}
      {textField({
        name: 'username',
        setting: 'username',
        label: 'User name',
        autoComplete: 'username',
      })}
      <div className="field">
        <label htmlFor="f-password">Password</label>
        <input
          id="f-password"
          name="password"
          type="password"
          autoComplete="current-password"
          placeholder={view.passwordSet ? 'Saved in the system keychain' : 'Not set'}
          {...field('password')}
        />
        <span className="hint">
          {view.passwordSet
            ? view.passwordFromEnvironment
              ? 'Kept in the system keychain (from CABLECAST_PASSWORD). Type a new one to replace it.'
              : 'Kept in the system keychain. Type a new one to replace it.'
            : 'Stored only in the system keychain, never in a file.'}
          {view.passwordSet ? (
            <button type="button" className="link" onClick={() => void clearPassword()}>
              Forget password
            </button>
          ) : null}
        </span>
      </div>

      <details>
        <summary>Timeouts and retries</summary>
        {textField({
          name: 'timeoutSeconds',
          setting: 'timeoutMs',
          label: 'Request timeout (seconds)',
          inputMode: 'decimal',
        })}
        {textField({
          name: 'maxRetries',
          setting: 'maxRetries',
          label: 'Retries for reads',
          inputMode: 'numeric',
        })}
        {textField({
          name: 'retryDelaySeconds',
          setting: 'retryDelayMs',
          label: 'First retry delay (seconds)',
          inputMode: 'decimal',
        })}
        <div className="field">
          <label htmlFor="f-offsetMode">Paging (how the server reads “offset”)</label>
          <select id="f-offsetMode" name="offsetMode" {...field('offsetMode')}>
            <option value="auto">Detect automatically</option>
            <option value="page">Page number</option>
            <option value="index">Item index</option>
          </select>
          <SourceHint view={view} path="cablecast.offsetMode" />
        </div>
      </details>

      <FormAlert error={shownError} labels={LABELS} />
      {applied.length > 0 ? (
        <div className="alert alert-warn" role="status" aria-label="What the change stopped">
          {applied.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      ) : null}
      <SaveRow
        label="Save"
        saving={saving}
        savingHere={saving}
        saved={savedAt !== null && ours && !shownError && !saving}
      />
    </form>
  );
}

import type { NotificationsSettings, SettingsView } from '../../../shared/settings';
import { useNoticesStore } from '../../stores';
import { useSectionDraft } from './section-draft';
import { FormAlert, SaveRow, SourceHint } from './form-parts';

const KINDS: { key: keyof NotificationsSettings; label: string }[] = [
  { key: 'vodLive', label: 'A VOD goes live' },
  { key: 'publishFailed', label: 'A publish fails and waits for a person' },
  { key: 'metadataConflicts', label: 'A metadata sync finds a show changed here and on Cablecast' },
  { key: 'health', label: 'A service goes down, or comes back (the health checks)' },
];

const LABELS: Record<string, string> = Object.fromEntries(
  KINDS.map((k) => [`notifications.${k.key}`, k.label]),
);

/** Which news reaches the operator as a desktop notification (in the browser: if allowed). */
export function NotificationsForm({ view }: { view: SettingsView }) {
  const {
    draft,
    setDraft,
    submit,
    error: shownError,
    saveRow,
  } = useSectionDraft(view, 'notifications');
  const access = useNoticesStore((s) => s.access);

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <p className="hint">
        Desktop notifications for news that needs no one watching the screen. The notices inside the
        app, the row markers and the tray stay either way.
      </p>
      <fieldset className="plain-fieldset">
        <legend>Notify me when</legend>
        {KINDS.map(({ key, label }) => (
          <div className="field" key={key}>
            <label className="row">
              <input
                type="checkbox"
                name={key}
                checked={draft[key]}
                onChange={(e) => {
                  const checked = e.target.checked;
                  setDraft((d) => ({ ...d, [key]: checked }));
                }}
              />
              {label}
            </label>
            <SourceHint view={view} path={`notifications.${key}`} />
          </div>
        ))}
      </fieldset>
      {access === 'default' ? (
        <p className="hint">
          This browser has not been allowed to show notifications yet:{' '}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void useNoticesStore.getState().allowNotifications()}
          >
            Allow notifications
          </button>
        </p>
      ) : access === 'denied' ? (
        <p className="hint">
          This browser refuses notifications for this page; allow them in its site settings to get
          them here.
        </p>
      ) : null}
      <FormAlert error={shownError} labels={LABELS} />
      <SaveRow label="Save notification settings" {...saveRow} />
    </form>
  );
}

import { useId } from 'react';
import type { DesktopSettings, SettingsView } from '../../../shared/settings';
import { useSectionDraft } from './section-draft';
import { FieldProblem, FormAlert, invalidIf, SaveRow, SourceHint } from './form-parts';

const LABELS: Record<string, string> = {
  'desktop.startAtLogin': 'Start at login',
  'desktop.updates': 'Updates',
  'desktop.updateSource': 'Update source',
  'desktop.updateUrl': 'Update folder',
  'desktop.updateGithubRepo': 'GitHub repository',
};

/** Settings › Desktop app: starting with the computer, and where updates come from. */
export function DesktopForm({ view }: { view: SettingsView }) {
  const id = useId();
  const { draft, setDraft, submit, error: shownError, saveRow } = useSectionDraft(view, 'desktop');

  function set<K extends keyof DesktopSettings>(key: K, value: DesktopSettings[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="desktop-title">
      <h2 id="desktop-title">Desktop app</h2>
      <p className="hint hint-prose">
        For the installed app on this computer. Updates are off until switched on: stations that pin
        versions leave them off. When on, the app asks the feed once a day, downloads in the
        background, and installs when it next quits; never while publishes are in flight.
      </p>
      <div className="field">
        <label className="row">
          <input
            type="checkbox"
            checked={draft.startAtLogin}
            onChange={(e) => set('startAtLogin', e.target.checked)}
          />
          Start Archivist in the tray when I sign in to this computer
        </label>
        <SourceHint view={view} path="desktop.startAtLogin" />
      </div>
      <div className="field">
        <label className="row">
          <input
            type="checkbox"
            checked={draft.updates}
            onChange={(e) => set('updates', e.target.checked)}
          />
          Keep Archivist up to date from the feed below
        </label>
        <SourceHint view={view} path="desktop.updates" />
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-source`}>Update source</label>
          <select
            id={`${id}-source`}
            value={draft.updateSource}
            onChange={(e) =>
              set('updateSource', e.target.value === 'github' ? 'github' : 'generic')
            }
          >
            <option value="generic">A folder on the station's server</option>
            <option value="github">GitHub releases</option>
          </select>
        </div>
        {draft.updateSource === 'generic' ? (
          <div className="field">
            <label htmlFor={`${id}-url`}>Update folder</label>
            <input
              id={`${id}-url`}
              type="url"
              value={draft.updateUrl}
              placeholder="https://archivist.station.local/updates/"
              aria-invalid={invalidIf(shownError, 'desktop.updateUrl')}
              onChange={(e) => set('updateUrl', e.target.value)}
            />
            <FieldProblem error={shownError} path="desktop.updateUrl" />
            <SourceHint view={view} path="desktop.updateUrl" />
          </div>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-repo`}>GitHub repository</label>
            <input
              id={`${id}-repo`}
              type="text"
              value={draft.updateGithubRepo}
              placeholder="owner/name"
              aria-invalid={invalidIf(shownError, 'desktop.updateGithubRepo')}
              onChange={(e) => set('updateGithubRepo', e.target.value)}
            />
            <FieldProblem error={shownError} path="desktop.updateGithubRepo" />
            <SourceHint view={view} path="desktop.updateGithubRepo" />
          </div>
        )}
      </div>
      <FormAlert error={shownError} labels={LABELS} />
      <SaveRow label="Save desktop settings" {...saveRow} />
    </form>
  );
}

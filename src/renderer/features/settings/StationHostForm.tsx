import { useId } from 'react';
import type { SettingsView } from '../../../shared/settings';
import { useSectionDraft } from './section-draft';
import { FormAlert, SaveRow, SourceHint } from './form-parts';

type TextKey = 'bindAddress' | 'publicUrl' | 'tlsCertPath' | 'tlsKeyPath';

const FIELDS: { key: TextKey; label: string; placeholder: string }[] = [
  { key: 'bindAddress', label: 'Listen on', placeholder: '127.0.0.1' },
  {
    key: 'publicUrl',
    label: 'Public address',
    placeholder: 'https://archivist.station.local:8443',
  },
  { key: 'tlsCertPath', label: 'TLS certificate file', placeholder: '/etc/archivist/cert.pem' },
  { key: 'tlsKeyPath', label: 'TLS key file', placeholder: '/etc/archivist/key.pem' },
];

const LABELS: Record<string, string> = {
  ...Object.fromEntries(FIELDS.map((f) => [`host.${f.key}`, f.label])),
  'host.port': 'Port',
  'host.desktopApiPort': "The desktop app's REST API port",
};

/** Settings › Station host: where `archivist serve` listens for the station's operators. */
export function StationHostForm({ view }: { view: SettingsView }) {
  const id = useId();
  const { draft, setDraft, submit, error: shownError, saveRow } = useSectionDraft(view, 'host');

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="host-title">
      <h2 id="host-title">Station host</h2>
      <p className="hint hint-prose">
        Where <code>archivist serve</code> listens, read when it starts. 127.0.0.1 serves this
        computer only; to serve the station's other computers, listen on 0.0.0.0 (or one of this
        computer's addresses) with a TLS certificate, or acknowledge plain http below.
      </p>
      <div className="form-grid">
        {FIELDS.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
            <input
              id={`${id}-${f.key}`}
              type="text"
              value={draft[f.key]}
              placeholder={f.placeholder}
              onChange={(e) => {
                const value = e.target.value;
                setDraft((d) => ({ ...d, [f.key]: value }));
              }}
            />
            <SourceHint view={view} path={`host.${f.key}`} />
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${id}-port`}>Port (0: any free one)</label>
          <input
            id={`${id}-port`}
            type="number"
            min={0}
            max={65535}
            value={draft.port}
            onChange={(e) => {
              const port = Number(e.target.value);
              setDraft((d) => ({ ...d, port }));
            }}
          />
        </div>
      </div>
      <div className="field">
        <label className="row">
          <input
            type="checkbox"
            checked={draft.allowPlainHttp}
            onChange={(e) => {
              const allowPlainHttp = e.target.checked;
              setDraft((d) => ({ ...d, allowPlainHttp }));
            }}
          />
          Serve the network over plain http (sign-ins, tokens and recordings cross it unencrypted)
        </label>
      </div>
      <div className="field">
        <label className="row">
          <input
            type="checkbox"
            checked={draft.desktopApi}
            onChange={(e) => {
              const desktopApi = e.target.checked;
              setDraft((d) => ({ ...d, desktopApi }));
            }}
          />
          The desktop app serves the REST API on this computer (127.0.0.1), for API tokens
        </label>
        <label htmlFor={`${id}-desktop-port`}>Its port</label>
        <input
          id={`${id}-desktop-port`}
          type="number"
          min={1}
          max={65535}
          value={draft.desktopApiPort}
          onChange={(e) => {
            const desktopApiPort = Number(e.target.value);
            setDraft((d) => ({ ...d, desktopApiPort }));
          }}
        />
      </div>
      <FormAlert error={shownError} labels={LABELS} />
      <SaveRow label="Save station host settings" {...saveRow} />
    </form>
  );
}

import { useEffect, useId, useState } from 'react';
import type { SsoStatus, SsoTestResult } from '../../../shared/access';
import type { SettingsView, SsoSettings } from '../../../shared/settings';
import { api, errorMessage } from '../../lib/api';
import { useSectionDraft } from './section-draft';
import { FormAlert, SaveRow, SourceHint } from './form-parts';

type TextKey = Exclude<keyof SsoSettings, 'enabled' | 'defaultRole' | 'sessionHours'>;

const TEXT_FIELDS: { key: TextKey; label: string; placeholder: string }[] = [
  { key: 'issuerUrl', label: 'Issuer', placeholder: 'https://login.example.org/realms/station' },
  { key: 'clientId', label: 'Client ID', placeholder: 'archivist' },
  {
    key: 'desktopClientId',
    label: "Desktop app's client ID (if apart)",
    placeholder: 'the same client',
  },
  { key: 'scopes', label: 'Scopes', placeholder: 'openid profile email' },
  { key: 'roleClaim', label: 'Claim with the roles', placeholder: 'roles' },
  { key: 'adminValues', label: 'Values that make an admin', placeholder: 'admin' },
  { key: 'operatorValues', label: 'Values that make an operator', placeholder: 'operator' },
  { key: 'viewerValues', label: 'Values that make a viewer', placeholder: 'viewer' },
];

const ENDPOINT_FIELDS: { key: TextKey; label: string }[] = [
  { key: 'authUrl', label: 'Authorization endpoint' },
  { key: 'tokenUrl', label: 'Token endpoint' },
  { key: 'userinfoUrl', label: 'Userinfo endpoint' },
];

const LABELS: Record<string, string> = Object.fromEntries(
  [...TEXT_FIELDS, ...ENDPOINT_FIELDS].map((f) => [`sso.${f.key}`, f.label]),
);

function ClientSecret({
  status,
  onChange,
}: {
  status: SsoStatus | null;
  onChange: (s: SsoStatus) => void;
}) {
  const id = useId();
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  async function keep() {
    try {
      onChange(await api.call('sso.setClientSecret', { secret }));
      setSecret('');
      setProblem(null);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }
  return (
    <div className="field">
      <label htmlFor={`${id}-secret`}>Client secret</label>
      <div className="row">
        <input
          id={`${id}-secret`}
          type="password"
          autoComplete="off"
          value={secret}
          placeholder={status?.clientSecretSet ? 'kept in the keychain' : 'none (a public client)'}
          onChange={(e) => setSecret(e.target.value)}
        />
        <button
          type="button"
          className="btn btn-small"
          disabled={secret === ''}
          onClick={() => void keep()}
        >
          Keep in keychain
        </button>
        {status?.clientSecretSet && !status.clientSecretFromEnvironment ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void api.call('sso.clearClientSecret', {}).then(onChange)}
          >
            Remove
          </button>
        ) : null}
      </div>
      {status?.clientSecretFromEnvironment ? (
        <span className="hint">From SSO_CLIENT_SECRET (held in memory only).</span>
      ) : null}
      {problem ? <span className="field-error">{problem}</span> : null}
    </div>
  );
}

/** Settings › Sign-in: single sign-on for the browser host, with roles from a claim. */
export function SignInForm({ view }: { view: SettingsView }) {
  const id = useId();
  const { draft, setDraft, submit, error: shownError, saveRow } = useSectionDraft(view, 'sso');
  const [status, setStatus] = useState<SsoStatus | null>(null);
  const [test, setTest] = useState<SsoTestResult | null>(null);

  useEffect(() => {
    void api.call('sso.status', {}).then(setStatus, () => undefined);
  }, []);

  const text = (key: TextKey, label: string, placeholder = '') => (
    <div className="field" key={key}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        value={draft[key]}
        placeholder={placeholder}
        onChange={(e) => {
          const value = e.target.value;
          setDraft((d) => ({ ...d, [key]: value }));
        }}
      />
      <SourceHint view={view} path={`sso.${key}`} />
    </div>
  );

  return (
    <form className="card card-wide" onSubmit={(e) => void submit(e)} aria-labelledby="sso-title">
      <h2 id="sso-title">Sign-in</h2>
      <p className="hint hint-prose">
        Operators sign in to the browser host with the station's identity provider (OpenID Connect),
        each with the role a claim gives: viewer, operator or admin. While sign-in is on, the
        per-run address of <code>archivist serve</code> no longer opens the app; API tokens still
        work. Register{' '}
        <code data-testid="sso-redirect">
          {status?.redirectUri ?? '<host address>/auth/callback'}
        </code>{' '}
        as the client's redirect address.
      </p>
      <div className="field">
        <label className="row">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => {
              const enabled = e.target.checked;
              setDraft((d) => ({ ...d, enabled }));
            }}
          />
          Ask for a sign-in on the browser host
        </label>
        <SourceHint view={view} path="sso.enabled" />
      </div>
      <div className="form-grid">
        {TEXT_FIELDS.map((f) => text(f.key, f.label, f.placeholder))}
        <div className="field">
          <label htmlFor={`${id}-default`}>Everyone else</label>
          <select
            id={`${id}-default`}
            value={draft.defaultRole}
            onChange={(e) => {
              const defaultRole = e.target.value as SsoSettings['defaultRole'];
              setDraft((d) => ({ ...d, defaultRole }));
            }}
          >
            <option value="none">Refused</option>
            <option value="viewer">Viewer</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-hours`}>Sign-in lasts (hours)</label>
          <input
            id={`${id}-hours`}
            type="number"
            min={1}
            max={720}
            value={draft.sessionHours}
            onChange={(e) => {
              const sessionHours = Number(e.target.value);
              setDraft((d) => ({ ...d, sessionHours }));
            }}
          />
        </div>
      </div>
      <ClientSecret status={status} onChange={setStatus} />
      <details>
        <summary>A provider without discovery</summary>
        <div className="form-grid">{ENDPOINT_FIELDS.map((f) => text(f.key, f.label))}</div>
      </details>
      <FormAlert error={shownError} labels={LABELS} />
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            void api.call('sso.test', { settings: draft }).then(setTest, () => undefined)
          }
        >
          Test the provider
        </button>
        {test ? (
          <span className={test.ok ? 'tone-ok' : 'field-error'} role="status">
            {test.message}
            {test.ok && !test.endSession ? ' It offers no sign-out page.' : ''}
          </span>
        ) : null}
      </div>
      <SaveRow label="Save sign-in settings" {...saveRow} />
    </form>
  );
}

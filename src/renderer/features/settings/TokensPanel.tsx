import { useEffect, useId, useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/access';
import { ShownOnce } from '../../components/ShownOnce';
import { useAccessStore, useAppStore } from '../../stores';
import { formatInstant } from '../shows/format';

function TokenShown() {
  const shown = useAccessStore((s) => s.shownToken);
  if (!shown) return null;
  return (
    <ShownOnce
      label="New API token"
      value={shown.token}
      testId="api-token"
      onDone={() => useAccessStore.getState().dismissToken()}
    >
      The token <strong>{shown.name}</strong>. It is shown now and never again (only its hash is
      kept): give it to the script, which sends it as <code>Authorization: Bearer …</code>.
    </ShownOnce>
  );
}

function CreateTokenForm() {
  const id = useId();
  const busy = useAccessStore((s) => s.busy);
  const problem = useAccessStore((s) => s.problem);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('operator');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (await useAccessStore.getState().createToken(name, role)) setName('');
  }

  return (
    <form
      className="token-create"
      onSubmit={(e) => void onSubmit(e)}
      aria-label="Make an API token"
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>Name (what uses it)</label>
        <input
          id={`${id}-name`}
          type="text"
          maxLength={80}
          placeholder="playout script"
          aria-invalid={problem?.path === 'name' ? true : undefined}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {problem?.path === 'name' ? <span className="field-error">{problem.message}</span> : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn" disabled={busy}>
        Make token
      </button>
    </form>
  );
}

/** Settings › API tokens: tokens for the station's scripts, each with a role. */
export function TokensPanel() {
  const tokens = useAccessStore((s) => s.tokens);
  const error = useAccessStore((s) => s.tokensError);
  const busy = useAccessStore((s) => s.busy);
  const problem = useAccessStore((s) => s.problem);
  const host = useAppStore((s) => s.info?.host);

  useEffect(() => {
    void useAccessStore.getState().loadTokens();
  }, []);

  return (
    <section className="card card-wide" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="hint hint-prose">
        The station's scripts and other systems call the browser host's REST API with a token of
        their own (see{' '}
        {host === 'browser' ? (
          <a href="/api/docs" target="_blank" rel="noreferrer">
            the API's documentation
          </a>
        ) : (
          <>
            <code>/api/docs</code> of <code>archivist serve</code>
          </>
        )}
        ). Each token has a role and can be revoked at any time; every call it makes is in the audit
        trail under its name.
      </p>
      {error ? (
        <p className="alert alert-error" role="alert">
          The tokens could not be read: {error}
        </p>
      ) : null}
      <TokenShown />
      {tokens && tokens.length > 0 ? (
        <table className="webhook-log" aria-label="API tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Token</th>
              <th scope="col">Made</th>
              <th scope="col">Last used</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-revoked={t.revokedAt !== null} aria-label={t.name}>
                <td>{t.name}</td>
                <td>{t.role}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>
                  {formatInstant(t.createdAt)} <span className="muted">by {t.createdBy}</span>
                </td>
                <td>
                  {t.lastUsedAt ? (
                    formatInstant(t.lastUsedAt)
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
                <td>
                  {t.revokedAt ? (
                    <span className="badge tone-bad" title={`by ${t.revokedBy ?? ''}`}>
                      Revoked {formatInstant(t.revokedAt)}
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={busy}
                      onClick={() => void useAccessStore.getState().revokeToken(t.id)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : tokens ? (
        <p className="muted">No tokens yet.</p>
      ) : null}
      {problem && problem.path !== 'name' ? (
        <p className="alert alert-error" role="alert">
          {problem.message}
        </p>
      ) : null}
      <details>
        <summary>Make a token</summary>
        <CreateTokenForm />
      </details>
    </section>
  );
}

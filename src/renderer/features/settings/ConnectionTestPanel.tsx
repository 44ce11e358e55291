import { useSettingsStore } from '../../stores';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function ConnectionTestPanel() {
  const test = useSettingsStore((s) => s.test);
  const testing = useSettingsStore((s) => s.testing);
  const result = useSettingsStore((s) => s.testResult);
  const testError = useSettingsStore((s) => s.testError);

  return (
    <section className="card" aria-labelledby="test-title">
      <h2 id="test-title">Test connection</h2>
      <p className="muted">
        Checks that the server answers, which Cablecast version it runs, and what the saved account
        may do. Save your changes first.
      </p>
      <div className="row">
        <button type="button" className="btn" onClick={() => void test()} disabled={testing}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      {testError ? (
        <div className="alert alert-error" role="alert">
          {testError}
        </div>
      ) : null}
      {result ? (
        <div
          className={result.ok ? 'test-result ok' : 'test-result bad'}
          data-testid="connection-result"
          role="status"
        >
          <p className="test-headline">
            {result.ok ? '✓ Connected' : '✕ Not connected'}
            <span className="muted"> · {seconds(result.elapsedMs)}</span>
          </p>
          {result.problem ? (
            <p className="test-problem">
              {result.problem.message}
              {result.problem.path ? (
                <>
                  {' '}
                  <code data-testid="problem-path">{result.problem.path}</code>
                </>
              ) : null}
            </p>
          ) : null}
          <dl>
            {result.serverVersion ? (
              <>
                <dt>Cablecast version</dt>
                <dd data-testid="server-version">{result.serverVersion}</dd>
              </>
            ) : null}
            {result.siteName ? (
              <>
                <dt>Site</dt>
                <dd>{result.siteName}</dd>
              </>
            ) : null}
            {result.apiBase ? (
              <>
                <dt>API address</dt>
                <dd>
                  <code>{result.apiBase}</code>
                </dd>
              </>
            ) : null}
            {result.ok || result.user ? (
              <>
                <dt>Rights</dt>
                <dd data-testid="rights">{result.rights}</dd>
              </>
            ) : null}
          </dl>
        </div>
      ) : null}
    </section>
  );
}

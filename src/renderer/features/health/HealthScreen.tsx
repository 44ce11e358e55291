import { useEffect, useState } from 'react';
import {
  HEALTH_SERVICES,
  type HealthService,
  type HealthSpan,
  type HealthState,
  type HealthTimeline,
} from '../../../shared/health';
import { CopyButton } from '../../components/CopyButton';
import { errorMessage } from '../../lib/api-error';
import { useHealthStore } from '../../stores';
import { formatInstant } from '../shows/format';

const NAMES: Record<HealthService, string> = {
  cablecast: 'Cablecast',
  vod: 'VOD pipeline',
  webhooks: 'Webhooks',
  storage: 'Storage folders',
  database: 'Local database',
};

const WORDS: Record<HealthState, string> = { ok: 'Up', warn: 'Needs a look', down: 'Down' };
const TONES: Record<HealthState, string> = { ok: 'ok', warn: 'warn', down: 'bad' };

/** How often the screen reads the report while it is open (the checks run every minute). */
const REFRESH_MS = 30_000;

/** A service's last 24 hours as coloured stretches, oldest on the left. */
function Timeline({ timeline, service }: { timeline: HealthTimeline; service: HealthService }) {
  const from = Date.parse(timeline.from);
  const span = Date.parse(timeline.to) - from;
  const spans = timeline.spans.filter((s) => s.service === service);
  const width = (s: HealthSpan) =>
    ((Date.parse(s.to ?? timeline.to) - Date.parse(s.from)) / span) * 100;
  return (
    <div className="health-timeline" role="img" aria-label={`${NAMES[service]}, last 24 hours`}>
      {spans.length === 0 ? <span className="health-gap" style={{ width: '100%' }} /> : null}
      {spans.length > 0 && Date.parse(spans[0]!.from) > from ? (
        <span
          className="health-gap"
          style={{ width: `${((Date.parse(spans[0]!.from) - from) / span) * 100}%` }}
          title="Not checked"
        />
      ) : null}
      {spans.map((s) => (
        <span
          key={`${s.from}-${s.state}`}
          className={`health-span tone-bg-${TONES[s.state]}`}
          style={{ width: `${Math.max(0.3, width(s))}%` }}
          title={`${WORDS[s.state]} from ${formatInstant(s.from)}${s.to ? ` to ${formatInstant(s.to)}` : ''}: ${s.message}`}
        />
      ))}
    </div>
  );
}

/**
 * The diagnostics text when the clipboard was refused (a browser outside a secure context, a
 * permission denied), to select and copy by hand.
 */
function DiagnosticsText({ text, onClose }: { text: string; onClose: () => void }) {
  return (
    <div className="health-diagnostics">
      <label htmlFor="health-diagnostics-text">
        The clipboard was not available: select the text below (Ctrl+A in it) and copy it.
      </label>
      <textarea
        id="health-diagnostics-text"
        readOnly
        rows={14}
        spellCheck={false}
        value={text}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="form-actions">
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

export function HealthScreen() {
  const report = useHealthStore((s) => s.report);
  const timeline = useHealthStore((s) => s.timeline);
  const loadError = useHealthStore((s) => s.loadError);
  const checking = useHealthStore((s) => s.checking);
  const [diagnostics, setDiagnostics] = useState<string | null>(null);
  const [diagnosticsError, setDiagnosticsError] = useState<string | null>(null);

  useEffect(() => {
    void useHealthStore.getState().load();
    const timer = setInterval(() => void useHealthStore.getState().load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-head">
        <h1 id="screen-title">Health</h1>
        <div className="form-actions health-actions">
          <button
            type="button"
            className="btn btn-small"
            disabled={checking}
            onClick={() => void useHealthStore.getState().checkNow()}
          >
            {checking ? 'Checking…' : 'Check now'}
          </button>
          <CopyButton
            label="Copy diagnostics"
            workingLabel="Collecting…"
            text={() => {
              setDiagnosticsError(null);
              setDiagnostics(null);
              return useHealthStore.getState().diagnostics();
            }}
            onRefused={setDiagnostics}
            onError={(error) => setDiagnosticsError(errorMessage(error))}
          />
          <span className="muted">
            For station IT: versions, folders, settings without passwords, health and the log’s last
            lines.
          </span>
        </div>
      </header>
      {diagnosticsError ? (
        <p className="alert alert-error" role="alert">
          The diagnostics could not be made: {diagnosticsError}
        </p>
      ) : null}
      {diagnostics !== null ? (
        <DiagnosticsText text={diagnostics} onClose={() => setDiagnostics(null)} />
      ) : null}
      {loadError ? (
        <p className="alert alert-error" role="alert">
          The health could not be read: {loadError}
        </p>
      ) : null}
      {report ? (
        <>
          <p
            className={`alert ${report.healthy ? 'alert-info' : 'alert-error'}`}
            role="status"
            data-testid="health-overall"
            data-healthy={report.healthy}
          >
            {report.healthy ? 'Everything the app depends on is up.' : 'Something is down.'}{' '}
            <span className="muted">
              {report.checkedAt
                ? `Checked ${formatInstant(report.checkedAt)}.`
                : 'Not checked yet.'}
            </span>
          </p>
          <ul className="health-services" aria-label="Services">
            {HEALTH_SERVICES.map((service) => {
              const d = report.details[service];
              return (
                <li
                  key={service}
                  className="card health-service"
                  aria-label={NAMES[service]}
                  data-state={d.state}
                >
                  <div className="health-head">
                    <h2>{NAMES[service]}</h2>
                    <span className={`badge tone-${TONES[d.state]}`}>{WORDS[d.state]}</span>
                    <span className="muted">since {formatInstant(d.since)}</span>
                  </div>
                  <p className="health-message">{d.message}</p>
                  {d.action && d.state !== 'ok' ? (
                    <p className="health-action">
                      <strong>What to do:</strong> {d.action}
                    </p>
                  ) : null}
                  {d.checks.length > 1 ? (
                    <ul className="health-checks">
                      {d.checks.map((c) => (
                        <li key={c.id}>
                          <span className={`badge tone-${TONES[c.state]}`}>{WORDS[c.state]}</span>{' '}
                          <span className="health-check-label">{c.label}</span>: {c.message}
                          {c.action && c.state !== 'ok' ? (
                            <span className="muted"> {c.action}</span>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {timeline ? <Timeline timeline={timeline} service={service} /> : null}
                </li>
              );
            })}
          </ul>
          <p className="hint">
            The checks run every minute (Settings › Schedules); a change counts once two checks in a
            row agree, and a service going down or coming back raises a system alert webhook.
            Monitors read <code>GET /api/health</code> on the browser host (200 when healthy, 503
            when not).
          </p>
        </>
      ) : loadError ? null : (
        <p className="muted">Checking…</p>
      )}
    </section>
  );
}

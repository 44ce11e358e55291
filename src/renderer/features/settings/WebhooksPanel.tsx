import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SettingsView } from '../../../shared/settings';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryRow,
  type WebhookEventType,
} from '../../../shared/webhooks';
import { ShownOnce } from '../../components/ShownOnce';
import { useWebhooksStore } from '../../stores';
import { formatInstant } from '../shows/format';
import { FieldProblem, invalidIf } from './form-parts';
import { NumbersForm } from './NumbersForm';
import type { FormError } from './form-values';

const EVENT_LABELS: Record<WebhookEventType, string> = {
  'transcription.completed': 'A recording is ready',
  'vod.published': 'A VOD is live',
  'system.alert': 'A system alert',
};

/** Timeout, retries and first delay, in seconds on the screen. */
function DeliverySettings({ view }: { view: SettingsView }) {
  return (
    <NumbersForm
      view={view}
      section="webhooks"
      label="Webhook delivery"
      saveLabel="Save delivery settings"
      fields={[
        { key: 'timeoutMs', label: 'Timeout per attempt', unit: 'seconds', scale: 1000 },
        { key: 'retries', label: 'Retries', unit: 'after the first attempt' },
        { key: 'retryDelayMs', label: 'First retry after', unit: 'seconds', scale: 1000 },
      ]}
    >
      <p className="hint">
        Later retries wait minutes, then hours (60, 360, 1440, 3600 and 7200 times the first delay),
        so a receiver that is down for an hour loses nothing.
      </p>
    </NumbersForm>
  );
}

function AddEndpointForm() {
  const id = useId();
  const busy = useWebhooksStore((s) => s.busy);
  const problem = useWebhooksStore((s) => s.problem);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['vod.published']);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (await useWebhooksStore.getState().add({ url, events, description })) {
      setUrl('');
      setDescription('');
    }
  }

  const error: FormError | null = problem
    ? { message: problem.message, ...(problem.path ? { path: problem.path } : {}) }
    : null;
  return (
    <form
      className="webhook-add"
      onSubmit={(e) => void onSubmit(e)}
      aria-label="Add a webhook endpoint"
    >
      <div className="field">
        <label htmlFor={`${id}-url`}>Endpoint address</label>
        <input
          id={`${id}-url`}
          type="text"
          inputMode="url"
          placeholder="https://hooks.example.org/archivist"
          aria-invalid={invalidIf(error, 'url')}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <FieldProblem error={error} path="url" />
      </div>
      <fieldset className="plain-fieldset">
        <legend>Send it</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label className="row" key={type}>
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(e) => {
                const on = e.target.checked;
                setEvents((list) => (on ? [...list, type] : list.filter((t) => t !== type)));
              }}
            />
            {EVENT_LABELS[type]} <code className="muted">{type}</code>
          </label>
        ))}
        <FieldProblem error={error} path="events" />
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-desc`}>Description (optional)</label>
        <input
          id={`${id}-desc`}
          type="text"
          maxLength={200}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <button type="submit" className="btn" disabled={busy}>
        Add endpoint
      </button>
    </form>
  );
}

function SecretShown() {
  const shown = useWebhooksStore((s) => s.shownSecret);
  if (!shown) return null;
  return (
    <ShownOnce
      label="New signing secret"
      value={shown.secret}
      testId="webhook-secret"
      onDone={() => useWebhooksStore.getState().dismissSecret()}
    >
      The signing secret of <code>{shown.url}</code>. It is shown now and never again: give it to
      the receiver, which checks each delivery's <code>webhook-signature</code> with it.
    </ShownOnce>
  );
}

function deliveryState(row: WebhookDeliveryRow): { label: string; tone: string } {
  if (row.state === 'delivered') return { label: 'Delivered', tone: 'ok' };
  if (row.state === 'failed') return { label: 'Failed', tone: 'bad' };
  return { label: row.attempts === 0 ? 'Sending' : 'Retrying', tone: 'warn' };
}

function DeliveryLog() {
  const deliveries = useWebhooksStore((s) => s.deliveries);
  const busy = useWebhooksStore((s) => s.busy);
  if (deliveries.length === 0) return <p className="muted">No deliveries yet.</p>;
  return (
    <table className="webhook-log" aria-label="Webhook deliveries">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          <th scope="col">Endpoint</th>
          <th scope="col">Result</th>
          <th scope="col">Answer</th>
          <th scope="col" aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => {
          const state = deliveryState(d);
          return (
            <tr key={d.id} data-state={d.state} data-type={d.type}>
              <td>{formatInstant(d.createdAt)}</td>
              <td>
                <code>{d.type}</code>
              </td>
              <td className="webhook-url">{d.url}</td>
              <td>
                <span className={`badge tone-${state.tone}`}>{state.label}</span>{' '}
                <span className="muted">
                  {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                  {d.lastStatus !== null ? ` · ${d.lastStatus}` : ''}
                  {d.lastLatencyMs !== null ? ` · ${d.lastLatencyMs} ms` : ''}
                  {d.nextAttemptAt ? ` · next ${formatInstant(d.nextAttemptAt)}` : ''}
                </span>
              </td>
              <td className="webhook-answer">{d.lastResponse ?? ''}</td>
              <td>
                {d.state !== 'pending' ? (
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy}
                    onClick={() => void useWebhooksStore.getState().resend(d.id)}
                  >
                    Resend
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Settings › Webhooks: where events go, their secrets, how they are delivered, and the log. */
export function WebhooksPanel({ view }: { view: SettingsView }) {
  const endpoints = useWebhooksStore((s) => s.endpoints);
  const loadError = useWebhooksStore((s) => s.loadError);
  const busy = useWebhooksStore((s) => s.busy);
  const problem = useWebhooksStore((s) => s.problem);

  useEffect(() => {
    void useWebhooksStore.getState().load();
  }, []);

  const store = () => useWebhooksStore.getState();
  return (
    <section className="card card-wide" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="hint">
        Other systems (the station's website, an archive, monitoring) are told of events by signed
        POST requests (Standard Webhooks), each delivered at least once.
      </p>
      {loadError ? (
        <p className="alert alert-error" role="alert">
          The webhooks could not be read: {loadError}
        </p>
      ) : null}
      <SecretShown />
      {endpoints && endpoints.length > 0 ? (
        <ul className="webhook-endpoints" aria-label="Webhook endpoints">
          {endpoints.map((e) => (
            <li key={e.id} className="webhook-endpoint" aria-label={e.url}>
              <div className="webhook-endpoint-head">
                <code className="webhook-url">{e.url}</code>
                <span className="muted">
                  {e.events.map((t) => EVENT_LABELS[t]).join(', ')} · {e.counts.delivered}{' '}
                  delivered, {e.counts.pending} waiting, {e.counts.failed} failed
                </span>
              </div>
              {e.description ? <p className="muted">{e.description}</p> : null}
              {e.warning ? <p className="tx-field-warn">{e.warning}</p> : null}
              {e.fromEnvironment ? (
                <p className="hint">
                  Made from {e.fromEnvironment} at start-up; rotate its secret to see one.
                </p>
              ) : null}
              {e.previousSecretUntil ? (
                <p className="hint">
                  The previous secret also signs until {formatInstant(e.previousSecretUntil)}.
                </p>
              ) : null}
              <div className="form-actions">
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={busy}
                  onClick={() => void store().sendTest(e.id)}
                >
                  Send test event
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={busy}
                  onClick={() => void store().rotate(e.id)}
                >
                  Rotate secret
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={busy}
                  onClick={() => void store().remove(e.id)}
                >
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : endpoints ? (
        <p className="muted">No endpoints yet.</p>
      ) : null}
      {problem && problem.path === null ? (
        <p className="alert alert-error" role="alert">
          {problem.message}
        </p>
      ) : null}
      <details>
        <summary>Add an endpoint</summary>
        <AddEndpointForm />
      </details>
      <details>
        <summary>Delivery: timeout and retries</summary>
        <DeliverySettings view={view} />
      </details>
      <h3 className="subhead">Delivery log</h3>
      <DeliveryLog />
    </section>
  );
}

/**
 * Signed webhooks from a durable outbox. An event's message is written in the same transaction as
 * what it announces, with one delivery per endpoint that wants it, each a job of the durable
 * runner: delivered at least once, with the same `webhook-id` on every attempt, retried on a
 * ladder of waits that reaches hours, each attempt with its own timeout. A delivery that runs out
 * of attempts is kept as failed (a dead letter, resendable) and raises a `system.alert`.
 */
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../../shared/errors';
import { AppError } from '../../shared/result';
import type { WebhooksSettings } from '../../shared/settings';
import {
  LEGACY_EVENT_NAMES,
  WEBHOOK_ENV_VARIABLES,
  WebhookEndpointAddSchema,
  type WebhookBody,
  type WebhookDeliveryRow,
  type WebhookDeliveryState,
  type WebhookEndpointView,
  type WebhookEventType,
  type WebhookMessageType,
  type WebhookSecretShown,
} from '../../shared/webhooks';
import type { AppDatabase } from '../db/database';
import { JobError, type Backoff, type JobContext, type JobRunner } from '../jobs';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import { newWebhookSecret, plainHttpWarning, secretKey, signatureHeader } from './webhook-secret';

export const WEBHOOK_KIND = 'webhook';

/** The waits between attempts, in units of the first retry delay: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h. */
const LADDER = [1, 60, 360, 1_440, 3_600, 7_200];
/** How much of an answer the delivery log keeps. */
const RESPONSE_BYTES = 512;

export function webhookBackoff(settings: WebhooksSettings): Backoff {
  return { stepsMs: LADDER.map((n) => n * settings.retryDelayMs) };
}

interface DeliveryPayload {
  deliveryId: number;
}

interface EndpointRow {
  id: number;
  url: string;
  description: string;
  events: string;
  createdAt: string;
  previousSecretUntil: string | null;
  sourceVariable: string | null;
}

/** A delivery as stored, with its message's body and its endpoint's address (null: removed). */
interface DeliveryRecord extends Omit<WebhookDeliveryRow, 'url' | 'nextAttemptAt'> {
  body: string;
  url: string | null;
}

export interface WebhooksServiceOptions {
  database: Pick<AppDatabase, 'sqlite'>;
  runner: JobRunner;
  secrets: SecretStore;
  settings: () => WebhooksSettings;
  logger: Logger;
  /** Epoch ms (the runner's clock). */
  now?: () => number;
  /** Deliveries were added or changed: the log re-reads. */
  onChanged?: () => void;
}

/** `Retry-After` in seconds or as an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterOf(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseEvents(text: string): WebhookEventType[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as WebhookEventType[]) : [];
  } catch {
    return [];
  }
}

export class WebhooksService {
  private readonly sqlite: AppDatabase['sqlite'];
  private readonly now: () => number;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly o: WebhooksServiceOptions) {
    this.sqlite = o.database.sqlite;
    this.now = o.now ?? Date.now;
    o.runner.register<DeliveryPayload, never>(
      WEBHOOK_KIND,
      { run: (ctx) => this.deliver(ctx) },
      {
        concurrency: 4,
        maxAttempts: o.settings().retries + 1,
        backoff: webhookBackoff(o.settings()),
        leaseMs: Math.max(60_000, o.settings().timeoutMs * 3),
        // A resend is always safe (receivers deduplicate by webhook-id): no quarantine needed.
        quarantineMs: 0,
      },
    );
  }

  /** Watches the runner for deliveries that ran out of attempts; settles any missed while closed. */
  start(): void {
    this.unsubscribe = this.o.runner.subscribe((ids) => this.settleFailures(ids));
    const stranded = this.sqlite
      .prepare(
        `SELECT j.id FROM webhook_deliveries d JOIN jobs j
           ON j.kind = '${WEBHOOK_KIND}' AND j.key = 'delivery:' || d.id
         WHERE d.state = 'pending' AND j.state = 'failed'`,
      )
      .pluck()
      .all() as number[];
    this.settleFailures(stranded);
  }

  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  settingsChanged(): void {
    this.o.runner.setBackoff(WEBHOOK_KIND, webhookBackoff(this.o.settings()));
  }

  // ---- the outbox ----------------------------------------------------------------------------

  /**
   * Writes an event's message and its deliveries, in the caller's transaction when one is open
   * (so the event and its announcement commit together), else in one of its own. Returns the
   * message id, or null when no endpoint wants this event.
   */
  record(
    type: WebhookMessageType,
    data: Record<string, unknown>,
    only?: readonly number[],
  ): string | null {
    const nested = this.sqlite.inTransaction;
    const write = (): string | null => {
      const endpoints = this.activeEndpoints().filter((e) =>
        only ? only.includes(e.id) : (parseEvents(e.events) as string[]).includes(type),
      );
      if (endpoints.length === 0) return null;
      const at = new Date(this.now()).toISOString();
      const id = `msg_${randomUUID().replace(/-/g, '')}`;
      const body: WebhookBody = { type, timestamp: at, event: LEGACY_EVENT_NAMES[type], data };
      this.sqlite
        .prepare('INSERT INTO webhook_messages (id, type, body, created_at) VALUES (?, ?, ?, ?)')
        .run(id, type, JSON.stringify(body), at);
      const insert = this.sqlite.prepare(
        `INSERT INTO webhook_deliveries (message_id, endpoint_id, state, created_at, updated_at)
         VALUES (?, ?, 'pending', ?, ?)`,
      );
      for (const endpoint of endpoints) {
        const deliveryId = Number(insert.run(id, endpoint.id, at, at).lastInsertRowid);
        this.o.runner.enqueue<DeliveryPayload>(
          WEBHOOK_KIND,
          `delivery:${deliveryId}`,
          { deliveryId },
          // Not claimed before the caller's transaction has committed (or rolled back).
          { maxAttempts: this.o.settings().retries + 1, wake: !nested },
        );
      }
      return id;
    };
    const id = nested ? write() : this.sqlite.transaction(write).immediate();
    if (id !== null && nested) setImmediate(() => this.o.runner.wake());
    if (id !== null) this.o.onChanged?.();
    return id;
  }

  // ---- endpoints -----------------------------------------------------------------------------

  /**
   * The original system's WEBHOOK_* variables as endpoints, each made once (with a secret of its
   * own, which an admin rotates to learn): one removed on the Settings screen stays removed.
   * Returns what could not be read, for the start-up warnings.
   */
  async addEnvironmentEndpoints(env: Record<string, string | undefined>): Promise<string[]> {
    const problems: string[] = [];
    for (const [event, variable] of Object.entries(WEBHOOK_ENV_VARIABLES) as [
      WebhookEventType,
      string,
    ][]) {
      const value = env[variable]?.trim();
      if (!value) continue;
      for (const url of value
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean)) {
        const checked = WebhookEndpointAddSchema.shape.url.safeParse(url);
        if (!checked.success) {
          problems.push(`${variable} is not used: "${url}" is not an http:// or https:// address.`);
          continue;
        }
        const known = this.sqlite
          .prepare('SELECT 1 FROM webhook_endpoints WHERE source_variable = ? AND url = ?')
          .get(variable, checked.data);
        if (known) continue;
        const { endpoint } = await this.addEndpoint({
          url: checked.data,
          events: [event],
          description: `From ${variable}`,
        });
        this.sqlite
          .prepare('UPDATE webhook_endpoints SET source_variable = ? WHERE id = ?')
          .run(variable, endpoint.id);
      }
    }
    return problems;
  }

  async addEndpoint(input: {
    url: string;
    events: WebhookEventType[];
    description: string;
  }): Promise<WebhookSecretShown> {
    const at = new Date(this.now()).toISOString();
    const events = [...new Set(input.events)];
    const id = Number(
      this.sqlite
        .prepare(
          `INSERT INTO webhook_endpoints (url, description, events, created_at) VALUES (?, ?, ?, ?)`,
        )
        .run(input.url.trim(), input.description.trim(), JSON.stringify(events), at)
        .lastInsertRowid,
    );
    const secret = newWebhookSecret();
    try {
      await this.o.secrets.set(secretKey(id), secret);
    } catch (error) {
      // Without its secret the endpoint could never be signed for: it is not kept.
      this.sqlite.prepare('DELETE FROM webhook_endpoints WHERE id = ?').run(id);
      throw error;
    }
    this.o.logger.info('webhook endpoint added', { id, url: input.url, events });
    return { endpoint: this.view(id), secret };
  }

  /** Stops sending to an endpoint: its waiting deliveries are cancelled, its log stays. */
  async removeEndpoint(id: number): Promise<void> {
    this.endpoint(id);
    const at = new Date(this.now()).toISOString();
    this.sqlite.prepare('UPDATE webhook_endpoints SET removed_at = ? WHERE id = ?').run(at, id);
    const pending = this.sqlite
      .prepare(`SELECT id FROM webhook_deliveries WHERE endpoint_id = ? AND state = 'pending'`)
      .pluck()
      .all(id) as number[];
    for (const deliveryId of pending) {
      const job = this.o.runner.find(WEBHOOK_KIND, `delivery:${deliveryId}`);
      if (job) this.o.runner.cancel(job.id);
    }
    this.sqlite
      .prepare(
        `UPDATE webhook_deliveries SET state = 'failed', last_response = 'The endpoint was removed.', updated_at = ?
         WHERE endpoint_id = ? AND state = 'pending'`,
      )
      .run(at, id);
    await this.o.secrets.delete(secretKey(id));
    await this.o.secrets.delete(secretKey(id, 'previous'));
    this.o.onChanged?.();
  }

  /**
   * A new secret, shown once. The old one keeps signing beside it for `graceHours`, so receivers
   * can switch without missing a delivery.
   */
  async rotate(id: number, graceHours: number): Promise<WebhookSecretShown> {
    this.endpoint(id);
    const current = await this.o.secrets.get(secretKey(id));
    const secret = newWebhookSecret();
    if (current !== null && graceHours > 0) {
      await this.o.secrets.set(secretKey(id, 'previous'), current);
    } else {
      await this.o.secrets.delete(secretKey(id, 'previous'));
    }
    await this.o.secrets.set(secretKey(id), secret);
    const until =
      current !== null && graceHours > 0
        ? new Date(this.now() + graceHours * 3_600_000).toISOString()
        : null;
    this.sqlite
      .prepare('UPDATE webhook_endpoints SET previous_secret_until = ? WHERE id = ?')
      .run(until, id);
    this.o.logger.info('webhook secret rotated', { id, previousUntil: until });
    return { endpoint: this.view(id), secret };
  }

  /** A `webhook.test` message to one endpoint, delivered like any other. */
  sendTest(id: number): WebhookDeliveryRow {
    const endpoint = this.endpoint(id);
    const messageId = this.record(
      'webhook.test',
      { message: 'A test event from Archivist Desktop.', endpoint_id: endpoint.id },
      [endpoint.id],
    );
    const row = this.sqlite
      .prepare('SELECT id FROM webhook_deliveries WHERE message_id = ?')
      .pluck()
      .get(messageId) as number;
    return this.delivery(row);
  }

  /** Sends a delivery again from its first attempt (same message, same webhook-id). */
  resend(deliveryId: number): WebhookDeliveryRow {
    const row = this.delivery(deliveryId);
    const endpoint = this.activeEndpoints().find((e) => e.id === row.endpointId);
    if (!endpoint) {
      throw new AppError(
        'FAILED_PRECONDITION',
        'Its endpoint was removed: there is nowhere to send it.',
      );
    }
    if (row.state === 'pending') return row;
    const at = new Date(this.now()).toISOString();
    this.sqlite
      .prepare(
        `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, updated_at = ? WHERE id = ?`,
      )
      .run(at, deliveryId);
    this.o.runner.enqueue<DeliveryPayload>(
      WEBHOOK_KIND,
      `delivery:${deliveryId}`,
      { deliveryId },
      { maxAttempts: this.o.settings().retries + 1, rerun: true },
    );
    this.o.onChanged?.();
    return this.delivery(deliveryId);
  }

  /** For the health panel: endpoints whose latest delivery failed, and dead letters of a day. */
  health(): {
    failing: { url: string; answer: string | null }[];
    deadLetters: number;
    endpoints: number;
  } {
    const endpoints = this.activeEndpoints();
    const latest = this.sqlite.prepare(
      `SELECT state, attempts, last_status AS status, last_response AS answer FROM webhook_deliveries
       WHERE endpoint_id = ? AND attempts > 0 ORDER BY id DESC LIMIT 1`,
    );
    const failing: { url: string; answer: string | null }[] = [];
    for (const e of endpoints) {
      const row = latest.get(e.id) as
        | {
            state: WebhookDeliveryState;
            attempts: number;
            status: number | null;
            answer: string | null;
          }
        | undefined;
      const bad = row && row.state !== 'delivered' && (row.status === null || row.status >= 300);
      if (bad)
        failing.push({ url: e.url, answer: row.status === null ? row.answer : `${row.status}` });
    }
    const dayAgo = new Date(this.now() - 24 * 3_600_000).toISOString();
    const deadLetters = this.sqlite
      .prepare(`SELECT count(*) FROM webhook_deliveries WHERE state = 'failed' AND updated_at >= ?`)
      .pluck()
      .get(dayAgo) as number;
    return { failing, deadLetters, endpoints: endpoints.length };
  }

  endpoints(): WebhookEndpointView[] {
    return this.activeEndpoints().map((e) => this.viewOf(e));
  }

  deliveries(filter: { endpointId: number | null; limit: number }): WebhookDeliveryRow[] {
    const ids = this.sqlite
      .prepare(
        `SELECT id FROM webhook_deliveries WHERE (? IS NULL OR endpoint_id = ?)
         ORDER BY id DESC LIMIT ?`,
      )
      .pluck()
      .all(filter.endpointId, filter.endpointId, filter.limit) as number[];
    return ids.map((id) => this.delivery(id));
  }

  delivery(id: number): WebhookDeliveryRow {
    const record = this.record_(id);
    const job = this.o.runner.find(WEBHOOK_KIND, `delivery:${id}`);
    return {
      id: record.id,
      messageId: record.messageId,
      type: record.type,
      endpointId: record.endpointId,
      url: record.url ?? '(removed)',
      state: record.state,
      attempts: record.attempts,
      lastStatus: record.lastStatus,
      lastLatencyMs: record.lastLatencyMs,
      lastResponse: record.lastResponse,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      nextAttemptAt:
        record.state === 'pending' && job && job.state === 'queued'
          ? new Date(job.runAfter).toISOString()
          : null,
    };
  }

  // ---- delivering ----------------------------------------------------------------------------

  private async deliver(ctx: JobContext<DeliveryPayload, never>): Promise<void> {
    const { deliveryId } = ctx.job.payload;
    let record: DeliveryRecord;
    try {
      record = this.record_(deliveryId);
    } catch {
      return; // gone (the database was reset): nothing to send
    }
    if (record.state !== 'pending') return;
    const endpoint = this.activeEndpoints().find((e) => e.id === record.endpointId);
    if (!endpoint) return;
    const secrets = await this.signingSecrets(endpoint);
    if (secrets.length === 0) {
      throw JobError.rejected(`The secret of endpoint ${endpoint.id} is not in the keychain.`);
    }
    const at = new Date(this.now());
    const settings = this.o.settings();
    const started = performance.now();
    let status: number | null = null;
    let retryAfterMs: number | undefined;
    let response: string;
    // A timer of our own, cleared in `finally`: a signal from AbortSignal.timeout() combined with
    // AbortSignal.any() is only weakly held and may be collected before it fires, and then a
    // receiver that never answers would hold this attempt for ever.
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, settings.timeoutMs);
    const stop = () => attempt.abort();
    ctx.signal.addEventListener('abort', stop, { once: true });
    try {
      const answer = await fetch(endpoint.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'ArchivistDesktop-Webhooks/1',
          'webhook-id': record.messageId,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signatureHeader(secrets, record.messageId, at, record.body),
        },
        body: record.body,
        signal: attempt.signal,
      });
      status = answer.status;
      retryAfterMs = retryAfterOf(answer.headers.get('retry-after'), this.now());
      response = (await answer.text().catch(() => '')).slice(0, RESPONSE_BYTES);
    } catch (error) {
      response = timedOut
        ? `No answer within ${settings.timeoutMs / 1000} s.`
        : ctx.signal.aborted
          ? 'Stopped before an answer came.'
          : `Not delivered: ${errorMessage(error)}`;
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', stop);
    }
    const latency = Math.round(performance.now() - started);
    const ok = status !== null && status >= 200 && status < 300;
    this.sqlite
      .prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_latency_ms = ?,
           last_response = ?, updated_at = ?, state = CASE WHEN ? THEN 'delivered' ELSE state END
         WHERE id = ?`,
      )
      .run(status, latency, response, new Date(this.now()).toISOString(), ok ? 1 : 0, deliveryId);
    this.o.onChanged?.();
    if (ok) return;
    // Sending again is always safe (the same webhook-id): every failure is a retry, never a lookup.
    throw JobError.rejected(
      status === null ? response : `The receiver answered ${status}.`,
      retryAfterMs,
    );
  }

  /** Deliveries whose job ran out of attempts: a dead letter, and a system alert about it. */
  private settleFailures(jobIds: readonly number[]): void {
    for (const jobId of jobIds) {
      const job = this.o.runner.get(jobId);
      if (!job || job.kind !== WEBHOOK_KIND || job.state !== 'failed') continue;
      const { deliveryId } = job.payload as DeliveryPayload;
      const changed = this.sqlite
        .prepare(
          `UPDATE webhook_deliveries SET state = 'failed', updated_at = ? WHERE id = ? AND state = 'pending'`,
        )
        .run(new Date(this.now()).toISOString(), deliveryId).changes;
      if (changed === 0) continue;
      const row = this.delivery(deliveryId);
      this.o.logger.warn('webhook delivery failed for good', {
        deliveryId,
        url: row.url,
        attempts: row.attempts,
      });
      this.o.onChanged?.();
      // An alert about an alert's failure would go to the same failing receivers: not sent.
      if (row.type === 'system.alert' || row.type === 'webhook.test') continue;
      this.record('system.alert', {
        service: 'webhooks',
        level: 'error',
        message: `The ${row.type} event ${row.messageId} could not be delivered to ${row.url} after ${row.attempts} attempts (last: ${row.lastResponse ?? 'no answer'}).`,
      });
    }
  }

  private async signingSecrets(endpoint: EndpointRow): Promise<string[]> {
    const current = await this.o.secrets.get(secretKey(endpoint.id));
    const inGrace =
      endpoint.previousSecretUntil !== null &&
      Date.parse(endpoint.previousSecretUntil) > this.now();
    const previous = inGrace ? await this.o.secrets.get(secretKey(endpoint.id, 'previous')) : null;
    return [current, previous].filter((s): s is string => s !== null);
  }

  // ---- reads ---------------------------------------------------------------------------------

  private activeEndpoints(): EndpointRow[] {
    return this.sqlite
      .prepare(
        `SELECT id, url, description, events, created_at AS createdAt,
                previous_secret_until AS previousSecretUntil, source_variable AS sourceVariable
         FROM webhook_endpoints WHERE removed_at IS NULL ORDER BY id`,
      )
      .all() as EndpointRow[];
  }

  private endpoint(id: number): EndpointRow {
    const row = this.activeEndpoints().find((e) => e.id === id);
    if (!row) throw new AppError('NOT_FOUND', `There is no webhook endpoint ${id}.`);
    return row;
  }

  private view(id: number): WebhookEndpointView {
    return this.viewOf(this.endpoint(id));
  }

  private viewOf(e: EndpointRow): WebhookEndpointView {
    const counts = { pending: 0, delivered: 0, failed: 0 };
    const rows = this.sqlite
      .prepare(
        'SELECT state, count(*) AS n FROM webhook_deliveries WHERE endpoint_id = ? GROUP BY state',
      )
      .all(e.id) as { state: WebhookDeliveryState; n: number }[];
    for (const { state, n } of rows) counts[state] = n;
    const inGrace =
      e.previousSecretUntil !== null && Date.parse(e.previousSecretUntil) > this.now();
    return {
      id: e.id,
      url: e.url,
      description: e.description,
      events: parseEvents(e.events),
      createdAt: e.createdAt,
      previousSecretUntil: inGrace ? e.previousSecretUntil : null,
      warning: plainHttpWarning(e.url),
      fromEnvironment: e.sourceVariable,
      counts,
    };
  }

  private record_(id: number): DeliveryRecord {
    const row = this.sqlite
      .prepare(
        `SELECT d.id, d.message_id AS messageId, d.endpoint_id AS endpointId, d.state, d.attempts,
                d.last_status AS lastStatus, d.last_latency_ms AS lastLatencyMs,
                d.last_response AS lastResponse, d.created_at AS createdAt,
                d.updated_at AS updatedAt, m.type, m.body, e.url
         FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
         LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE d.id = ?`,
      )
      .get(id) as DeliveryRecord | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no webhook delivery ${id}.`);
    return row;
  }
}

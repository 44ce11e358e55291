import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type WebhooksSettings } from '../../shared/settings';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { JobRunner } from '../jobs';
import { silentLogger } from '../logging/logger';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { Receiver, type Received } from './testing/receiver';
import { retryAfterOf, WebhooksService } from './webhooks.service';

/*
 * Webhooks against a real receiver on 127.0.0.1 that checks every signature with the reference
 * `standardwebhooks` package, on a real SQLite file, with the durable runner on a clock the test
 * moves (the waits between attempts reach hours; nothing here waits for them).
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

let lastRunner: JobRunner | null = null;
async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}: ${JSON.stringify(lastRunner?.list({ kinds: ['webhook'] }).map((j) => [j.id, j.state, j.attempts, j.runAfter - Date.now(), j.lastError]))}`,
      );
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The service on a fresh database, its runner started, on a clock the test moves. */
async function setUp(settings: Partial<WebhooksSettings> = {}) {
  const temp = makeTempDir('archivist-webhooks-');
  cleanups.push(temp.remove);
  const database: AppDatabase = openDatabase({
    file: join(temp.dir, 'archivist.db'),
    migrationsDir: defaultMigrationsDir(),
  });
  cleanups.push(() => database.close());
  // Real time plus what the test adds: the receiver's timestamps stay near now for verify().
  let offset = 0;
  const now = () => Date.now() + offset;
  const runner = new JobRunner({ database, logger: silentLogger, now, pollMs: 20 });
  lastRunner = runner;
  const secrets = new MemorySecretStore();
  const current = { ...DEFAULT_SETTINGS.webhooks, timeoutMs: 1_000, ...settings };
  const service = new WebhooksService({
    database,
    runner,
    secrets,
    settings: () => current,
    logger: silentLogger,
    now,
  });
  service.start();
  runner.start();
  cleanups.push(async () => {
    service.dispose();
    await runner.dispose();
  });
  const receiver = await Receiver.start();
  cleanups.push(() => receiver.close());
  return {
    database,
    runner,
    service,
    secrets,
    receiver,
    settings: current,
    /** Moves the clock on and lets the runner look. */
    advance(ms: number) {
      offset += ms;
      runner.wake();
    },
  };
}

describe('webhooks', () => {
  it('signs each event as Standard Webhooks, with the original system’s names in the body', async () => {
    const { service, receiver } = await setUp();
    const { endpoint, secret } = await service.addEndpoint({
      url: receiver.url,
      events: ['vod.published'],
      description: 'Station website',
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(service.endpoints())).not.toContain(secret);
    expect(endpoint.warning).toBeNull(); // plain http, but to this machine

    const data = { transcription_id: 4, vod_id: 1207, url: 'https://vod.example/1207' };
    const messageId = service.record('vod.published', data);
    expect(service.record('transcription.completed', { transcription_id: 4 })).toBeNull();
    await until(
      () => service.deliveries({ endpointId: null, limit: 10 })[0]?.state === 'delivered',
      'the delivery',
    );

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests as [Received];
    expect(request.headers['webhook-id']).toBe(messageId);
    const body = receiver.verify(request, secret);
    expect(body).toMatchObject({ type: 'vod.published', event: 'vod_published', data });
    expect(Date.parse(body.timestamp)).toBeGreaterThan(0);
    expect(() =>
      receiver.verify(request, 'whsec_' + Buffer.alloc(32).toString('base64')),
    ).toThrow();
    expect(service.deliveries({ endpointId: endpoint.id, limit: 10 })[0]).toMatchObject({
      messageId,
      type: 'vod.published',
      state: 'delivered',
      attempts: 1,
      lastStatus: 200,
      lastResponse: 'ok',
    });
  });

  it('retries with the same webhook-id on a ladder of waits, and honours Retry-After', async () => {
    const { service, receiver, runner, advance } = await setUp({ retryDelayMs: 5_000 });
    receiver.answers = [500, 503, 200];
    await service.addEndpoint({ url: receiver.url, events: ['vod.published'], description: '' });
    const messageId = service.record('vod.published', { vod_id: 1 });
    await until(() => receiver.requests.length === 1, 'the first attempt');
    await until(
      () => runner.find('webhook', 'delivery:1')?.state === 'queued',
      'the retry to wait',
    );
    // The first retry waits between half and all of 5 s: not before.
    const first = runner.find('webhook', 'delivery:1');
    expect(first && first.runAfter - Date.now()).toBeGreaterThan(1_000);
    advance(5_000);
    await until(() => receiver.requests.length === 2, 'the second attempt');
    await until(() => runner.find('webhook', 'delivery:1')?.state === 'queued', 'the next wait');
    // The second waits minutes (half of 5 min at least).
    expect(runner.find('webhook', 'delivery:1')!.runAfter - Date.now()).toBeGreaterThan(140_000);
    advance(5 * 60_000);
    await until(() => receiver.requests.length === 3, 'the third attempt');
    await until(() => service.delivery(1).state === 'delivered', 'the delivery');
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([messageId]),
    );
    expect(service.delivery(1)).toMatchObject({ attempts: 3, lastStatus: 200 });

    expect(retryAfterOf('120', 0)).toBe(120_000);
    expect(retryAfterOf('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60_000);
    expect(retryAfterOf('soon', 0)).toBeUndefined();
  });

  it('delivers every event to a receiver that was down for an hour, with the same id on each retry', async () => {
    const { service, receiver, advance } = await setUp({ retryDelayMs: 5_000 });
    receiver.answers = [503];
    const { secret } = await service.addEndpoint({
      url: receiver.url,
      events: ['transcription.completed', 'vod.published'],
      description: '',
    });
    const ids = [
      service.record('transcription.completed', { transcription_id: 1 }),
      service.record('vod.published', { vod_id: 11 }),
      service.record('transcription.completed', { transcription_id: 2 }),
    ];
    await until(() => receiver.requests.length >= 3, 'the first attempts');
    // An hour passes, a few minutes at a time, with the receiver down all along.
    for (let minute = 0; minute < 60; minute += 5) {
      advance(5 * 60_000);
      await new Promise((r) => setTimeout(r, 30));
    }
    const whileDown = receiver.requests.length;
    expect(whileDown).toBeGreaterThan(3);
    receiver.answers = [200];
    // The receiver is back: each delivery's next attempt (the ladder's next step, hours at most)
    // goes through. Time moves half an hour at a time until they have, at most half a day.
    const allDelivered = () =>
      service.deliveries({ endpointId: null, limit: 10 }).every((d) => d.state === 'delivered');
    for (let step = 0; step < 24 && !allDelivered(); step++) {
      advance(30 * 60_000);
      await new Promise((r) => setTimeout(r, 60));
    }
    await until(allDelivered, 'every delivery');
    const delivered = receiver.requests.slice(whileDown);
    expect(new Set(delivered.map((r) => r.headers['webhook-id']))).toEqual(new Set(ids));
    // Signed (the app's clock is hours ahead of the receiver's here, so only the signature is checked).
    for (const request of delivered) expect(receiver.signedBy(request, secret)).toBe(true);
    // Every attempt of one event carried the same id.
    for (const id of ids) {
      const attempts = receiver.requests.filter((r) => r.headers['webhook-id'] === id);
      expect(attempts.length).toBeGreaterThan(1);
      expect(
        new Set(attempts.map((r) => JSON.parse(r.body) as unknown).map((b) => JSON.stringify(b)))
          .size,
      ).toBe(1);
    }
  });

  it('keeps a delivery that ran out of attempts as failed, raises a system alert, and resends it', async () => {
    const { service, receiver, advance } = await setUp({ retries: 1, retryDelayMs: 1_000 });
    const alerts = await Receiver.start('/alerts');
    cleanups.push(() => alerts.close());
    receiver.answers = [500];
    await service.addEndpoint({
      url: receiver.url,
      events: ['transcription.completed'],
      description: '',
    });
    const watcher = await service.addEndpoint({
      url: alerts.url,
      events: ['system.alert'],
      description: '',
    });
    service.record('transcription.completed', { transcription_id: 9 });
    await until(() => receiver.requests.length === 1, 'the first attempt');
    advance(1_000);
    await until(() => service.delivery(1).state === 'failed', 'the dead letter');
    expect(service.delivery(1)).toMatchObject({
      attempts: 2,
      lastStatus: 500,
      lastResponse: 'refused 500',
    });

    await until(() => alerts.requests.length === 1, 'the alert');
    const alert = alerts.verify(alerts.requests[0]!, watcher.secret);
    expect(alert).toMatchObject({
      type: 'system.alert',
      event: 'system_alert',
      data: { service: 'webhooks', level: 'error' },
    });
    expect(String(alert.data.message)).toContain(receiver.url);

    // The receiver is back: a resend goes from the first attempt, with the same webhook-id.
    receiver.answers = [200];
    const before = receiver.requests[0]!.headers['webhook-id'];
    expect(service.resend(1).state).toBe('pending');
    await until(() => service.delivery(1).state === 'delivered', 'the resend');
    expect(receiver.requests.at(-1)!.headers['webhook-id']).toBe(before);
    expect(service.delivery(1).attempts).toBe(1);
  });

  it('signs with both secrets during a rotation’s grace period, then with the new one only', async () => {
    const { service, receiver, advance, runner } = await setUp();
    const { endpoint, secret: old } = await service.addEndpoint({
      url: receiver.url,
      events: ['vod.published'],
      description: '',
    });
    const rotated = await service.rotate(endpoint.id, 24);
    expect(rotated.secret).not.toBe(old);
    expect(rotated.endpoint.previousSecretUntil).not.toBeNull();

    service.record('vod.published', { vod_id: 2 });
    await until(() => receiver.requests.length === 1, 'the delivery');
    // Its job settled before the clock jumps a day (else its claim would expire mid-attempt).
    await until(() => runner.find('webhook', 'delivery:1')?.state === 'done', 'the job to settle');
    const during = receiver.requests[0]!;
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(receiver.verify(during, old).type).toBe('vod.published');
    expect(receiver.verify(during, rotated.secret).type).toBe('vod.published');

    advance(25 * 3_600_000);
    service.sendTest(endpoint.id);
    await until(() => receiver.requests.length === 2, 'the test event');
    const after = receiver.requests[1]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => receiver.verify(after, old)).toThrow();
    // The receiver's own clock check: the test moved the app's clock a day on, so skip it here.
    expect(
      new Webhook(rotated.secret).sign(
        String(after.headers['webhook-id']),
        new Date(Number(after.headers['webhook-timestamp']) * 1000),
        after.body,
      ),
    ).toBe(after.headers['webhook-signature']);
    expect(JSON.parse(after.body)).toMatchObject({ type: 'webhook.test', event: 'test' });
  });

  it('gives up an attempt at its timeout, and says so in the log', async () => {
    const { service, receiver } = await setUp({ timeoutMs: 1_000 });
    receiver.answers = ['hang'];
    await service.addEndpoint({ url: receiver.url, events: ['vod.published'], description: '' });
    service.record('vod.published', { vod_id: 3 });
    await until(() => service.delivery(1).attempts === 1, 'the attempt to end', 5_000);
    expect(service.delivery(1)).toMatchObject({
      state: 'pending',
      lastStatus: null,
      lastResponse: 'No answer within 1 s.',
    });
  });

  it('writes nothing when the transaction that announces an event rolls back', async () => {
    const { service, receiver, database } = await setUp();
    await service.addEndpoint({ url: receiver.url, events: ['vod.published'], description: '' });
    expect(() =>
      database.sqlite.transaction(() => {
        service.record('vod.published', { vod_id: 4 });
        throw new Error('the publication could not be stored');
      })(),
    ).toThrow('could not be stored');
    const count = (table: string) =>
      database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    expect(count('webhook_messages')).toBe(0);
    expect(count('webhook_deliveries')).toBe(0);
    expect(count(`jobs WHERE kind = 'webhook'`)).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.requests).toHaveLength(0);
  });

  it('warns of plain http to another machine, and stops sending to a removed endpoint', async () => {
    const { service, receiver } = await setUp();
    const remote = await service.addEndpoint({
      url: 'http://hooks.example.org/archivist',
      events: ['system.alert'],
      description: '',
    });
    expect(remote.endpoint.warning).toMatch(/unencrypted/);
    receiver.answers = ['hang'];
    const local = await service.addEndpoint({
      url: receiver.url,
      events: ['vod.published'],
      description: '',
    });
    service.record('vod.published', { vod_id: 5 });
    await service.removeEndpoint(local.endpoint.id);
    expect(service.endpoints().map((e) => e.id)).toEqual([remote.endpoint.id]);
    expect(service.deliveries({ endpointId: local.endpoint.id, limit: 5 })[0]).toMatchObject({
      state: 'failed',
      lastResponse: 'The endpoint was removed.',
    });
    expect(() => service.resend(1)).toThrow(/removed/);
  });
});

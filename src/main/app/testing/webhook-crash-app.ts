/**
 * The app for the webhook crash test: the composed core, as `publishingCore` builds it, with the
 * real keychain when the test has one, in a process the test kills with SIGKILL.
 * `node --import tsx webhook-crash-app.ts OPTIONS_JSON`. It prints, a line each:
 *
 * - `started` once the core is up (its start-up scan of the storage folders under way);
 * - `endpoint {"id":…,"secret":"…"}` once the endpoint is made (setup only);
 * - `recordings {"<show id>":<recording id>,…}` once the completion of every recording it wrote
 *   is in the outbox;
 * - `committed <n>` once every event of this start has committed (the outbox holds n messages);
 * - `all delivered` when, with `finish`, no delivery is pending any more (it then exits 0).
 *
 * Without `finish` it stays up until it is killed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishBatchView, PublishJobDetail } from '../../../shared/publishing';
import type { WebhookSecretShown } from '../../../shared/webhooks';
import { KeyringSecretStore } from '../../secrets/keyring-secret-store';
import { MemorySecretStore } from '../../secrets/memory-secret-store';
import type { SecretStore } from '../../secrets/secret-store';
import { secretKey } from '../../webhooks/webhook-secret';
import { WEBHOOK_KIND } from '../../webhooks/webhooks.service';
import { call, publishingCore, until } from './publish-fixture';
import { writeReadyRecordings } from './webhook-crash-harness';

export interface WebhookCrashAppOptions {
  dataDir: string;
  serverUrl: string;
  /** Where the endpoint made at setup points. */
  receiverUrl: string;
  /** The keychain's service name; null: a store in memory holding `secret`. */
  keychainService: string | null;
  /**
   * Without a keychain: the endpoint's secret as setup made it, handed to every later start (as
   * the keychain would keep it across a kill).
   */
  secret: { endpointId: number; value: string } | null;
  /** Settings, the endpoint, the catalog and the storage folder: the first start only. */
  setup: boolean;
  /**
   * Shows to write a ready recording for at this start (captions and a summary beside it), whose
   * completions it waits for.
   */
  record: number[];
  /** Of those, the ones to publish to VOD at this start. */
  publish: number[];
  /**
   * No delivery is claimed during this start (the runner's webhook kind is paused): it holds the
   * moment between an event's commit and its delivery's first attempt open until the kill.
   */
  holdDeliveries: boolean;
  /** How far this start's clock runs ahead of the machine's: a restart that comes later. */
  clockAheadMs: number;
  /** Runs until no delivery is pending, then stops and exits. */
  finish: boolean;
}

const WEBHOOK_CRASH_SETTINGS = {
  // The retry ladder's first steps short (a second, then a minute; the receiver's Retry-After
  // may ask for longer). An attempt that gets no answer waits 20 s, far longer than the test
  // takes to kill it, so its outcome is never written; and its lease stays at the one-minute
  // floor (three times the timeout would be more).
  retryDelayMs: 1_000,
  timeoutMs: 20_000,
} as const;

const options = JSON.parse(process.argv[2] ?? '{}') as WebhookCrashAppOptions;
const print = (line: string): void => void process.stdout.write(`${line}\n`);

const secrets: SecretStore =
  options.keychainService !== null
    ? new KeyringSecretStore({ service: options.keychainService })
    : new MemorySecretStore(
        options.secret ? { [secretKey(options.secret.endpointId)]: options.secret.value } : {},
      );
const core = await publishingCore({
  dataDir: options.dataDir,
  serverUrl: options.serverUrl,
  now: () => Date.now() + options.clockAheadMs,
  platform: { secrets },
});
if (options.holdDeliveries) core.runner.pause(WEBHOOK_KIND);
const sqlite = core.database.sqlite;
const folder = join(options.dataDir, 'recordings');
print('started');

if (options.setup) {
  await call(core, 'settings.update', { webhooks: WEBHOOK_CRASH_SETTINGS });
  const { endpoint, secret } = await call<WebhookSecretShown>(core, 'webhooks.add', {
    url: options.receiverUrl,
    events: ['transcription.completed', 'vod.published'],
  });
  print(`endpoint ${JSON.stringify({ id: endpoint.id, secret })}`);
  await core.catalog.sync.runToEnd('full');
  mkdirSync(folder, { recursive: true });
  await call(core, 'library.folders.add', { path: folder });
}

/** Show id → recording id, read from the events in the outbox (what was announced). */
function announced(type: 'transcription.completed' | 'vod.published'): Map<number, number> {
  const rows = sqlite
    .prepare(
      `SELECT json_extract(body, '$.data.show_id') AS showId,
              json_extract(body, '$.data.transcription_id') AS recordingId
       FROM webhook_messages WHERE type = ?`,
    )
    .all(type) as { showId: number; recordingId: number }[];
  return new Map(rows.map((r) => [r.showId, r.recordingId]));
}

if (options.record.length > 0) {
  writeReadyRecordings(folder, options.record);
  await call(core, 'library.scan');
  const completions = await until(
    'the completions in the outbox',
    () => announced('transcription.completed'),
    (found) => options.record.every((id) => found.has(id)),
    60_000,
  );
  print(
    `recordings ${JSON.stringify(Object.fromEntries(options.record.map((id) => [id, completions.get(id)])))}`,
  );

  if (options.publish.length > 0) {
    const recordingIds = options.publish.map((id) => completions.get(id)!);
    for (const [i, id] of recordingIds.entries()) {
      await call(core, 'library.draft.save', {
        id,
        title: '',
        cgTitle: `Council Meeting ${options.publish[i]}`,
        description: 'The council met.',
        tags: ['council'],
        chapters: [{ offsetSec: 1, title: 'Call to order' }],
        chaptersSource: 'manual',
      });
    }
    const batch = await call<PublishBatchView>(core, 'publish.enqueue', { recordingIds });
    for (const row of batch.rows) {
      const job = await until(
        `publish job ${row.id}`,
        () => call<PublishJobDetail>(core, 'publish.get', { id: row.id }),
        (j) => j.state === 'done' || j.state === 'failed',
        60_000,
      );
      if (job.state !== 'done') throw new Error(`publish job ${row.id}: ${job.lastError}`);
    }
    await until(
      'the publications in the outbox',
      () => announced('vod.published'),
      (found) => options.publish.every((id) => found.has(id)),
    );
  }
}
print(
  `committed ${sqlite.prepare('SELECT count(*) FROM webhook_messages').pluck().get() as number}`,
);

if (options.finish) {
  // Recordings a kill left unfinished are completed (and announced) by this start's scans first.
  await call(core, 'library.scan');
  await until(
    'every recording to be complete',
    () =>
      sqlite.prepare('SELECT count(*) FROM recordings WHERE completed_at IS NULL').pluck().get(),
    (n) => n === 0,
    60_000,
  );
  const open = await until(
    'every delivery to end',
    () =>
      sqlite
        .prepare(
          `SELECT count(*) FILTER (WHERE state = 'pending') AS pending,
                  count(*) FILTER (WHERE state = 'failed') AS failed
           FROM webhook_deliveries`,
        )
        .get() as { pending: number; failed: number },
    (n) => n.pending === 0 || n.failed > 0,
    60_000,
  );
  await core.dispose();
  if (open.failed > 0) {
    print(`${open.failed} deliveries failed`);
    process.exit(1);
  }
  print('all delivered');
  process.exit(0);
} else {
  // Up until the kill.
  setInterval(() => {}, 60_000);
}

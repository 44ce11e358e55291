/**
 * The webhook crash test's pieces: a receiver whose answers the test sets (it outlives every kill
 * of the app, as a station's receiver does), the app in a process of its own, and the outbox as a
 * kill left it, read from the database file once the process is gone.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import type { WebhookBody } from '../../../shared/webhooks';
import { watchChild, type ChildExit } from '../../jobs/testing/watch-child';
import { writeRecordings } from './publish-fixture';
import type { WebhookCrashAppOptions } from './webhook-crash-app';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const appScript = fileURLToPath(new URL('./webhook-crash-app.ts', import.meta.url));

/**
 * One ready recording per show: a video, SRT captions and a summary beside it, named by file key.
 * Ready is what transcription.completed announces.
 */
export function writeReadyRecordings(folder: string, showIds: readonly number[]): void {
  writeRecordings(folder, showIds);
  for (const id of showIds) {
    writeFileSync(
      join(folder, `${id}-1-Council Meeting ${id}_summary.txt`),
      `The council met (meeting ${id}).`,
    );
  }
}

/** How the receiver answers: 503 at once, never (the request is held open), or 200. */
export type ReceiverMode = 'refuse' | 'hang' | 'accept';

export interface ReceivedHook {
  webhookId: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The receiver's mode when it came: what it was answered (`hang`: nothing). */
  answer: ReceiverMode;
  /** The test's name for the start of the app that sent it. */
  phase: string;
}

/** A webhook receiver on 127.0.0.1 that records every request with what it answered. */
export class CrashReceiver {
  mode: ReceiverMode = 'refuse';
  phase = '';
  readonly requests: ReceivedHook[] = [];
  private readonly held = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<CrashReceiver> {
    let receiver: CrashReceiver | null = null;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (!receiver) return;
        const header = (name: string): string => String(req.headers[name] ?? '');
        const mode = receiver.mode;
        receiver.requests.push({
          webhookId: header('webhook-id'),
          timestamp: header('webhook-timestamp'),
          signature: header('webhook-signature'),
          body,
          answer: mode,
          phase: receiver.phase,
        });
        if (mode === 'hang') {
          receiver.held.add(res);
          res.on('close', () => receiver?.held.delete(res));
          return;
        }
        if (mode === 'accept') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          return;
        }
        // Half a minute: a delivery is refused once during a short start, not again and again up
        // the retry ladder (whose third step is minutes away).
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '30' });
        res.end('down for maintenance');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new CrashReceiver(server, `http://127.0.0.1:${port}/hook`);
    return receiver;
  }

  /** Requests held open right now (in `hang` mode, until their sender goes away). */
  get holding(): number {
    return this.held.size;
  }

  /** Checks a request with the reference Standard Webhooks package; throws if it does not verify. */
  verify(request: ReceivedHook, secret: string): WebhookBody {
    return new Webhook(secret).verify(request.body, {
      'webhook-id': request.webhookId,
      'webhook-timestamp': request.timestamp,
      'webhook-signature': request.signature,
    }) as WebhookBody;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface CrashAppRun {
  exited: Promise<ChildExit>;
  output: () => string;
  /** The first match of `pattern` in what the app printed; rejects if it exits first or times out. */
  waitFor(pattern: RegExp, what: string, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves once `done()` holds; rejects if the app exits first or the wait times out. */
  waitUntil(what: string, done: () => boolean, timeoutMs?: number): Promise<void>;
  /** SIGKILL, and the exit it caused. */
  kill(): Promise<ChildExit>;
}

/** One start of the app in a process of its own. */
export function startCrashApp(options: WebhookCrashAppOptions): CrashAppRun {
  const child = spawn(process.execPath, ['--import', 'tsx', appScript, JSON.stringify(options)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { exited, output } = watchChild(child);
  let gone = false;
  void exited.then(() => (gone = true));
  const waitUntil = async (what: string, done: () => boolean, timeoutMs = 60_000) => {
    const started = Date.now();
    while (!done()) {
      if (gone) throw new Error(`The app exited while waiting for ${what}:\n${output()}`);
      if (Date.now() - started > timeoutMs) {
        throw new Error(`Timed out waiting for ${what}:\n${output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    exited,
    output,
    waitUntil,
    async waitFor(pattern, what, timeoutMs) {
      await waitUntil(what, () => pattern.test(output()), timeoutMs);
      return pattern.exec(output())!;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

export interface OutboxDelivery {
  id: number;
  messageId: string;
  type: string;
  state: string;
  attempts: number;
  /** The runner's job for it. */
  job: { state: string; attempts: number; runAfter: number; leaseUntil: number | null } | null;
}

export interface Outbox {
  integrity: string;
  /** The outbox's messages: id (the `webhook-id`) → type. */
  messages: Map<string, string>;
  deliveries: OutboxDelivery[];
  /** What the messages announce: the recording of each, by type, in ascending order. */
  announced: { completed: number[]; published: number[] };
  /** What the library and publishing recorded: recordings complete, and published to VOD. */
  recorded: { recordings: number; completed: number[]; published: number[] };
}

/** The app's outbox as a kill left it (read-only, once the process is gone). */
export function readOutbox(dataDir: string): Outbox {
  const db = new BetterSqlite3(join(dataDir, 'archivist.sqlite'), { readonly: true });
  try {
    const messages = db.prepare('SELECT id, type FROM webhook_messages').all() as {
      id: string;
      type: string;
    }[];
    const rows = db
      .prepare(
        `SELECT d.id, d.message_id AS messageId, m.type, d.state, d.attempts,
                j.state AS jobState, j.attempts AS jobAttempts, j.run_after AS runAfter,
                j.lease_until AS leaseUntil
         FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
         LEFT JOIN jobs j ON j.kind = 'webhook' AND j.key = 'delivery:' || d.id
         ORDER BY d.id`,
      )
      .all() as (Omit<OutboxDelivery, 'job'> & {
      jobState: string | null;
      jobAttempts: number;
      runAfter: number;
      leaseUntil: number | null;
    })[];
    const ids = (sql: string, ...params: string[]): number[] =>
      (
        db
          .prepare(sql)
          .pluck()
          .all(...params) as number[]
      ).sort((a, b) => a - b);
    const announcing = `SELECT json_extract(body, '$.data.transcription_id') FROM webhook_messages
                        WHERE type = ?`;
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      announced: {
        completed: ids(announcing, 'transcription.completed'),
        published: ids(announcing, 'vod.published'),
      },
      recorded: {
        recordings: db.prepare('SELECT count(*) FROM recordings').pluck().get() as number,
        completed: ids('SELECT id FROM recordings WHERE completed_at IS NOT NULL'),
        published: ids('SELECT recording_id FROM vod_publications'),
      },
      messages: new Map(messages.map((m) => [m.id, m.type])),
      deliveries: rows.map(({ jobState, jobAttempts, runAfter, leaseUntil, ...d }) => ({
        ...d,
        job:
          jobState === null
            ? null
            : { state: jobState, attempts: jobAttempts, runAfter, leaseUntil },
      })),
    };
  } finally {
    db.close();
  }
}

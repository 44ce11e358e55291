import type { MethodName, MethodOutput } from '../shared/contract';
import {
  PUBLISH_STEP_LABELS,
  type PublishJobDetail,
  type PublishJobRow,
  type PublishJobState,
  type PublishPlanItem,
} from '../shared/publishing';
import type { Core } from '../main/app/core';
import { localCaller } from '../main/contract';
import { PUBLISH_KIND } from '../main/publishing/publishing.service';
import { UsageError, type FlagReader } from './args';

export const PUBLISH_HELP = `  archivist publish ID... [--show SHOWID[,SHOWID...]] [--wait] [--data-dir DIR]
      Publish recordings of the library (by their recording ids, or --show: the recordings
      linked to those shows) to Cablecast VOD with the saved settings. Prints the plan, with
      the reason for each one refused. Without --wait the jobs are queued and the command
      exits: the desktop app, the browser host or a later "publish --wait" runs them. With
      --wait it runs the queue, printing each step and the VOD address when live, and exits
      non-zero if any failed. Refused ones make it exit non-zero either way. Ctrl+C stops
      waiting; the jobs stay queued.
`;

export interface PublishRequest {
  recordingIds: number[];
  showIds: number[];
  wait: boolean;
}

/** Where the command writes; `stop` ends a wait early (Ctrl+C in the shell). */
export interface PublishIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stop?: AbortSignal;
  /** How often the jobs are read again for steps that send no event (default 500 ms). */
  pollMs?: number;
}

const FINISHED: ReadonlySet<PublishJobState> = new Set(['done', 'failed', 'cancelled']);
const CALLER = localCaller('command', 'cli', 'archivist publish');

function positiveId(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${what} must be a whole number from 1 (got "${text}").`);
  }
  return n;
}

/** Reads `archivist publish` 's ids and flags (without --data-dir, which the shell reads). */
export function publishRequest(positionals: readonly string[], flags: FlagReader): PublishRequest {
  const wait = flags.bool('wait');
  const show = flags.string('show');
  const showIds =
    show === undefined
      ? []
      : show
          .split(',')
          .filter((s) => s.trim() !== '')
          .map((s) => positiveId(s.trim(), '--show'));
  const recordingIds = positionals.map((p) => positiveId(p, 'A recording id'));
  if (recordingIds.length === 0 && showIds.length === 0) {
    throw new UsageError(
      'Name the recordings to publish by their ids ("archivist publish 12 13"), or a show with --show SHOWID.',
    );
  }
  return { recordingIds: [...new Set(recordingIds)], showIds: [...new Set(showIds)], wait };
}

async function call<M extends MethodName>(
  core: Core,
  method: M,
  input: unknown,
): Promise<MethodOutput<M>> {
  const result = await core.dispatcher.dispatch(method, input, CALLER);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as MethodOutput<M>;
}

function named(row: { recordingId: number; fileName: string }): string {
  return row.fileName === ''
    ? `recording ${row.recordingId}`
    : `recording ${row.recordingId} (${row.fileName})`;
}

function planLines(item: PublishPlanItem): string {
  if (item.recordingId === 0)
    return `  show ${item.showId ?? '?'}: refused: ${item.refused ?? ''}\n`;
  if (item.refused) return `  ${named(item)}: refused: ${item.refused}\n`;
  const show = `show ${item.showId ?? '?'}${item.showTitle ? ` "${item.showTitle}"` : ''}`;
  const lines = [`  ${named(item)} -> ${show}`];
  if (item.queuedJobId !== null) lines.push(`      already queued as job ${item.queuedJobId}`);
  for (const action of item.actions) lines.push(`      ${action}`);
  for (const note of item.missing) lines.push(`      note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** The step in words, with its percentage while a file uploads or the VOD transcodes. */
function stepText(row: Pick<PublishJobRow, 'step' | 'progress'>): string | null {
  if (row.step === null) return null;
  const percent = row.progress.uploadPercent ?? row.progress.transcodePercent;
  return `${PUBLISH_STEP_LABELS[row.step]}${percent === null ? '' : ` ${Math.floor(percent)}%`}`;
}

interface Watched {
  name: string;
  state: PublishJobState | null;
  step: PublishJobRow['step'];
  percent: number | null;
  lastError: string | null;
}

/**
 * Plans, queues, and (with `wait`) follows the jobs to their end through the core's events:
 * a line per step, per tenth of an upload or transcode, per retry, and the VOD when live.
 * Exit 0: all published (or queued, without `wait`); 1: any refused or failed; 130: stopped.
 */
export async function publishCommand(
  core: Core,
  request: PublishRequest,
  io: PublishIo,
): Promise<number> {
  const { out, err } = io;
  const settings = core.settings.get().cablecast;
  const server = settings.mode === 'demo' ? 'the demo server' : settings.serverUrl || '(none)';
  if (!request.wait) {
    // This process ends in a moment: it queues the jobs and leaves running them to the process
    // that keeps the queue (nothing of this is saved: the queue is not paused for anyone else).
    core.publishing.service.runner.pause(PUBLISH_KIND);
  }

  let plan;
  try {
    plan = await call(core, 'publish.plan', {
      recordingIds: request.recordingIds,
      showIds: request.showIds,
    });
  } catch (error) {
    err(`archivist: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const accepted = plan.items.filter((i) => i.refused === null && i.recordingId > 0);
  const refused = plan.items.length - accepted.length;
  out(
    `Publishing ${plan.items.length === 1 ? '1 recording' : `${plan.items.length} recordings`} to ${server}${refused > 0 ? ` (${refused} refused)` : ''}:\n`,
  );
  for (const item of plan.items) out(planLines(item));
  if (accepted.length === 0) {
    err('Nothing to publish.\n');
    return 1;
  }

  const watched = new Map<number, Watched>();
  const print = (id: number, text: string): void => {
    const job = watched.get(id);
    if (job) out(`${job.name}: ${text}\n`);
  };
  /** A step or percentage worth a line: a new step, a tenth more, or the end of one. */
  const progressed = (id: number, row: Pick<PublishJobRow, 'step' | 'progress'>): void => {
    const job = watched.get(id);
    if (!job || row.step === null) return;
    const percent = row.progress.uploadPercent ?? row.progress.transcodePercent;
    const newStep = row.step !== job.step;
    const moved =
      percent !== null &&
      (job.percent === null ||
        Math.floor(percent / 10) > Math.floor(job.percent / 10) ||
        (percent === 100 && job.percent !== 100));
    if (!newStep && !moved) return;
    job.step = row.step;
    job.percent = newStep ? percent : (percent ?? job.percent);
    const text = stepText(row);
    if (text) print(id, text);
  };
  const settled = (id: number, detail: PublishJobDetail): void => {
    const job = watched.get(id);
    if (!job) return;
    // The step only: a job's row carries the last percentage of whichever step reported one.
    if (detail.state === 'running') {
      progressed(id, {
        step: detail.step,
        progress: { uploadPercent: null, transcodePercent: null },
      });
    }
    if (detail.state === job.state && detail.lastError === job.lastError) return;
    const before = job.state;
    job.state = detail.state;
    job.lastError = detail.lastError;
    if (detail.state === 'done') {
      const vod = detail.vod;
      print(
        id,
        vod
          ? `live on VOD ${vod.vodId}${vod.url ? `: ${vod.url}` : ''}`
          : 'done (marked done; no VOD recorded)',
      );
    } else if (detail.state === 'failed') {
      print(id, `failed: ${detail.lastError ?? 'no reason was given'}`);
    } else if (detail.state === 'cancelled') {
      print(id, 'cancelled');
    } else if (detail.state === 'unknown') {
      print(
        id,
        `interrupted; it is looked up on the server before anything is sent again${detail.lastError ? ` (${detail.lastError})` : ''}`,
      );
    } else if (detail.state === 'queued' && before !== null && detail.lastError) {
      print(id, `will try again: ${detail.lastError}`);
    }
  };

  let reading: Promise<void> = Promise.resolve();
  const readJobs = (): Promise<void> => {
    reading = reading.then(async () => {
      for (const id of watched.keys()) {
        try {
          settled(id, await call(core, 'publish.get', { id }));
        } catch (error) {
          err(`archivist: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    });
    return reading;
  };
  let wake: (() => void) | null = null;
  const unsubscribe = core.dispatcher.subscribe((event, payload) => {
    if (event === 'publish.progress') {
      const row = payload as Pick<PublishJobRow, 'id' | 'step' | 'progress'>;
      progressed(row.id, row);
    } else if (event === 'publish.changed') {
      const { jobIds } = payload as { jobIds: number[] };
      if (jobIds.some((id) => watched.has(id))) void readJobs().then(() => wake?.());
    }
  });

  try {
    const batch = await call(core, 'publish.enqueue', {
      recordingIds: accepted.map((i) => i.recordingId),
    });
    for (const row of batch.rows) {
      watched.set(row.id, {
        name: named(row),
        state: null,
        step: null,
        percent: null,
        lastError: null,
      });
    }
    for (const skip of batch.skipped) out(`  ${named(skip)}: refused: ${skip.reason}\n`);
    const failedToQueue = refused + batch.skipped.length;
    const jobs = [...watched.keys()];
    out(`Queued as batch ${batch.id}: ${jobs.length === 1 ? 'job' : 'jobs'} ${jobs.join(', ')}.\n`);
    if (!request.wait) {
      out(
        'The desktop app, the browser host or "archivist publish --wait" runs the queue; follow it on the Publish queue screen.\n',
      );
      return failedToQueue > 0 ? 1 : 0;
    }

    const allFinished = (): boolean =>
      [...watched.values()].every((j) => j.state !== null && FINISHED.has(j.state));
    const stopped = (): boolean => io.stop?.aborted === true;
    await readJobs();
    const poll = setInterval(() => void readJobs().then(() => wake?.()), io.pollMs ?? 500);
    const onStop = (): void => wake?.();
    io.stop?.addEventListener('abort', onStop);
    try {
      while (!allFinished() && !stopped()) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      wake = null;
      clearInterval(poll);
      io.stop?.removeEventListener('abort', onStop);
    }
    await reading;

    const states = [...watched.values()].map((j) => j.state);
    const count = (s: PublishJobState): number => states.filter((x) => x === s).length;
    const published = count('done');
    const failed = count('failed') + count('cancelled');
    if (stopped() && !allFinished()) {
      const left = states.filter((s) => s === null || !FINISHED.has(s)).length;
      out(
        `Stopped waiting: ${published} published, ${failed} failed, ${left} still queued (they go on when the queue runs again).\n`,
      );
      return 130;
    }
    out(
      `Finished: ${published} published, ${failed} failed${failedToQueue > 0 ? `, ${failedToQueue} refused` : ''}.\n`,
    );
    return failed > 0 || failedToQueue > 0 ? 1 : 0;
  } catch (error) {
    err(`archivist: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    unsubscribe();
  }
}

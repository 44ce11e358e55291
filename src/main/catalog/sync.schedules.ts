import { AppError } from '../../shared/result';
import type { SyncMode } from '../../shared/catalog';
import type { ScheduleContext, ScheduleDefinition, ScheduleOutcome } from '../jobs';
import type { ShowEditsService } from './show-edits.service';
import type { SyncService } from './sync.service';

/**
 * The catalog's recurring work: an incremental sync every few minutes (what changed since the
 * watermark), and a full one weekly, which also finds shows deleted on the server.
 */
export function catalogSchedules(sync: SyncService, edits: ShowEditsService): ScheduleDefinition[] {
  return [
    {
      id: 'catalog.sync',
      title: 'Catalog sync',
      description: 'Fetches the shows changed on Cablecast since the last sync.',
      defaultSpec: { kind: 'interval', seconds: 15 * 60 },
      run: (ctx) => runSync(sync, 'incremental', ctx),
    },
    {
      id: 'catalog.fullSync',
      title: 'Full catalog sync',
      description: 'Reads the whole catalog again, and finds the shows deleted on Cablecast.',
      // Sunday 03:00, station time: overnight, when nobody is publishing.
      defaultSpec: { kind: 'cron', expression: '0 3 * * 0' },
      run: (ctx) => runSync(sync, 'full', ctx),
    },
    {
      id: 'catalog.metadataSync',
      title: 'Metadata sync',
      description:
        'Writes the show metadata edited here to Cablecast, takes its newer copy, and finds conflicts.',
      defaultSpec: { kind: 'interval', seconds: 5 * 60 },
      run: (ctx) => runMetadataSync(edits, ctx),
    },
  ];
}

async function runMetadataSync(
  edits: ShowEditsService,
  ctx: ScheduleContext,
): Promise<ScheduleOutcome> {
  if (edits.counts().unpushed === 0) return { result: 'ok', message: 'No edits to push.' };
  let done;
  try {
    done = await edits.run({ signal: ctx.signal });
  } catch (error) {
    if (error instanceof AppError && error.code === 'FAILED_PRECONDITION') {
      return { result: 'skipped', message: error.message };
    }
    throw error;
  }
  const parts = [
    `${done.fieldsPushed} ${done.fieldsPushed === 1 ? 'field' : 'fields'} pushed on ${done.pushed} ${done.pushed === 1 ? 'show' : 'shows'}`,
  ];
  if (done.conflicts > 0) parts.push(`${done.conflicts} in conflict`);
  if (done.failed.length > 0) parts.push(`${done.failed.length} not reached`);
  const message = `${parts.join(', ')}.`;
  return { result: done.failed.length > 0 ? 'failed' : 'ok', message };
}

async function runSync(
  sync: SyncService,
  mode: SyncMode,
  ctx: ScheduleContext,
): Promise<ScheduleOutcome> {
  if (sync.status().running) {
    return { result: 'skipped', message: 'A sync was already running.' };
  }
  try {
    await sync.start(mode);
  } catch (error) {
    // No server set up, or a sync started in between: nothing for this run to do.
    if (error instanceof AppError && ['FAILED_PRECONDITION', 'CONFLICT'].includes(error.code)) {
      return { result: 'skipped', message: error.message };
    }
    throw error;
  }
  const stop = (): void => void sync.cancel();
  ctx.signal.addEventListener('abort', stop, { once: true });
  let status;
  try {
    status = await sync.whenIdle();
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
  if (ctx.signal.aborted) throw ctx.signal.reason;
  if (status.error !== null) return { result: 'failed', message: status.error };
  const counts = `${status.added} added, ${status.updated} updated, ${status.deleted} deleted`;
  return {
    result: 'ok',
    message: `${counts}; ${status.showCount.toLocaleString('en-US')} shows in the catalog.`,
  };
}

import { describe, expect, it } from 'vitest';
import type { MetadataSyncResult, ShowDetail, ShowEdits, SyncStatus } from '../../shared/catalog';
import type { ScheduleView } from '../../shared/schedules';
import {
  TEST_CALLER,
  call,
  publishingCore,
  publishingWorkspace,
  until,
} from './testing/publish-fixture';

/*
 * The metadata sync as a schedule of the real core, on a clock the test moves: edits made on the
 * Shows screen reach Cablecast at the schedule's next run, and edits outlive a restart.
 */

const ws = publishingWorkspace('archivist-metadata-sync-', { seed: { shows: 5, randomSeed: 4 } });

let offset = 0;
const now = (): number => Date.now() + offset;

async function start() {
  ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url, now });
  return ws.core;
}

async function syncCatalog(core: Awaited<ReturnType<typeof start>>): Promise<number> {
  await call(core, 'sync.start', { mode: 'full' });
  await until(
    'the catalog sync',
    () => call<SyncStatus>(core, 'sync.status'),
    (s) => !s.running && s.phase === 'done',
  );
  const id = [...ws.sim.data.showIds()][0];
  if (id === undefined) throw new Error('no show');
  return id;
}

describe('the metadata sync schedule', () => {
  it('writes the edits made here to Cablecast at its next run', async () => {
    const core = await start();
    const id = await syncCatalog(core);
    const edits = await call<ShowEdits>(core, 'shows.edit', {
      id,
      changes: { cgTitle: 'Corrected in master control' },
    });
    expect(edits.state).toBe('pending');
    expect((await call<ShowDetail>(core, 'shows.get', { id })).edits?.fields[0]?.key).toBe(
      'cgTitle',
    );
    expect(ws.sim.data.getShow(id)?.cgTitle).not.toBe('Corrected in master control');

    expect(core.schedules.scheduler.view('catalog.metadataSync')).toMatchObject({
      spec: { kind: 'interval', seconds: 300 },
    });
    offset += 301_000;
    core.schedules.scheduler.tick();
    const run = await until(
      'the metadata sync',
      () => core.schedules.scheduler.view('catalog.metadataSync'),
      (v: ScheduleView) => v.lastRun?.finishedAt != null && v.state === 'idle',
    );
    expect(run.lastRun).toMatchObject({ result: 'ok', message: '1 field pushed on 1 show.' });
    expect(ws.sim.data.getShow(id)?.cgTitle).toBe('Corrected in master control');
    expect((await call<ShowDetail>(core, 'shows.get', { id })).edits).toBeNull();
  });

  it('keeps edits across a restart, and pushes them after it', async () => {
    const first = await start();
    const id = await syncCatalog(first);
    await call(first, 'shows.edit', { id, changes: { comments: 'Kept while the app was closed' } });
    await first.dispose();
    ws.core = null;

    const core = await start();
    expect(await call(core, 'shows.editCounts')).toEqual({ unpushed: 1, inConflict: 0 });
    const result = await call<MetadataSyncResult>(core, 'shows.pushEdits', { ids: [id] });
    expect(result).toMatchObject({ pushed: 1, fieldsPushed: 1, unpushed: 0 });
    expect(ws.sim.data.getShow(id)?.comments).toBe('Kept while the app was closed');
  });

  it('refuses an edit the contract cannot accept, naming the field', async () => {
    const core = await start();
    const id = await syncCatalog(core);
    const result = await core.dispatcher.dispatch(
      'shows.edit',
      { id, changes: { eventDate: 'next Tuesday' } },
      TEST_CALLER,
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', path: 'changes.eventDate' },
    });
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublishBatchView, PublishJobDetail } from '../../shared/publishing';
import type { WebhookEndpointView, WebhookSecretShown } from '../../shared/webhooks';
import { Receiver } from '../webhooks/testing/receiver';
import {
  call,
  prepareLibrary,
  publishingCore,
  publishingWorkspace,
  QUICK_VODS,
  until,
  writeRecordings,
} from './testing/publish-fixture';

/*
 * The two events the station's systems listen for, end to end through the core: a recording
 * becoming ready and a VOD going live reach a receiver on 127.0.0.1, signed, in the original
 * system's shape; and the WEBHOOK_* variables name endpoints.
 */

const ws = publishingWorkspace('archivist-webhooks-core-', {
  seed: { shows: 20, randomSeed: 11 },
  ...QUICK_VODS,
});

const receivers: Receiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

describe('webhooks from the core', () => {
  it('announces a ready recording and a live VOD, signed, with the original keys first', async () => {
    const hook = await Receiver.start();
    receivers.push(hook);
    const core = (ws.core = await publishingCore({
      dataDir: ws.dataDir,
      serverUrl: ws.sim.url,
      env: { WEBHOOK_SYSTEM_ALERT: 'https://alerts.example.org/archivist, not a url' },
    }));
    // The variable named an endpoint (and one that is not an address is left out).
    const listed = await call<{ endpoints: WebhookEndpointView[] }>(core, 'webhooks.list');
    expect(listed.endpoints).toMatchObject([
      {
        url: 'https://alerts.example.org/archivist',
        events: ['system.alert'],
        fromEnvironment: 'WEBHOOK_SYSTEM_ALERT',
      },
    ]);

    const { secret } = await call<WebhookSecretShown>(core, 'webhooks.add', {
      url: hook.url,
      events: ['transcription.completed', 'vod.published'],
    });
    const show = ws.sim.data.addShow({ title: 'City Council Regular Meeting' });
    ws.sim.data.addReel(show.id, { length: 3600 });
    await core.catalog.sync.runToEnd('full');
    const folder = join(ws.dataDir, 'recordings');
    writeRecordings(folder, [show.id]);
    // With a summary beside it the recording is ready: what transcription.completed announces.
    writeFileSync(
      join(folder, `${show.id}-1-Council Meeting ${show.id}_summary.txt`),
      'The council adopted the budget.',
    );
    const [recordingId] = await prepareLibrary(core, folder);

    await until(
      'the completion webhook',
      () => hook.requests.length,
      (n) => n >= 1,
    );
    const completed = hook.verify(hook.requests[0]!, secret);
    expect(completed.type).toBe('transcription.completed');
    expect(completed.event).toBe('transcription_completed');
    expect(Object.keys(completed.data).slice(0, 5)).toEqual([
      'transcription_id',
      'file_path',
      'duration',
      'status',
      'output_files',
    ]);
    expect(completed.data).toMatchObject({
      transcription_id: recordingId,
      status: 'completed',
      output_files: {
        scc: expect.stringMatching(/\.srt$/),
        summary: expect.stringMatching(/_summary\.txt$/),
      },
      show_id: show.id,
    });

    const batch = await call<PublishBatchView>(core, 'publish.enqueue', {
      recordingIds: [recordingId],
    });
    await until(
      'the publish',
      () => call<PublishJobDetail>(core, 'publish.get', { id: batch.rows[0]!.id }),
      (j) => j.state === 'done' || j.state === 'failed',
    );
    await until(
      'the VOD webhook',
      () => hook.requests.length,
      (n) => n >= 2,
    );
    const published = hook.verify(hook.requests[1]!, secret);
    expect(published.type).toBe('vod.published');
    expect(Object.keys(published.data).slice(0, 3)).toEqual(['transcription_id', 'vod_id', 'url']);
    expect(published.data).toMatchObject({ transcription_id: recordingId, show_id: show.id });
    expect(typeof published.data.vod_id).toBe('number');
    // Nothing announced twice.
    await new Promise((r) => setTimeout(r, 200));
    expect(hook.requests).toHaveLength(2);
  });
});

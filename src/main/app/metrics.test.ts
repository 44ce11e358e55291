import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../host/browser-host';
import { createMetrics } from './metrics';
import { call, publishingCore, publishingWorkspace } from './testing/publish-fixture';
import { startTestHost } from './testing/test-host';

/*
 * /metrics as Prometheus scrapes it from the browser host: only with the token, in the text
 * format, with figures read from the core's own state.
 */

const ws = publishingWorkspace('archivist-metrics-', { seed: { shows: 5, randomSeed: 4 } });

let host: BrowserHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

describe('the Prometheus metrics', () => {
  it('are served to a bearer of the token, with the catalog, queue, webhooks and health', async () => {
    const core = (ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url }));
    await core.catalog.sync.runToEnd('full');
    await call(core, 'health.check');
    host = await startTestHost(core, ws.dataDir, {
      metrics: createMetrics(core, { version: '1.2.3', host: 'browser' }),
    });

    expect((await fetch(`${host.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${host.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);

    const answer = await fetch(`${host.url}/metrics`, {
      headers: { authorization: `Bearer ${host.token}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await answer.text();
    const value = (line: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${line} `))
          ?.slice(line.length + 1),
      );
    expect(value('archivist_info{version="1.2.3",host="browser"}')).toBe(1);
    expect(value('archivist_catalog_shows')).toBe(5);
    expect(value('archivist_publish_jobs{state="queued"}')).toBe(0);
    expect(value('archivist_vod_publications_total')).toBe(0);
    expect(value('archivist_webhook_deliveries{state="failed"}')).toBe(0);
    expect(value('archivist_health_up{service="cablecast"}')).toBe(1);
    expect(value('archivist_health_up{service="database"}')).toBe(1);
    expect(value('archivist_publish_failures_total')).toBe(0);
    // The sync just run, as its own status timed it.
    const sync = core.catalog.sync.status();
    expect(value('archivist_catalog_sync_duration_seconds{mode="full"}')).toBeCloseTo(
      (Date.parse(sync.finishedAt!) - Date.parse(sync.startedAt!)) / 1000,
      3,
    );
    expect(text).toMatch(/^# TYPE archivist_catalog_sync_duration_seconds gauge$/m);
    expect(text).toMatch(/^# TYPE archivist_vod_publications_total counter$/m);
    expect(text).toMatch(/^archivist_process_resident_memory_bytes \d+/m);
  });
});

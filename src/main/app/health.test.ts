import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../shared/health';
import { main } from '../../cli/main';
import type { StorageProber } from '../health/storage-probe';
import type { BrowserHost } from '../host/browser-host';
import { Receiver } from '../webhooks/testing/receiver';
import { call, publishingCore, publishingWorkspace } from './testing/publish-fixture';
import { startTestHost } from './testing/test-host';

/*
 * The health endpoint and command as a station's monitoring uses them: the core's real checks
 * against the simulator and real folders, `GET /api/health` without a token (200 healthy, 503
 * not, within 2 s even when a share hangs), and `archivist health --url` with its exit code.
 */

const ws = publishingWorkspace('archivist-health-core-', { seed: { shows: 5, randomSeed: 4 } });

let host: BrowserHost | null = null;
const receivers: Receiver[] = [];
afterEach(async () => {
  await host?.close();
  host = null;
  for (const r of receivers.splice(0)) await r.close();
});

async function serve(prober?: StorageProber) {
  const core = (ws.core = await publishingCore({
    dataDir: ws.dataDir,
    serverUrl: ws.sim.url,
    ...(prober ? { platform: { storageProber: prober } } : {}),
  }));
  host = await startTestHost(core, ws.dataDir, {
    health: () => core.health.monitor.within(1_800, 90_000),
  });
  return core;
}

describe('the health endpoint and command', () => {
  it('answers 200 with the original shape when healthy, and 503 when a folder is gone', async () => {
    const core = await serve();
    const folder = join(ws.dataDir, 'recordings');
    mkdirSync(folder);
    await call(core, 'library.folders.add', { path: folder });

    const ok = await fetch(`${host!.url}/api/health`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as HealthReport;
    expect(Object.keys(body).slice(0, 3)).toEqual(['healthy', 'timestamp', 'services']);
    expect(body.services).toEqual({
      cablecast: true,
      vod: true,
      webhooks: true,
      storage: true,
      database: true,
    });
    expect(body.details.cablecast.message).toMatch(/^Reachable, version /);

    const lines: string[] = [];
    expect(await main(['health', '--url', host!.url], { out: (t) => lines.push(t) })).toBe(0);
    expect(lines.join('')).toMatch(/^Healthy \(checked .*\)\nok {3}cablecast/);

    // The share goes away: two checks in a row see it, and the endpoint says 503.
    const alerts = await Receiver.start('/alerts');
    receivers.push(alerts);
    await call(core, 'webhooks.add', { url: alerts.url, events: ['system.alert'] });
    rmSync(folder, { recursive: true });
    await call(core, 'health.check');
    const down = await call<HealthReport>(core, 'health.check');
    expect(down.details.storage.state).toBe('down');
    const refused = await fetch(`${host!.url}/api/health`);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as HealthReport).services.storage).toBe(false);
    lines.length = 0;
    expect(await main(['health', '--url', host!.url], { out: (t) => lines.push(t) })).toBe(1);
    expect(lines.join('')).toContain('What to do: Mount the share or connect the drive');
    // And the station's monitoring was told, once.
    const deadline = Date.now() + 5_000;
    while (alerts.requests.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(alerts.requests.map((r) => JSON.parse(r.body) as { data: unknown })).toEqual([
      expect.objectContaining({
        data: { service: 'storage', level: 'error', message: expect.stringMatching(/^Not found/) },
      }),
    ]);
  });

  it('answers within 2 s when a share hangs', async () => {
    const hang: StorageProber = () => new Promise(() => undefined);
    await serve(hang);
    const started = Date.now();
    const answer = await fetch(`${host!.url}/api/health`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect([200, 503]).toContain(answer.status);
    expect(await answer.json()).toHaveProperty('services');
  });
});

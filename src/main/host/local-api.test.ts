import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ApiTokenCreated } from '../../shared/access';
import { call, publishingCore, publishingWorkspace } from '../app/testing/publish-fixture';
import { createLocalApi } from './local-api';

const ws = publishingWorkspace('archivist-local-api-', { seed: { shows: 5, randomSeed: 4 } });

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("the desktop app's REST API on this computer", () => {
  it('follows the setting: off, on with API tokens only, moved, off again', async () => {
    const core = (ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url }));
    const api = createLocalApi(core, {
      rendererDir: ws.dataDir,
      version: 'test',
      logger: core.logger,
    });
    try {
      await api.apply();
      expect(api.url()).toBeNull();

      const port = await freePort();
      await call(core, 'settings.update', { host: { desktopApi: true, desktopApiPort: port } });
      await api.apply();
      expect(api.url()).toBe(`http://127.0.0.1:${port}`);
      const { token } = await call<ApiTokenCreated>(core, 'tokens.create', {
        name: 'playout script',
        role: 'viewer',
      });
      const shows = await fetch(`${api.url()}/api/cablecast/shows?page_size=2`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(shows.status).toBe(200);
      expect(await shows.json()).toMatchObject({ success: true });
      expect((await fetch(`${api.url()}/api/cablecast/shows`)).status).toBe(401);

      const moved = await freePort();
      await call(core, 'settings.update', { host: { desktopApiPort: moved } });
      await api.apply();
      expect(api.url()).toBe(`http://127.0.0.1:${moved}`);
      await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();

      await call(core, 'settings.update', { host: { desktopApi: false } });
      await api.apply();
      expect(api.url()).toBeNull();
      await expect(fetch(`http://127.0.0.1:${moved}/api/health`)).rejects.toThrow();
    } finally {
      await api.close();
    }
  });

  it('stays off when its port is taken, and the app goes on', async () => {
    const core = (ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url }));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const api = createLocalApi(core, {
      rendererDir: ws.dataDir,
      version: 'test',
      logger: core.logger,
    });
    try {
      await call(core, 'settings.update', { host: { desktopApi: true, desktopApiPort: port } });
      await api.apply();
      expect(api.url()).toBeNull();
    } finally {
      await api.close();
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});

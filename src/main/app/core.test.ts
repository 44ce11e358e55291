import { desktopUser } from '../contract/testing/stub-handlers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  CatalogFacets,
  ShowChapters,
  ShowDetail,
  ShowPage,
  SyncStatus,
} from '../../shared/catalog';
import type { ConnectionTestResult } from '../../shared/connection';
import type { AppEvents } from '../../shared/contract';
import type { LibraryStatus, RecordingRow } from '../../shared/library';
import type { SettingsView } from '../../shared/settings';
import { silentLogger } from '../logging/logger';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { startSimulator, type Simulator } from '../simulator';
import { createCore, type Core } from './core';

let dataDir: string;
let sim: Simulator;
let core: Core | null = null;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'archivist-core-'));
  sim = await startSimulator({ seed: { shows: 30, randomSeed: 3 }, cablecastVersion: '7.6.2.0' });
});

afterEach(async () => {
  await core?.dispose();
  core = null;
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(
  env: Record<string, string> = {},
  secrets = new MemorySecretStore(),
): Promise<Core> {
  core = await createCore({
    dataDir,
    host: 'browser',
    appVersion: '9.9.9',
    env,
    secrets,
    logger: silentLogger,
    demoShows: 40,
  });
  return core;
}

async function call<T>(c: Core, method: string, input: unknown = {}): Promise<T> {
  const result = await c.dispatcher.dispatch(method, input, desktopUser);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

describe('the core, through its contract', () => {
  it('with nothing set up, Test connection says so instead of failing', async () => {
    const c = await start();
    const result = await call<ConnectionTestResult>(c, 'connection.test');
    expect(result.ok).toBe(false);
    expect(result.problem?.kind).toBe('not-configured');
  });

  it('connects to a configured server, reports version and rights, and logs the check', async () => {
    const c = await start();
    const events: (keyof AppEvents)[] = [];
    c.dispatcher.subscribe((event) => events.push(event));
    await call(c, 'settings.update', { cablecast: { serverUrl: sim.url, username: 'operator' } });
    await call(c, 'connection.setPassword', { password: 'operator' });
    const result = await call<ConnectionTestResult>(c, 'connection.test');
    expect(result).toMatchObject({
      ok: true,
      serverVersion: expect.stringContaining('7.6.2') as string,
      canWrite: true,
    });
    expect(events).toContain('settings.changed');
    expect(events).toContain('connection.tested');
    const logged = c.database.sqlite
      .prepare('select ok, server_version from connection_checks order by id desc limit 1')
      .get() as { ok: number; server_version: string };
    expect(logged).toEqual({ ok: 1, server_version: result.serverVersion });
  });

  it('applies a settings change at once: the next test uses the new password', async () => {
    const c = await start();
    await call(c, 'settings.update', { cablecast: { serverUrl: sim.url, username: 'admin' } });
    await call(c, 'connection.setPassword', { password: 'wrong' });
    const refused = await call<ConnectionTestResult>(c, 'connection.test');
    expect(refused.problem?.kind).toBe('credentials-refused');
    await call(c, 'connection.setPassword', { password: 'admin' });
    expect((await call<ConnectionTestResult>(c, 'connection.test')).ok).toBe(true);
  });

  it('without a keychain, still reaches the server and says why the account was not used', async () => {
    const secrets = new MemorySecretStore();
    secrets.unavailable = true;
    const c = await start({}, secrets);
    await call(c, 'settings.update', { cablecast: { serverUrl: sim.url, username: 'admin' } });
    const result = await call<ConnectionTestResult>(c, 'connection.test');
    expect(result.ok).toBe(true);
    expect(result.serverVersion).toContain('7.6.2');
    expect(result.rights).toMatch(/keychain/i);
    const view = await call<SettingsView>(c, 'settings.get');
    expect(view.warnings.join(' ')).toMatch(/keychain/i);
  });

  it('uses the environment variables of the original system as defaults', async () => {
    const c = await start({
      CABLECAST_API_URL: `${sim.url}/CablecastAPI/v1`,
      CABLECAST_USER_ID: 'admin',
      CABLECAST_PASSWORD: 'admin',
      CABLECAST_TIMEOUT: '5',
    });
    const view = await call<SettingsView>(c, 'settings.get');
    expect(view.settings.cablecast.timeoutMs).toBe(5000);
    expect(view.fromEnvironment['cablecast.serverUrl']).toBe('CABLECAST_API_URL');
    expect(view.passwordFromEnvironment).toBe(true);
    expect((await call<ConnectionTestResult>(c, 'connection.test')).ok).toBe(true);
  });

  it('switches to the demo server, which answers with sample data', async () => {
    const c = await start();
    const view = await call<SettingsView>(c, 'demo.use');
    expect(view.settings.cablecast.mode).toBe('demo');
    expect(view.settings.cablecast.serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await call<ConnectionTestResult>(c, 'connection.test');
    expect(result).toMatchObject({ ok: true, canWrite: true });
    expect(c.demo.url).toBe(view.settings.cablecast.serverUrl);
  });

  it('keeps its settings and its check log across a restart', async () => {
    const first = await start();
    await call(first, 'settings.update', { cablecast: { serverUrl: sim.url, username: 'viewer' } });
    await call(first, 'connection.test');
    await first.dispose();
    core = null;
    const second = await start();
    const view = await call<SettingsView>(second, 'settings.get');
    expect(view.settings.cablecast.username).toBe('viewer');
    const count = second.database.sqlite
      .prepare('select count(*) as n from connection_checks')
      .get() as { n: number };
    expect(count.n).toBe(1);
  });

  it('refuses invalid input with INVALID_ARGUMENT and goes on working', async () => {
    const c = await start();
    const bad = await c.dispatcher.dispatch(
      'settings.update',
      { cablecast: { maxRetries: 99 } },
      desktopUser,
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', path: 'cablecast.maxRetries' },
    });
    const info = await call<{ version: string }>(c, 'app.info');
    expect(info.version).toBe('9.9.9');
  });
});

describe('the show catalog, through the contract', () => {
  async function waitForSync(c: Core): Promise<SyncStatus> {
    for (;;) {
      const status = await call<SyncStatus>(c, 'sync.status');
      if (!status.running) return status;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('syncs the configured server, then searches, details and counts what it stored', async () => {
    const c = await start();
    await call(c, 'settings.update', { cablecast: { serverUrl: sim.url, username: 'admin' } });
    await call(c, 'connection.setPassword', { password: 'admin' });
    const progress: SyncStatus[] = [];
    const changed: number[] = [];
    c.dispatcher.subscribe((event, payload) => {
      if (event === 'sync.progress') progress.push(payload as SyncStatus);
      if (event === 'catalog.changed') changed.push((payload as { showCount: number }).showCount);
    });

    const started = await call<SyncStatus>(c, 'sync.start', { mode: 'full' });
    expect(started).toMatchObject({ running: true, mode: 'full' });
    const conflict = await c.dispatcher.dispatch(
      'sync.start',
      { mode: 'incremental' },
      desktopUser,
    );
    expect(conflict).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const done = await waitForSync(c);
    expect(done).toMatchObject({ phase: 'done', showCount: 30, added: 30 });
    expect(progress.at(-1)).toMatchObject({ running: false, phase: 'done' });
    expect(changed.at(-1)).toBe(30);

    const page = await call<ShowPage>(c, 'shows.search', { filter: { text: '' }, limit: 5 });
    expect(page.total).toBe(30);
    expect(page.rows).toHaveLength(5);
    const { ids } = await call<{ ids: number[] }>(c, 'shows.ids', {});
    expect(ids.slice(0, 5)).toEqual(page.rows.map((r) => r.id));
    const detail = await call<ShowDetail>(c, 'shows.get', { id: ids[0] });
    expect(detail.title).toBe(sim.data.getShow(ids[0]!)?.title);
    const facets = await call<CatalogFacets>(c, 'catalog.facets');
    expect(facets.categories.reduce((n, o) => n + o.count, 0)).toBe(30);
    const chapters = await call<ShowChapters>(c, 'shows.chapters', { id: ids[0] });
    expect(chapters.showId).toBe(ids[0]);

    const missing = await c.dispatcher.dispatch('shows.get', { id: 999_999 }, desktopUser);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const invalid = await c.dispatcher.dispatch('shows.search', { limit: 0 }, desktopUser);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((await call<SyncStatus>(c, 'sync.cancel')).running).toBe(false);
  });

  it('stops a running sync when it is disposed, keeping what it wrote', async () => {
    const c = await start();
    await call(c, 'settings.update', { cablecast: { serverUrl: sim.url, username: 'admin' } });
    await call(c, 'connection.setPassword', { password: 'admin' });
    sim.addFault({ kind: 'latency', value: 200, path: /^\/shows$/ });
    await call(c, 'sync.start', { mode: 'full' });
    await c.dispose();
    core = null;
    sim.setFaults([]);
    const again = await start();
    const status = await call<SyncStatus>(again, 'sync.status');
    expect(status).toMatchObject({ running: false, phase: 'cancelled', lastFullSyncAt: null });
  });
});

describe('the transcriptions library, through the contract', () => {
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('refuses a folder that is not there, naming the field', async () => {
    const c = await start();
    const result = await c.dispatcher.dispatch(
      'library.folders.add',
      {
        path: join(dataDir, 'not-here'),
      },
      desktopUser,
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        path: 'path',
        message: expect.stringMatching(/no folder/),
      },
    });
    expect(
      await c.dispatcher.dispatch('library.folders.add', { path: '  ' }, desktopUser),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', path: 'path' },
    });
  });

  it('in demo mode, adds sample recordings of the demo catalog that link once it is synced', async () => {
    const events: AppEvents['transcription.completed'][] = [];
    core = await createCore({
      dataDir,
      host: 'browser',
      appVersion: '9.9.9',
      env: {},
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      demoShows: 400,
      settleMs: 0,
    });
    const c = core;
    c.hub.subscribe((event, payload) => {
      if (event === 'transcription.completed')
        events.push(payload as AppEvents['transcription.completed']);
    });
    await call(c, 'demo.use');
    const status = await until(
      () => call<LibraryStatus>(c, 'library.status'),
      (s) => s.folders[0]?.recordingCount === 9 && !s.scanning && s.counts.new === 0,
    );
    expect(status.folders[0]?.path).toBe(join(dataDir, 'demo-recordings'));
    await call(c, 'sync.start', { mode: 'full' });
    const { rows } = await until(
      () => call<{ rows: RecordingRow[] }>(c, 'library.list', { states: ['linked'] }),
      (r) => r.rows.length === 1,
    );
    expect(rows[0]?.link).toMatchObject({ method: 'file-key', showMissing: false });
    // Every recording with valid captions and a summary was announced exactly once.
    const ready = (await call<{ rows: RecordingRow[] }>(c, 'library.list', {})).rows.filter((r) =>
      ['ready', 'linked'].includes(r.state),
    );
    expect(new Set(events.map((e) => e.recordingId))).toEqual(new Set(ready.map((r) => r.id)));
    expect(events).toHaveLength(ready.length);
  });
});

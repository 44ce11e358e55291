import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SchedulesStatus } from '../../shared/schedules';
import type { SettingsExport, SettingsImportResult, SettingsView } from '../../shared/settings';
import type { Core } from './core';
import { call, publishingCore, publishingWorkspace, TEST_CALLER } from './testing/publish-fixture';

/*
 * Settings › Export and Import through the contract, between two real cores (real settings files,
 * databases and schedulers): every setting and schedule travels, no secret does, and a file with
 * anything wrong in it changes nothing.
 */

const ws = publishingWorkspace('archivist-settings-file-', { seed: { shows: 5, randomSeed: 2 } });
const others: { core: Core; dir: string }[] = [];
afterEach(async () => {
  for (const other of others.splice(0)) {
    await other.core.dispose();
    rmSync(other.dir, { recursive: true, force: true });
  }
});

const PASSWORD = 'planted-Secret-42';

async function first(): Promise<Core> {
  ws.core = await publishingCore({
    dataDir: ws.dataDir,
    serverUrl: ws.sim.url,
    env: { CABLECAST_PASSWORD: PASSWORD },
  });
  return ws.core;
}

/** A second station machine: its own data folder, no environment of the first. */
async function second(): Promise<Core> {
  const dir = mkdtempSync(join(tmpdir(), 'archivist-settings-file-b-'));
  const core = await publishingCore({ dataDir: dir, serverUrl: 'http://127.0.0.1:9' });
  others.push({ core, dir });
  return core;
}

async function refused(core: Core, content: string): Promise<{ message: string; path?: string }> {
  const result = await core.dispatcher.dispatch('settings.import', { content }, TEST_CALLER);
  if (result.ok) throw new Error('The import was taken.');
  return result.error;
}

describe('settings files', () => {
  it('carry every setting and schedule from one machine to another, and no secret', async () => {
    const a = await first();
    await call(a, 'settings.update', {
      publishing: { concurrency: 3, autoPublish: true, autoPublishApproval: 'trusted' },
      schedules: { timeZone: 'America/Chicago' },
    });
    await call(a, 'schedules.update', {
      id: 'publishing.auto',
      spec: { kind: 'cron', expression: '30 22 * * 1-5' },
    });
    await call(a, 'schedules.update', {
      id: 'catalog.sync',
      spec: { kind: 'interval', seconds: 1800 },
    });
    await call(a, 'schedules.pause', { id: 'catalog.fullSync' });

    const file = await call<SettingsExport>(a, 'settings.export');
    expect(file.fileName).toMatch(/^archivist-settings-\d{4}-\d\d-\d\d\.json$/);
    expect(file.content).not.toContain(PASSWORD);
    const parsed = JSON.parse(file.content) as Record<string, unknown>;
    expect(parsed).toMatchObject({ format: 'archivist-desktop-settings', version: 1 });

    const b = await second();
    const result = await call<SettingsImportResult>(b, 'settings.import', {
      content: file.content,
    });
    expect(result.changed).toEqual(
      expect.arrayContaining([
        'cablecast.serverUrl',
        'publishing.concurrency',
        'publishing.autoPublish',
        'schedules.timeZone',
        'schedule publishing.auto',
        'schedule catalog.sync',
        'schedule catalog.fullSync paused',
      ]),
    );
    const settingsA = (await call<SettingsView>(a, 'settings.get')).settings;
    expect(result.view.settings).toEqual(settingsA);
    const schedulesOf = async (core: Core) =>
      (await call<SchedulesStatus>(core, 'schedules.list')).schedules.map((s) => [
        s.id,
        s.spec,
        s.paused,
      ]);
    expect(await schedulesOf(b)).toEqual(await schedulesOf(a));
    // The password stayed on the first machine.
    expect(result.view.passwordSet).toBe(false);

    // Importing the same file again changes nothing.
    const again = await call<SettingsImportResult>(b, 'settings.import', { content: file.content });
    expect(again.changed).toEqual([]);
  });

  it('refuses a file with anything wrong in it, says where, and changes nothing', async () => {
    const a = await first();
    const good = JSON.parse((await call<SettingsExport>(a, 'settings.export')).content) as {
      settings: { publishing: Record<string, unknown> };
      schedules: { id: string; spec: unknown; paused: boolean }[];
    };
    const b = await second();
    const before = await call<SettingsView>(b, 'settings.get');
    const schedulesBefore = await call<SchedulesStatus>(b, 'schedules.list');

    expect(await refused(b, '{"format": "archivist-desktop-settings", ')).toMatchObject({
      message: expect.stringContaining('it is not JSON') as unknown,
    });
    expect(await refused(b, '{"shows": []}')).toMatchObject({ path: 'format' });

    const tooMany = structuredClone(good);
    tooMany.settings.publishing.concurrency = 99;
    expect(await refused(b, JSON.stringify(tooMany))).toMatchObject({
      path: 'settings.publishing.concurrency',
      message:
        'In the file, settings.publishing.concurrency: The number of publishes at once must be a whole number from 1 to 8.',
    });

    // Good settings and a cron expression the library cannot read: the settings do not apply.
    const badCron = structuredClone(good);
    badCron.settings.publishing.concurrency = 5;
    badCron.schedules[0] = {
      id: 'catalog.sync',
      spec: { kind: 'cron', expression: '61 * * * *' },
      paused: false,
    };
    const cron = await refused(b, JSON.stringify(badCron));
    expect(cron.path).toBe('schedules[0].spec.expression');
    expect(cron.message).toMatch(
      /^In the file, schedules\[0\]: The cron expression "61 \* \* \* \*" cannot be read/,
    );

    const unknown = structuredClone(good);
    unknown.schedules.push({ id: 'weather.radar', spec: null, paused: false });
    expect(await refused(b, JSON.stringify(unknown))).toMatchObject({
      path: `schedules[${good.schedules.length}].id`,
    });

    const extra = { ...structuredClone(good), password: 'x' };
    expect((await refused(b, JSON.stringify(extra))).message).toMatch(
      /"password", which a settings file does not/,
    );

    expect(await call<SettingsView>(b, 'settings.get')).toEqual(before);
    expect((await call<SchedulesStatus>(b, 'schedules.list')).schedules.map((s) => s.spec)).toEqual(
      schedulesBefore.schedules.map((s) => s.spec),
    );
  });
});

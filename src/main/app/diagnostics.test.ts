import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/access';
import type { HealthDiagnostics } from '../../shared/health';
import { roleCaller } from '../contract';
import { LOG_FILE_NAME, createFileLogger } from '../logging/logger';
import { call, publishingCore, publishingWorkspace } from './testing/publish-fixture';

/*
 * "Copy diagnostics" through the dispatcher, on a real data folder, SQLite file and log file,
 * against the simulator: what station IT needs is in the text, and no secret the app holds is.
 */

const PASSWORD = 'Cablecast-pw-7Qx91zK';
const SSO_SECRET_KEYCHAIN = 'sso-keychain-secret-4Fh2L';
const SSO_SECRET_ENV = 'sso-env-secret-9Lm3P';
const QUERY_SECRET = 'hook-query-secret-5Tz8W';
const LOGGED_SECRET = 'logged-field-secret-2Rk6Y';

const ws = publishingWorkspace('archivist-diagnostics-', {
  seed: { shows: 5, randomSeed: 9 },
  users: [{ username: 'station-ops', password: PASSWORD, isAdmin: true, canWrite: true }],
});

describe('health.diagnostics', () => {
  it('reports the app, its folders, settings, health and log, and never a secret', async () => {
    const logsDir = join(ws.dataDir, 'platform-logs');
    const core = (ws.core = await publishingCore({
      dataDir: ws.dataDir,
      serverUrl: ws.sim.url,
      env: {
        CABLECAST_USER_ID: 'station-ops',
        CABLECAST_PASSWORD: PASSWORD,
        SSO_CLIENT_ID: 'archivist-station',
        SSO_CLIENT_SECRET: SSO_SECRET_ENV,
      },
      platform: {
        logsDir,
        logger: createFileLogger({ file: join(logsDir, LOG_FILE_NAME) }),
      },
    }));
    expect(core.logsDir).toBe(logsDir);

    // Every kind of secret the app keeps: the Cablecast password (keychain, from the
    // environment), the sign-in client secret (keychain and environment), a webhook secret, an
    // API token, a secret in a webhook's address, and one handed to the logger in a field.
    await call(core, 'sso.setClientSecret', { secret: SSO_SECRET_KEYCHAIN });
    const hook = await call<{ secret: string }>(core, 'webhooks.add', {
      url: `http://127.0.0.1:9/hook?token=${QUERY_SECRET}`,
      events: ['system.alert'],
    });
    const token = await call<{ token: string }>(core, 'tokens.create', {
      name: 'playout script',
      role: 'operator',
    });
    core.logger.warn('a line for station IT', { password: LOGGED_SECRET });
    const folder = join(ws.dataDir, 'recordings');
    mkdirSync(folder);
    await call(core, 'library.folders.add', { path: folder });
    // (The first joins the check the start began, before the folder was added.)
    await call(core, 'health.check');
    await call(core, 'health.check');

    const report = await call<HealthDiagnostics>(core, 'health.diagnostics');
    const { text } = report;
    expect(report.logsDir).toBe(logsDir);
    expect(report.logLines).toBeGreaterThan(0);
    expect(text).toMatch(/^Archivist Desktop diagnostics, \d{4}-\d\d-\d\dT/);
    expect(text).toContain('Version: test');
    expect(text).toContain('Host: browser (the browser host)');
    expect(text).toContain(`Node ${process.versions.node}`);
    // Electron's and Chromium's versions only under Electron.
    expect(text).not.toMatch(/Electron \d|Chromium \d/);
    expect(text).toContain(`OS: ${process.platform} `);
    expect(text).toContain(`Data folder: ${ws.dataDir}`);
    expect(text).toContain(`Log folder: ${logsDir} (archivist.log, rotated at 5 MiB, 5 old files`);
    // The settings, with where each comes from; the password only as "set".
    expect(text).toContain('cablecast.username = "station-ops" (from CABLECAST_USER_ID)');
    expect(text).toContain('sso.clientId = "archivist-station" (from SSO_CLIENT_ID)');
    expect(text).toContain('publishing.concurrency = 4');
    expect(text).toContain('Cablecast password: set, in the system keychain');
    // Each service's state.
    expect(text).toMatch(/^cablecast +ok +since .* Reachable, version /m);
    expect(text).toMatch(/^storage +ok +since /m);
    expect(text).toMatch(/^database +ok +since .* Intact, /m);
    for (const service of ['vod', 'webhooks']) {
      expect(text).toMatch(new RegExp(`^${service} +(ok|warn|down) +since `, 'm'));
    }
    // The log's last lines, the logged secret blanked.
    expect(text).toContain('"message":"a line for station IT","password":"[redacted]"');
    expect(text).toContain('"message":"webhook endpoint added"');

    for (const secret of [
      PASSWORD,
      SSO_SECRET_KEYCHAIN,
      SSO_SECRET_ENV,
      QUERY_SECRET,
      LOGGED_SECRET,
      hook.secret,
      token.token,
    ]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('?token=[redacted]');

    // Taking one is an operator's act, kept in the audit trail; a viewer may not.
    const viewer = await core.dispatcher.dispatch(
      'health.diagnostics',
      {},
      roleCaller('api-token', 'http', 'token "wall display"', 'viewer'),
    );
    expect(viewer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const operator = await core.dispatcher.dispatch(
      'health.diagnostics',
      {},
      roleCaller('api-token', 'http', 'token "playout script"', 'operator'),
    );
    expect(operator.ok).toBe(true);
    const audit = await call<AuditPage>(core, 'audit.list', { action: 'health.diagnostics' });
    // Newest first.
    expect(audit.entries.map((e) => [e.actor, e.outcome])).toEqual([
      ['token "playout script"', 'ok'],
      ['token "wall display"', 'FORBIDDEN'],
      ['test', 'ok'],
    ]);
  });

  it('keeps the log in the data folder by default, and reads it across a rotation', async () => {
    const core = (ws.core = await publishingCore({
      dataDir: ws.dataDir,
      serverUrl: ws.sim.url,
      env: { CABLECAST_USER_ID: 'station-ops', CABLECAST_PASSWORD: PASSWORD },
      platform: {
        logger: createFileLogger({
          file: join(ws.dataDir, 'logs', LOG_FILE_NAME),
          maxBytes: 4_096,
        }),
      },
    }));
    expect(core.logsDir).toBe(join(ws.dataDir, 'logs'));
    for (let i = 0; i < 150; i++) core.logger.info(`step ${String(i).padStart(3, '0')}`);
    expect(existsSync(join(core.logsDir, `${LOG_FILE_NAME}.1`))).toBe(true);
    const { text, logLines } = await call<HealthDiagnostics>(core, 'health.diagnostics');
    const steps = [...text.matchAll(/"message":"step (\d{3})"/g)].map((m) => Number(m[1]));
    // The newest lines, in order, from the rotated file and the current one.
    expect(steps.at(-1)).toBe(149);
    expect(steps).toEqual(steps.map((_, i) => 149 - steps.length + 1 + i));
    const current = readFileSync(join(core.logsDir, LOG_FILE_NAME), 'utf8').match(/"step /g);
    expect(steps.length).toBeGreaterThan(current?.length ?? 0);
    expect(logLines).toBeLessThanOrEqual(200);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HEALTH_SERVICES, type HealthReport } from '../../shared/health';
import { scrubSecrets } from '../logging/scrub';
import { buildDiagnostics, type DiagnosticsSources } from './diagnostics';

/*
 * The diagnostics text on its own: the parts only the desktop app has, a part that cannot be
 * read, and the scrubbing of credentials from free text.
 */

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const AT = '2026-12-04T18:00:00.000Z';
const REPORT: HealthReport = {
  healthy: false,
  timestamp: AT,
  checkedAt: AT,
  services: { cablecast: false, vod: true, webhooks: true, storage: true, database: true },
  details: Object.fromEntries(
    HEALTH_SERVICES.map((s) => [
      s,
      s === 'cablecast'
        ? {
            state: 'down',
            since: AT,
            message: 'Connection refused.',
            action: 'Check the server address.',
            checks: [],
          }
        : { state: 'ok', since: AT, message: 'Fine.', action: null, checks: [] },
    ]),
  ) as unknown as HealthReport['details'],
};

function sources(overrides: Partial<DiagnosticsSources> = {}): DiagnosticsSources {
  const dir = mkdtempSync(join(tmpdir(), 'archivist-diag-'));
  folders.push(dir);
  const logFile = join(dir, 'logs', 'archivist.log');
  return {
    appVersion: '1.4.0',
    host: 'electron',
    dataDir: dir,
    logFile,
    settings: () => Promise.reject(new Error('The settings file is damaged.')),
    report: () => Promise.resolve(REPORT),
    now: () => Date.parse(AT),
    versions: { node: '22.20.0', electron: '45.5.0', chrome: '142.0.7444.52' },
    os: { platform: 'win32', release: '10.0.26100', arch: 'x64' },
    ...overrides,
  };
}

describe('the diagnostics text', () => {
  it('names Electron and Chromium under Electron, and says what it could not read', async () => {
    const { text, logLines } = await buildDiagnostics(sources());
    expect(text).toContain('Host: electron (the desktop app)');
    expect(text).toContain('Runtime: Node 22.20.0, Electron 45.5.0, Chromium 142.0.7444.52');
    expect(text).toContain('OS: win32 10.0.26100 (x64)');
    expect(text).toMatch(/== Settings .*==\n\(could not be read: The settings file is damaged\.\)/);
    expect(text).toContain('NOT healthy (checked 2026-12-04T18:00:00.000Z)');
    expect(text).toMatch(
      /^cablecast down since 2026-12-04T18:00:00\.000Z {2}Connection refused\.$/m,
    );
    expect(text).toContain('What to do: Check the server address.');
    expect(text).toContain('(the log is empty)');
    expect(logLines).toBe(0);
  });

  it('ends with the log, its credentials blanked', async () => {
    const s = sources();
    mkdirSync(join(s.dataDir, 'logs'));
    writeFileSync(
      s.logFile,
      [
        '{"message":"sent","url":"https://ops:pa55word@hooks.example/in?api_key=k-123&x=1"}',
        '{"message":"auth","header":"Bearer eyJhbGciOi.abc.def"}',
        '{"message":"made","secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw","token":"arch_Zk3v9aQ1bX7cT2mN"}',
      ].join('\n') + '\n',
    );
    const { text, logLines } = await buildDiagnostics(s);
    expect(logLines).toBe(3);
    expect(text).toContain('https://[redacted]@hooks.example/in?api_key=[redacted]&x=1');
    expect(text).toContain('Bearer [redacted]');
    expect(text).toContain('"secret":"whsec_[redacted]","token":"arch_[redacted]"');
    for (const secret of ['pa55word', 'k-123', 'eyJhbGciOi', 'MfKQ9r8GKYqr', 'Zk3v9aQ1bX7cT2mN']) {
      expect(text).not.toContain(secret);
    }
  });

  it('leaves ordinary addresses and words alone', () => {
    const plain =
      'https://station.example/cablecastapi/v1/shows?page=2 sso.tokenUrl = "https://idp.example/token" user@example.org';
    expect(scrubSecrets(plain)).toBe(plain);
  });
});

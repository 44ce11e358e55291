import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditQuerySchema, auditCsv } from '../../shared/access';
import { localCaller, roleCaller } from '../contract';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { silentLogger } from '../logging/logger';
import { AccessService, auditDetail, auditTarget, hashToken } from './access.service';

const ADMIN = localCaller('desktop-user', 'ipc', 'dana');
const opened: { database: AppDatabase; remove(): void }[] = [];

function service(now: () => number = Date.now) {
  const temp = makeTempDir('archivist-access-');
  const file = join(temp.dir, 'archivist.sqlite');
  const database = openDatabase({ file, migrationsDir: defaultMigrationsDir() });
  opened.push({ database, remove: temp.remove });
  return { access: new AccessService({ database, logger: silentLogger, now }), database, file };
}

afterEach(() => {
  for (const { database, remove } of opened.splice(0)) {
    database.close();
    remove();
  }
});

const query = (input: object = {}) => AuditQuerySchema.parse(input);

describe('API tokens', () => {
  it('are shown once, kept only as a hash, and name their bearer and role', () => {
    const { access, database, file } = service();
    const made = access.createToken({ name: 'playout script', role: 'operator' }, ADMIN);
    expect(made.token).toMatch(/^arch_[A-Za-z0-9_-]{43}$/);
    expect(made.info).toMatchObject({
      name: 'playout script',
      role: 'operator',
      prefix: made.token.slice(0, 10),
      createdBy: 'dana',
      revokedAt: null,
    });
    expect(access.tokens()).toEqual([made.info]);
    const bearer = access.authenticate(made.token);
    expect(bearer?.caller).toMatchObject({ kind: 'api-token', id: 'token "playout script"' });
    expect([...(bearer?.caller.access ?? [])]).toEqual(['read', 'operate']);
    // Neither the database file nor its write-ahead log holds the token; its hash is there.
    database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(file).toString('latin1');
    expect(bytes).not.toContain(made.token);
    expect(bytes).toContain(hashToken(made.token));
    expect(access.tokens()[0]!.lastUsedAt).not.toBeNull();
  });

  it('stop working when revoked, and refuse anything that is not a live token', () => {
    const { access } = service();
    const a = access.createToken({ name: 'a', role: 'admin' }, ADMIN);
    const b = access.createToken({ name: 'b', role: 'viewer' }, ADMIN);
    const listed = access.revokeToken(a.info.id, ADMIN);
    expect(listed.find((t) => t.id === a.info.id)).toMatchObject({
      revokedBy: 'dana',
      revokedAt: expect.any(String),
    });
    expect(access.authenticate(a.token)).toBeNull();
    expect(access.authenticate(b.token)).not.toBeNull();
    for (const wrong of ['', 'arch_', `${b.token}x`, b.token.slice(0, -1), 'Bearer x'.repeat(40)]) {
      expect(access.authenticate(wrong)).toBeNull();
    }
    expect(() => access.revokeToken(999, ADMIN)).toThrow(/no API token 999/);
  });
});

describe('the audit trail', () => {
  it('keeps each call with who, what, on what and how it ended, secrets blanked', () => {
    let now = Date.parse('2026-11-30T10:00:00Z');
    const { access } = service(() => now);
    const operator = roleCaller('browser-session', 'http', 'sam', 'operator');
    access.recordCall({
      method: 'publish.enqueue',
      input: { recordingIds: [4, 5] },
      caller: operator,
      error: null,
    });
    now += 86_400_000;
    access.recordCall({
      method: 'connection.setPassword',
      input: { password: 'hunter2' },
      caller: operator,
      error: { code: 'FORBIDDEN', message: 'needs admin' },
    });
    access.recordCall({
      method: 'publish.retry',
      input: { id: 7 },
      caller: ADMIN,
      error: null,
    });
    const all = access.audit(query());
    expect(all.total).toBe(3);
    expect(
      all.entries.map((e) => [e.actor, e.action, e.target, e.outcome, e.at.slice(0, 10)]),
    ).toEqual([
      ['dana', 'publish.retry', 'job 7', 'ok', '2026-12-01'],
      ['sam', 'connection.setPassword', '', 'FORBIDDEN', '2026-12-01'],
      ['sam', 'publish.enqueue', 'recordings 4, 5', 'ok', '2026-11-30'],
    ]);
    expect(all.entries[1]!.detail).toBe('{"password":"[not recorded]"}');
    expect(JSON.stringify(all)).not.toContain('hunter2');

    // Filters: actor, an action prefix, the outcome, days; and paging back by id.
    expect(access.audit(query({ actor: 'SAM' })).total).toBe(2);
    expect(access.audit(query({ action: 'publish.' })).total).toBe(2);
    expect(access.audit(query({ action: 'publish.retry' })).total).toBe(1);
    expect(access.audit(query({ action: 'publish' })).total).toBe(0);
    expect(access.audit(query({ outcome: 'failed' })).entries[0]!.action).toBe(
      'connection.setPassword',
    );
    expect(access.audit(query({ from: '2026-12-01' })).total).toBe(2);
    expect(access.audit(query({ to: '2026-11-30' })).total).toBe(1);
    expect(access.audit(query({ actor: '%' })).total).toBe(0);
    const first = access.audit(query({ limit: 2 }));
    const next = access.audit(query({ limit: 2, before: first.entries.at(-1)!.id }));
    expect(next.entries.map((e) => e.action)).toEqual(['publish.enqueue']);
    expect(next.total).toBe(3);

    const exported = access.exportAudit(query({ actor: 'sam' }));
    expect(exported.count).toBe(2);
    expect(exported.csv.split('\r\n')[0]).toBe(
      'id,at,actor,actor_kind,transport,action,target,outcome,message,detail',
    );
    expect(exported.csv).toContain('"recordings 4, 5"');
  });

  it('says what a call was done to, in short', () => {
    expect(auditTarget('library.link', { id: 3, showId: 21413 })).toBe('recording 3, show 21413');
    expect(auditTarget('webhooks.add', { url: 'https://hooks.example/a', events: [] })).toBe(
      'https://hooks.example/a',
    );
    expect(auditTarget('tokens.create', { name: 'x', role: 'admin' })).toBe('"x"');
    expect(
      auditTarget('publish.enqueue', { recordingIds: Array.from({ length: 12 }, (_, i) => i + 1) }),
    ).toBe('recordings 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more');
    expect(auditDetail({ cablecast: { password: 'p', userName: 'u' }, apiKey: 'k' })).toBe(
      '{"cablecast":{"password":"[not recorded]","userName":"u"},"apiKey":"[not recorded]"}',
    );
    expect(auditDetail({ text: 'x'.repeat(5000) })).toHaveLength(2000);
    expect(auditCsv([])).toBe(
      'id,at,actor,actor_kind,transport,action,target,outcome,message,detail\r\n',
    );
  });
});

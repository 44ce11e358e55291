import { and, count, desc, eq, gte, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { AuditEntry, AuditQuery } from '../../shared/access';
import type { AppDatabase, AppDb } from '../db/database';
import { apiTokens, auditEvents, sessions } from './access.schema';

export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type NewAuditEvent = Omit<typeof auditEvents.$inferInsert, 'id'>;

/** API tokens (their hashes) and the append-only audit trail. */
export class AccessRepo {
  private readonly db: AppDb;

  constructor(database: Pick<AppDatabase, 'db'>) {
    this.db = database.db;
  }

  // ---- tokens ----------------------------------------------------------------------------------

  insertToken(row: Omit<typeof apiTokens.$inferInsert, 'id'>): ApiTokenRow {
    return this.db.insert(apiTokens).values(row).returning().get();
  }

  tokens(): ApiTokenRow[] {
    return this.db.select().from(apiTokens).orderBy(desc(apiTokens.id)).all();
  }

  token(id: number): ApiTokenRow | null {
    return this.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get() ?? null;
  }

  /** The live (not revoked) token with this hash. */
  liveTokenByHash(hash: string): ApiTokenRow | null {
    return (
      this.db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.hash, hash), isNull(apiTokens.revokedAt)))
        .get() ?? null
    );
  }

  revokeToken(id: number, at: string, by: string): void {
    this.db
      .update(apiTokens)
      .set({ revokedAt: at, revokedBy: by })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .run();
  }

  touchToken(id: number, at: string): void {
    this.db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
  }

  // ---- sessions --------------------------------------------------------------------------------

  insertSession(row: typeof sessions.$inferInsert): void {
    this.db.insert(sessions).values(row).run();
  }

  /** The session with this hash, ended or not (the caller checks). */
  session(hash: string): SessionRow | null {
    return this.db.select().from(sessions).where(eq(sessions.hash, hash)).get() ?? null;
  }

  touchSession(hash: string, at: string): void {
    this.db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.hash, hash)).run();
  }

  endSession(hash: string, at: string): void {
    this.db
      .update(sessions)
      .set({ endedAt: at })
      .where(and(eq(sessions.hash, hash), isNull(sessions.endedAt)))
      .run();
  }

  /** Forgets sessions that ended or expired before `before`; returns how many. */
  pruneSessions(before: string): number {
    return this.db
      .delete(sessions)
      .where(sql`coalesce(${sessions.endedAt}, ${sessions.expiresAt}) < ${before}`)
      .run().changes;
  }

  // ---- audit trail -----------------------------------------------------------------------------

  appendAudit(event: NewAuditEvent): void {
    this.db.insert(auditEvents).values(event).run();
  }

  /** The entries matching the filter, newest first, and how many match in all. */
  audit(query: AuditQuery): { entries: AuditEntry[]; total: number } {
    const filter = auditFilter(query);
    const page = query.before === null ? filter : and(filter, lt(auditEvents.id, query.before));
    const entries = this.db
      .select()
      .from(auditEvents)
      .where(page)
      .orderBy(desc(auditEvents.id))
      .limit(query.limit)
      .all();
    const total = this.db.select({ n: count() }).from(auditEvents).where(filter).get()?.n ?? 0;
    return { entries, total };
  }
}

/** `LIKE` with the filter's own % and _ taken literally. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function auditFilter(query: AuditQuery): SQL | undefined {
  const parts: SQL[] = [];
  if (query.actor !== '') {
    parts.push(sql`${auditEvents.actor} LIKE ${contains(query.actor)} ESCAPE '\\'`);
  }
  if (query.action !== '') {
    parts.push(
      query.action.endsWith('.')
        ? sql`substr(${auditEvents.action}, 1, ${query.action.length}) = ${query.action}`
        : eq(auditEvents.action, query.action),
    );
  }
  if (query.outcome === 'ok') parts.push(eq(auditEvents.outcome, 'ok'));
  if (query.outcome === 'failed') parts.push(ne(auditEvents.outcome, 'ok'));
  if (query.from !== null) parts.push(gte(auditEvents.at, `${query.from}T00:00:00.000Z`));
  if (query.to !== null) {
    const next = new Date(Date.parse(`${query.to}T00:00:00.000Z`) + 86_400_000).toISOString();
    parts.push(lt(auditEvents.at, next));
  }
  return parts.length === 0 ? undefined : and(...parts);
}

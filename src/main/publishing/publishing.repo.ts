import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { AppDatabase, AppDb } from '../db/database';
import {
  publishBatches,
  publishBatchJobs,
  publishFailures,
  publishQueueState,
  vodPublications,
} from './publishing.schema';

export type VodPublicationRow = typeof vodPublications.$inferSelect;
export type PublishFailureRow = typeof publishFailures.$inferSelect;
export type NewVodPublication = Omit<typeof vodPublications.$inferInsert, 'id' | 'notifiedAt'>;

/** The publish queue's own rows: batches, the pause, and the VODs that went live. */
export class PublishingRepo {
  private readonly db: AppDb;
  private readonly sqlite: AppDatabase['sqlite'];

  constructor(database: Pick<AppDatabase, 'db' | 'sqlite'>) {
    this.db = database.db;
    this.sqlite = database.sqlite;
  }

  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  // ---- batches -------------------------------------------------------------------------------

  createBatch(
    id: string,
    createdAt: string,
    jobIds: readonly number[],
    skipped: { recordingId: number; fileName: string; reason: string }[],
  ): void {
    this.db.insert(publishBatches).values({ id, createdAt, skipped }).run();
    jobIds.forEach((jobId, ordinal) => {
      this.db.insert(publishBatchJobs).values({ batchId: id, jobId, ordinal }).run();
    });
  }

  batch(id: string): {
    createdAt: string;
    skipped: typeof publishBatches.$inferSelect.skipped;
    jobIds: number[];
  } | null {
    const row = this.db.select().from(publishBatches).where(eq(publishBatches.id, id)).get();
    if (!row) return null;
    const jobIds = this.db
      .select({ jobId: publishBatchJobs.jobId })
      .from(publishBatchJobs)
      .where(eq(publishBatchJobs.batchId, id))
      .orderBy(asc(publishBatchJobs.ordinal))
      .all()
      .map((r) => r.jobId);
    return { createdAt: row.createdAt, skipped: row.skipped, jobIds };
  }

  /** The newest batch each job belongs to. */
  batchesOf(jobIds: readonly number[]): Map<number, string> {
    const out = new Map<number, string>();
    if (jobIds.length === 0) return out;
    const rows = this.db
      .select({
        jobId: publishBatchJobs.jobId,
        batchId: publishBatchJobs.batchId,
        at: publishBatches.createdAt,
      })
      .from(publishBatchJobs)
      .innerJoin(publishBatches, eq(publishBatches.id, publishBatchJobs.batchId))
      .where(inArray(publishBatchJobs.jobId, [...jobIds]))
      .orderBy(asc(publishBatches.createdAt))
      .all();
    for (const r of rows) out.set(r.jobId, r.batchId);
    return out;
  }

  // ---- the pause -----------------------------------------------------------------------------

  paused(): boolean {
    return (
      this.db.select().from(publishQueueState).where(eq(publishQueueState.id, 1)).get()?.paused ??
      false
    );
  }

  setPaused(paused: boolean): void {
    this.db
      .insert(publishQueueState)
      .values({ id: 1, paused })
      .onConflictDoUpdate({ target: publishQueueState.id, set: { paused } })
      .run();
  }

  // ---- VODs that went live -------------------------------------------------------------------

  addPublication(row: NewVodPublication): void {
    this.db.insert(vodPublications).values(row).run();
  }

  /** The newest publication of each job. */
  publicationsOf(jobIds: readonly number[]): Map<number, VodPublicationRow> {
    const out = new Map<number, VodPublicationRow>();
    if (jobIds.length === 0) return out;
    const rows = this.db
      .select()
      .from(vodPublications)
      .where(inArray(vodPublications.jobId, [...jobIds]))
      .orderBy(asc(vodPublications.id))
      .all();
    for (const r of rows) out.set(r.jobId, r);
    return out;
  }

  /** The publications made in [from, to) (ISO 8601 UTC), oldest first. */
  publicationsBetween(from: string, to: string): VodPublicationRow[] {
    return this.db
      .select()
      .from(vodPublications)
      .where(and(gte(vodPublications.publishedAt, from), lt(vodPublications.publishedAt, to)))
      .orderBy(asc(vodPublications.publishedAt))
      .all();
  }

  // ---- failures ------------------------------------------------------------------------------

  /** Records a failure once: false when it was already recorded (the same job and time). */
  addFailure(row: PublishFailureRow): boolean {
    return this.db.insert(publishFailures).values(row).onConflictDoNothing().run().changes === 1;
  }

  /** The failures in [from, to) (ISO 8601 UTC), oldest first. */
  failuresBetween(from: string, to: string): PublishFailureRow[] {
    return this.db
      .select()
      .from(publishFailures)
      .where(and(gte(publishFailures.failedAt, from), lt(publishFailures.failedAt, to)))
      .orderBy(asc(publishFailures.failedAt))
      .all();
  }
}

import { desc, lte } from 'drizzle-orm';
import type { ConnectionTestResult } from '../../shared/connection';
import { AppError } from '../../shared/result';
import type { AppDatabase, AppDb } from '../db/database';
import { connectionChecks, type ConnectionCheckRow } from './connection.schema';

type ConnectionCheck = ConnectionCheckRow;

interface ConnectionChecksRepoOptions {
  /** Rows kept; older ones are pruned on each `record`, so the log cannot grow without bound. */
  keep?: number;
}

const DEFAULT_CONNECTION_CHECKS_KEPT = 500;
const MAX_LATEST = 1_000;

/**
 * A URL with `user:password@` in it must never reach the database: the server address is typed by
 * people, and the password belongs in the keychain alone.
 */
function withoutUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1');
}

/** The log of "Test connection" results, newest first, for the Health screen. */
export class ConnectionChecksRepo {
  private readonly keep: number;
  private readonly db: AppDb;

  constructor(database: Pick<AppDatabase, 'db'>, options: ConnectionChecksRepoOptions = {}) {
    this.db = database.db;
    this.keep = options.keep ?? DEFAULT_CONNECTION_CHECKS_KEPT;
    if (!Number.isInteger(this.keep) || this.keep < 1) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `keep must be a positive integer, not ${this.keep}.`,
        'keep',
      );
    }
  }

  record(result: ConnectionTestResult): ConnectionCheck {
    const message = result.problem?.message ?? result.rights;
    return this.db.transaction((tx) => {
      const row = tx
        .insert(connectionChecks)
        .values({
          testedAt: result.testedAt,
          ok: result.ok,
          apiBase: result.apiBase === null ? null : withoutUrlCredentials(result.apiBase),
          serverVersion: result.serverVersion,
          user: result.user,
          canWrite: result.canWrite,
          problemKind: result.problem?.kind ?? null,
          message: withoutUrlCredentials(message),
          elapsedMs: Math.max(0, Math.round(result.elapsedMs)),
        })
        .returning()
        .get();
      // ids only grow (AUTOINCREMENT), so "older than the newest `keep`" is an id range.
      tx.delete(connectionChecks)
        .where(lte(connectionChecks.id, row.id - this.keep))
        .run();
      return row;
    });
  }

  /** The newest `n` checks, newest first. */
  latest(n: number): ConnectionCheck[] {
    if (!Number.isInteger(n) || n < 1 || n > MAX_LATEST) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `The number of checks must be a whole number from 1 to ${MAX_LATEST}, not ${n}.`,
        'n',
      );
    }
    return this.db
      .select()
      .from(connectionChecks)
      .orderBy(desc(connectionChecks.id))
      .limit(n)
      .all();
  }
}

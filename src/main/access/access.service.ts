import { createHash, randomBytes } from 'node:crypto';
import {
  auditCsv,
  type ApiTokenCreated,
  type ApiTokenView,
  type AuditPage,
  type AuditQuery,
  type Role,
} from '../../shared/access';
import { AppError } from '../../shared/result';
import { describeCaller, roleCaller, type AuditedCall, type Caller } from '../contract';
import type { AppDatabase } from '../db/database';
import type { Logger } from '../logging/logger';
import { AccessRepo, type ApiTokenRow } from './access.repo';

const TOKEN_PREFIX = 'arch_';
/** How often a token's "last used" is written at most: a busy script must not write per call. */
const TOUCH_EVERY_MS = 60_000;
const DETAIL_LIMIT = 2_000;
/** The most entries one export writes. */
export const AUDIT_EXPORT_LIMIT = 100_000;
/** Keys whose values never reach the audit trail. */
const SECRET_KEY = /pass(word)?|secret|token|credential|api.?key/i;
/** What an `id` names, by the method's prefix. */
const ID_NOUN: Record<string, string> = {
  publish: 'job',
  library: 'recording',
  shows: 'show',
  webhooks: 'endpoint',
  tokens: 'token',
  schedules: 'schedule',
};

export interface AccessServiceOptions {
  database: Pick<AppDatabase, 'db'>;
  logger: Logger;
  now?: () => number;
}

/** A token's bearer as the dispatcher sees it, and which token it is. */
export interface TokenBearer {
  caller: Caller;
  tokenId: number;
}

/** SHA-256 of a random secret (an API token, a session cookie), hex: what the database keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toView(row: ApiTokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
  };
}

/** The input with every secret blanked, as JSON, cut to a length the trail can keep. */
export function auditDetail(input: unknown): string {
  const text =
    JSON.stringify(input ?? {}, (key, value: unknown) =>
      key !== '' && SECRET_KEY.test(key) ? '[not recorded]' : value,
    ) ?? '';
  return text.length > DETAIL_LIMIT ? `${text.slice(0, DETAIL_LIMIT - 1)}…` : text;
}

/** What a call was done to, in short: `recording 12`, `recordings 3, 4, 5`, `job 7`. */
export function auditTarget(method: string, input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const value = input as Record<string, unknown>;
  const parts: string[] = [];
  const list = (noun: string, ids: unknown): void => {
    if (!Array.isArray(ids) || ids.length === 0) return;
    const shown = ids.slice(0, 10).map(String).join(', ');
    const more = ids.length > 10 ? ` and ${ids.length - 10} more` : '';
    parts.push(`${noun}${ids.length === 1 ? '' : 's'} ${shown}${more}`);
  };
  if (typeof value.id === 'number') {
    parts.push(`${ID_NOUN[method.split('.')[0] ?? ''] ?? 'item'} ${value.id}`);
  }
  if (typeof value.id === 'string') parts.push(value.id);
  list('recording', value.recordingIds);
  list('show', value.showIds);
  if (typeof value.showId === 'number') parts.push(`show ${value.showId}`);
  if (typeof value.deliveryId === 'number') parts.push(`delivery ${value.deliveryId}`);
  if (typeof value.batchId === 'string') parts.push(`batch ${value.batchId}`);
  if (typeof value.path === 'string') parts.push(value.path);
  if (typeof value.url === 'string') parts.push(value.url);
  if (typeof value.name === 'string') parts.push(`"${value.name}"`);
  return parts.join(', ').slice(0, 300);
}

/**
 * API tokens (made here, shown once, kept as SHA-256 hashes, revoked by an admin) and the audit
 * trail: every call that may change something, with who made it and how it ended.
 */
export class AccessService {
  private readonly repo: AccessRepo;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly touched = new Map<number, number>();

  constructor(options: AccessServiceOptions) {
    this.repo = new AccessRepo(options.database);
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  tokens(): ApiTokenView[] {
    return this.repo.tokens().map(toView);
  }

  createToken(input: { name: string; role: Role }, caller: Caller): ApiTokenCreated {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = this.repo.insertToken({
      name: input.name,
      role: input.role,
      hash: hashToken(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 5),
      createdAt: this.nowIso(),
      createdBy: describeCaller(caller),
    });
    return { token, info: toView(row) };
  }

  revokeToken(id: number, caller: Caller): ApiTokenView[] {
    const row = this.repo.token(id);
    if (row === null) throw new AppError('NOT_FOUND', `There is no API token ${id}.`, 'id');
    this.repo.revokeToken(id, this.nowIso(), describeCaller(caller));
    this.touched.delete(id);
    return this.tokens();
  }

  /** The bearer of a live token, or null for anything else (unknown, revoked, malformed). */
  authenticate(token: string): TokenBearer | null {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    const row = this.repo.liveTokenByHash(hashToken(token));
    if (row === null) return null;
    const now = this.now();
    if (now - (this.touched.get(row.id) ?? -Infinity) >= TOUCH_EVERY_MS) {
      this.touched.set(row.id, now);
      this.repo.touchToken(row.id, new Date(now).toISOString());
    }
    return {
      tokenId: row.id,
      caller: roleCaller('api-token', 'http', `token "${row.name}"`, row.role),
    };
  }

  /** Keeps a dispatched call in the audit trail. */
  recordCall(call: AuditedCall): void {
    this.record({
      caller: call.caller,
      action: call.method,
      target: auditTarget(call.method, call.input),
      detail: auditDetail(call.input),
      outcome: call.error?.code ?? 'ok',
      message: call.error?.message ?? '',
    });
  }

  /** Keeps something a shell did (a sign-in, a refused token) in the audit trail. */
  record(entry: {
    caller: Pick<Caller, 'id' | 'kind' | 'transport'>;
    action: string;
    target?: string;
    detail?: string;
    outcome?: string;
    message?: string;
  }): void {
    try {
      this.repo.appendAudit({
        at: this.nowIso(),
        actor: describeCaller(entry.caller),
        actorKind: entry.caller.kind,
        transport: entry.caller.transport,
        action: entry.action,
        target: entry.target ?? '',
        detail: entry.detail ?? '',
        outcome: entry.outcome ?? 'ok',
        message: (entry.message ?? '').slice(0, 500),
      });
    } catch (error) {
      // The call itself has happened: a full disk must not turn it into a failure here.
      this.logger.error('audit entry not written', { action: entry.action, error });
    }
  }

  audit(query: AuditQuery): AuditPage {
    return this.repo.audit(query);
  }

  exportAudit(query: AuditQuery): { csv: string; count: number } {
    const { entries } = this.repo.audit({ ...query, before: null, limit: AUDIT_EXPORT_LIMIT });
    return { csv: auditCsv(entries), count: entries.length };
  }
}

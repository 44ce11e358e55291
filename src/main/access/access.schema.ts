import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Role } from '../../shared/access';

/*
 * Access: the API tokens of the station host (only their hashes) and the audit trail of who did
 * what. The audit table is append-only: triggers in its migration refuse UPDATE and DELETE.
 */

export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  role: text('role').$type<Role>().notNull(),
  /** SHA-256 of the token, hex: a token has 256 random bits, so a fast hash is enough. */
  hash: text('hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
  revokedBy: text('revoked_by'),
});

export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    actorKind: text('actor_kind').notNull(),
    transport: text('transport').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull().default(''),
    detail: text('detail').notNull().default(''),
    outcome: text('outcome').notNull(),
    message: text('message').notNull().default(''),
  },
  (t) => [index('audit_events_at_idx').on(t.at), index('audit_events_action_idx').on(t.action)],
);

/**
 * Signed-in sessions of the station host: only the hash of the cookie's value is kept, so a copy
 * of the database signs nobody in. A session ends at `expires_at` or when its user signs out.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    hash: text('hash').primaryKey(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull().default(''),
    role: text('role').$type<Role>().notNull(),
    /** The token every state-changing request of this session must echo (CSRF). */
    csrf: text('csrf').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    endedAt: text('ended_at'),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);

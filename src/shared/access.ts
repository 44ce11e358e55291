import { z } from 'zod';
import type { Access } from './contract';
import { toCsv } from './csv';

/**
 * Roles of the station host: a viewer browses, an operator does an operator's work (link, edit
 * drafts and metadata, publish), an admin also sets the station up (settings, webhooks, tokens,
 * storage folders). Each maps onto the contract's access levels, which the dispatcher checks.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_ACCESS: Record<Role, readonly Access[]> = {
  viewer: ['read'],
  operator: ['read', 'operate'],
  admin: ['read', 'operate', 'admin'],
};

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer (browse)',
  operator: 'Operator (browse, link, edit, publish)',
  admin: 'Admin (also settings, webhooks, tokens, storage folders)',
};

/** An API token as listed: never the token itself, which is shown once when made. */
export interface ApiTokenView {
  id: number;
  name: string;
  role: Role;
  /** The token's first characters, to tell tokens apart (`arch_3kF9…`). */
  prefix: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface ApiTokenCreated {
  /** The token, shown this once: only its hash is kept. */
  token: string;
  info: ApiTokenView;
}

export const TokenCreateSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Name the token after what uses it, such as "playout script".')
      .max(80),
    role: z.enum(ROLES),
  })
  .strict();

export const TokenIdSchema = z.object({ id: z.number().int().positive() }).strict();

/** One line of the audit trail: who did what, when, to what, and how it ended. */
export interface AuditEntry {
  id: number;
  at: string;
  /** The person or token: a user name, `token "playout script"`, `the desktop app's user`. */
  actor: string;
  actorKind: string;
  transport: string;
  /** The contract method (`publish.enqueue`) or a host action (`session.signIn`). */
  action: string;
  /** What it was done to, in short (`recording 12`, `job 7`); empty when it names nothing. */
  target: string;
  /** The input, with secrets blanked, as JSON (cut at 2,000 characters). */
  detail: string;
  /** `ok`, or the error code it ended with (`FORBIDDEN`, `CONFLICT`, ...). */
  outcome: string;
  /** The error's message when it failed. */
  message: string;
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date as YYYY-MM-DD.');

export const AuditQuerySchema = z
  .object({
    /** Part of the actor's name. */
    actor: z.string().trim().max(200).default(''),
    /** An action, or a prefix of one ending in a dot (`publish.`). */
    action: z.string().trim().max(100).default(''),
    outcome: z.enum(['any', 'ok', 'failed']).default('any'),
    /** Days in UTC, inclusive. */
    from: day.nullable().default(null),
    to: day.nullable().default(null),
    /** Entries older than this id (the next page). */
    before: z.number().int().positive().nullable().default(null),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();

export type AuditQuery = z.output<typeof AuditQuerySchema>;

export interface AuditPage {
  entries: AuditEntry[];
  /** Entries matching the filter in all. */
  total: number;
}

/** The audit trail as CSV, as **Export CSV** saves it. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return toCsv(
    [
      'id',
      'at',
      'actor',
      'actor_kind',
      'transport',
      'action',
      'target',
      'outcome',
      'message',
      'detail',
    ],
    entries.map((e) => [
      e.id,
      e.at,
      e.actor,
      e.actorKind,
      e.transport,
      e.action,
      e.target,
      e.outcome,
      e.message,
      e.detail,
    ]),
  );
}

/** Who the caller of this page or app is, and what it may do. */
export interface WhoAmI {
  /** A person's name, a token's name, or the local user in words. */
  name: string;
  /** `browser-session`, `desktop-user`, `api-token`, ... */
  kind: string;
  /** The signed-in user's or the token's role; null for a local user, who has every access. */
  role: Role | null;
  access: Access[];
  /** True when this is a signed-in session (it can sign out). */
  signedIn: boolean;
  /** When the sign-in ends (ISO), for a signed-in session. */
  expiresAt: string | null;
}

/** The sign-in setup as Settings › Sign-in shows it (the client secret never leaves the core). */
export interface SsoStatus {
  clientSecretSet: boolean;
  /** The secret came from SSO_CLIENT_SECRET and is held in memory only. */
  clientSecretFromEnvironment: boolean;
  /** The redirect address to register with the identity provider, when known. */
  redirectUri: string | null;
}

/** What a test of the identity provider found. */
export interface SsoTestResult {
  ok: boolean;
  issuer: string | null;
  authorizationEndpoint: string | null;
  endSession: boolean;
  message: string;
}

export const SsoSecretSchema = z
  .object({ secret: z.string().min(1, 'Enter the client secret.').max(4_000) })
  .strict();

import { ROLE_ACCESS, type Role, type WhoAmI } from '../../shared/access';
import type { Access } from '../../shared/contract';

/** How a call reached the core. */
export type Transport = 'ipc' | 'http' | 'cli' | 'internal';

/**
 * Who is calling, over which transport, and with what access. Every call into the core carries
 * one; the dispatcher refuses a method whose declared access the caller lacks.
 */
export interface Caller {
  /**
   * What kind of caller: the desktop app's user, a browser session, a station script with an API
   * token, a command, the core itself.
   */
  readonly kind: 'desktop-user' | 'browser-session' | 'api-token' | 'command' | 'system';
  /** A name for the log and the audit trail (a user name, a session id, a command). */
  readonly id: string;
  readonly transport: Transport;
  readonly access: ReadonlySet<Access>;
  /** The role a signed-in user or an API token has; none for a local caller (every access). */
  readonly role?: Role;
  /** When a signed-in session ends (ISO). */
  readonly expiresAt?: string;
}

const EVERY_ACCESS: ReadonlySet<Access> = new Set<Access>(['read', 'operate', 'admin']);

/**
 * A caller on this machine: the desktop app's user, the holder of the browser host's per-run
 * token, a command on the command line. Today each local caller has every access; signed-in
 * station-host users get theirs from their role.
 */
export function localCaller(kind: Caller['kind'], transport: Transport, id: string = kind): Caller {
  return { kind, id, transport, access: EVERY_ACCESS };
}

const KIND_WORDS: Record<Caller['kind'], string> = {
  'desktop-user': "the desktop app's user",
  'browser-session': 'a browser session',
  'api-token': 'an API token',
  command: 'a command',
  system: 'the app itself',
};

/** Who called, in words for a message or the audit trail: its name, or its kind in words. */
export function describeCaller(caller: Pick<Caller, 'id' | 'kind'>): string {
  return caller.id === caller.kind ? KIND_WORDS[caller.kind] : caller.id;
}

/** A caller whose access comes from a role: an API token's bearer, a signed-in user. */
export function roleCaller(
  kind: Caller['kind'],
  transport: Transport,
  id: string,
  role: Role,
): Caller {
  return { kind, id, transport, access: new Set(ROLE_ACCESS[role]), role };
}

/** Who a caller is, for the page to show and to hide what it may not do. */
export function whoAmI(caller: Caller): WhoAmI {
  return {
    name: describeCaller(caller),
    kind: caller.kind,
    role: caller.role ?? null,
    access: [...caller.access],
    signedIn:
      (caller.kind === 'browser-session' || caller.kind === 'desktop-user') &&
      caller.role !== undefined,
    expiresAt: caller.expiresAt ?? null,
  };
}

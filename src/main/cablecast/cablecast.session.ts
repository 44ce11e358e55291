import type { Session } from './cablecast.schemas';

/*
 * Reading rights out of a `Session {user, isAdmin, permissions}` [SW]. The permission names are
 * not public, so we look for words that mean changing things (Edit…, Manage…, Write, Upload…) in
 * whatever form the server lists them: bare strings, or objects naming the right.
 */

const WRITE_WORDS = /(write|edit|create|update|delete|modify|manage|upload|publish|admin)/i;
const NAME_KEYS = ['name', 'permission', 'key', 'type', 'value', 'code', 'right', 'role'] as const;
const WRITE_FLAGS = ['canWrite', 'write', 'canEdit', 'edit', 'allowWrite'] as const;

/** The user's name as the session gives it, if it gives one. */
export function sessionUserName(session: Session): string | null {
  const user = session.user;
  if (typeof user === 'string') return user.trim() === '' ? null : user;
  if (user === null || user === undefined) return null;
  for (const candidate of [user.userName, user.username, user.displayName, user.name, user.email]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate;
  }
  return null;
}

function permissionGrantsWrite(permission: unknown): boolean {
  if (typeof permission === 'string') return WRITE_WORDS.test(permission);
  if (typeof permission !== 'object' || permission === null) return false;
  const record = permission as Record<string, unknown>;
  for (const flag of WRITE_FLAGS) {
    if (record[flag] === true) return true;
  }
  for (const key of NAME_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && WRITE_WORDS.test(value)) {
      // An object can name a right and still deny it ({name: 'EditShows', granted: false}).
      return record.granted !== false && record.allowed !== false && record.enabled !== false;
    }
  }
  return false;
}

interface WriteAccess {
  /** True: may write; false: read only; null: the session does not say. */
  canWrite: boolean | null;
  /** Why, in a few words: "administrator", "EditShows", "no write permission". */
  basis: string;
}

export function sessionWriteAccess(session: Session): WriteAccess {
  if (session.isAdmin === true) return { canWrite: true, basis: 'administrator' };
  const permissions = session.permissions;
  if (Array.isArray(permissions)) {
    const granting = permissions.find(permissionGrantsWrite);
    if (granting !== undefined) {
      const label =
        typeof granting === 'string'
          ? granting
          : (NAME_KEYS.map((k) => (granting as Record<string, unknown>)[k]).find(
              (v): v is string => typeof v === 'string',
            ) ?? 'write permission');
      return { canWrite: true, basis: label };
    }
    return { canWrite: false, basis: 'no write permission' };
  }
  if (session.isAdmin === false) {
    // Not an admin, and no permission list to say otherwise.
    return { canWrite: false, basis: 'not an administrator, and no permissions listed' };
  }
  return { canWrite: null, basis: 'the server did not list permissions' };
}

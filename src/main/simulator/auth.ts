import { timingSafeEqual } from 'node:crypto';
import type { SimulatorUser } from './simulator.types';

export const DEFAULT_USERS: readonly SimulatorUser[] = [
  { username: 'admin', password: 'admin', isAdmin: true, canWrite: true },
  { username: 'operator', password: 'operator', isAdmin: false, canWrite: true },
  { username: 'viewer', password: 'viewer', isAdmin: false, canWrite: false },
];

export const DENIED_MESSAGE = 'Authorization has been denied for this request.';

type AuthResult =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: SimulatorUser }
  /** A header was sent but names no known user (or is not Basic at all). */
  | { kind: 'invalid' };

/**
 * Reads `Authorization: Basic …`. Tolerant of what real clients send: any case of "Basic" and
 * extra spaces (a station script sends `Basic  <b64>` with two spaces and it works).
 */
export function authenticate(
  header: string | undefined,
  users: readonly SimulatorUser[],
): AuthResult {
  if (header === undefined || header.trim() === '') return { kind: 'anonymous' };
  const match = /^\s*basic\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return { kind: 'invalid' };
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { kind: 'invalid' };
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // Frontdoor user names are not case-sensitive; passwords are.
  const user = users.find(
    (candidate) => candidate.username.toLowerCase() === username.toLowerCase(),
  );
  if (!user || !sameSecret(user.password, password)) return { kind: 'invalid' };
  return { kind: 'user', user };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Permission names are not public; these are plausible Frontdoor-style rights. What matters for a
 * client is that a read-only user has no `Edit…`/`Manage…` right.
 */
export function permissionsFor(user: SimulatorUser): string[] {
  const read = ['ViewShows', 'ViewSchedule', 'ViewVod', 'ViewMedia'];
  const write = [
    'EditShows',
    'EditVod',
    'EditChapters',
    'EditMedia',
    'UploadFiles',
    'EditSchedule',
  ];
  const admin = ['ManageUsers', 'ManageSystem', 'ManageLocations'];
  return [...read, ...(user.canWrite ? write : []), ...(user.isAdmin ? admin : [])];
}

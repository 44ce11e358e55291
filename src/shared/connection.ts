/**
 * How a request to Cablecast failed. The client's errors carry it, and "Test connection" reports
 * it as it is, so the list lives here where both the core and the screens can read it.
 */
export type CablecastErrorKind =
  | 'credentials-refused'
  | 'no-permission'
  | 'not-found'
  | 'server-error'
  | 'timeout'
  | 'unreachable'
  | 'bad-response'
  | 'rate-limited'
  | 'circuit-open';

/** What "Test connection" reports, in words an operator can act on. */
export type ConnectionProblemKind = 'not-configured' | CablecastErrorKind;

export interface ConnectionTestResult {
  ok: boolean;
  /** The API base actually used, normalised (…/cablecastapi/v1). */
  apiBase: string | null;
  serverVersion: string | null;
  siteName: string | null;
  user: string | null;
  /** True: the credentials may write; false: read only; null: the server did not say. */
  canWrite: boolean | null;
  /** Plain words: "Signed in as ops. This account may publish (administrator)." */
  rights: string;
  problem: { kind: ConnectionProblemKind; message: string; path?: string } | null;
  elapsedMs: number;
  testedAt: string;
}

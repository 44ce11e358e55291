import type { SimulatorData } from './simulator.data';

export interface SimulatorUser {
  username: string;
  password: string;
  isAdmin: boolean;
  canWrite: boolean;
}

export interface SeedOptions {
  shows: number;
  randomSeed?: number;
  /** Default 1. */
  locations?: number;
  /**
   * The newest possible event date. Fixed by default (not "now") so the same seed gives the same
   * catalog on any day. Events may lie after the simulator's clock; edits (lastModified) never do.
   */
  until?: Date | string;
}

export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: a random free port. */
  port?: number;
  /** Default { shows: 200, randomSeed: 1 }. */
  seed?: SeedOptions;
  /** Default admin/admin (admin), operator/operator (may write), viewer/viewer (read only). */
  users?: SimulatorUser[];
  /** How `offset` is read (doc §4: the open question). Default 'page' (zero-based page number). */
  offsetMode?: 'page' | 'index';
  /** Anonymous GET responses are cached per URL for this long (stale reads). Default 0 = off. */
  anonymousCacheMs?: number;
  /** GET /systeminfo returns the DTO bare (default) or as { systemInfo: {...} }. */
  systemInfoEnvelope?: 'bare' | 'enveloped';
  /** GET /usersession: { session } (default), the session bare, or 404. */
  userSession?: 'enveloped' | 'bare' | 'absent';
  /** What an authenticated user without write rights gets for a write. Default 403. */
  permissionDeniedStatus?: 401 | 403;
  /**
   * An Authorization header with unknown credentials: 'reject' (default) answers 401 to every
   * request, even public reads; 'ignore' treats such requests as anonymous. (inferred either way)
   */
  wrongCredentials?: 'reject' | 'ignore';
  /** Default 50. */
  defaultPageSize?: number;
  /** Default '7.6.2.0'. */
  cablecastVersion?: string;
  /** Used when formatting dates. Default '-05:00'. */
  timeZoneOffset?: string;
}

export type FaultKind =
  | 'latency'
  | 'status'
  | 'retry-after'
  | 'truncated-json'
  | 'html-200'
  | 'schema-break'
  | 'drop'
  | 'hang';

export interface FaultRule {
  kind: FaultKind;
  /**
   * Which requests: method (optional) and a RegExp or substring tested against the lower-cased
   * path without the /cablecastapi/v1 prefix and without the query (e.g. '/shows', '/systeminfo').
   */
  method?: string;
  path?: RegExp | string;
  /**
   * 'latency': ms added; 'status': the status code (default 500); 'retry-after': seconds in the
   * 429's Retry-After header (default 1); 'truncated-json': bytes of the body sent (default half).
   */
  value?: number;
  /** Apply only to the first N matching requests (then the rule is spent). Default unlimited. */
  times?: number;
  /** Probability 0..1 per matching request, from a seeded PRNG. Default 1. */
  probability?: number;
  /**
   * For 'status', 'retry-after', 'html-200', 'drop' and 'hang': handle the request first, so a write
   * is committed, and only then fail the response. This is the ambiguous failure that makes a
   * retried POST create a duplicate. Default false: the request never reaches the handler.
   */
  afterHandling?: boolean;
}

export type TunableOptions = Partial<
  Pick<
    SimulatorOptions,
    | 'offsetMode'
    | 'anonymousCacheMs'
    | 'systemInfoEnvelope'
    | 'userSession'
    | 'permissionDeniedStatus'
    | 'wrongCredentials'
  >
>;

export interface SimulatorStats {
  requests: number;
  /** Requests per lower-cased path without prefix or query, e.g. '/shows', '/shows/12'. */
  byPath: Map<string, number>;
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  /** url + '/cablecastapi/v1' */
  readonly apiBase: string;
  /** The in-memory store; mutations through its methods bump lastModified like a real server. */
  readonly data: SimulatorData;
  /** Replace all rules; [] clears. */
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  setOptions(patch: TunableOptions): void;
  readonly stats: SimulatorStats;
  resetStats(): void;
  /** Also ends hung and keep-alive connections promptly. */
  close(): Promise<void>;
}

import type { SimulatorPublishing } from './publishing';
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
  /**
   * The status of a POST that creates a record (file uploads, reels, VODs, chapters): 200 with the
   * record (default; TRMS's examples only check `response.ok`) or 201. (inferred)
   */
  createdStatus?: 200 | 201;
  /** DELETE of a VOD or chapter: 200 with the record (default) or 204 without a body. (inferred) */
  deleteStatus?: 200 | 204;
  /** `DELETE /vods/{id}`: 'allowed' (default) or 'unsupported' (405). (inferred) */
  vodDelete?: 'allowed' | 'unsupported';
  /** `GET /fileuploads?fileName=`: the filter is 'honoured' (default) or 'ignored'. (inferred) */
  fileUploadNameFilter?: 'honoured' | 'ignored';
  /** `GET /assets?fileName=`: the filter is 'honoured' (default) or 'ignored'. (inferred) */
  assetNameFilter?: 'honoured' | 'ignored';
  /** `PUT /chapters/{id}`: the body 'replace's the chapter (default) or is 'merge'd. (inferred) */
  chapterUpdate?: 'replace' | 'merge';
  /** `DELETE /chapters/{id}`: 'soft' sets `deleted: true` (default), 'hard' removes. (inferred) */
  chapterDelete?: 'soft' | 'hard';
  /**
   * A `.scc`/`.mcc` asset with the base name of a show's linked video marks `show.hasCaptions`
   * ('honoured', default) or changes nothing ('ignored'). (inferred)
   */
  captionSidecars?: 'honoured' | 'ignored';
  /**
   * `GET /vodtranscodequalities[/{id}]`: 'served' (default) or 'absent' (404, as on a server
   * without the endpoint). The path is known only from resource names (doc §2.2, confidence C).
   */
  transcodeQualityList?: 'served' | 'absent';
  /**
   * `GET /filestores[/{id}]` (needs credentials): `{ fileStores: [...] }` / `{ fileStore }`
   * ('enveloped', default), the list or record bare ('bare'), or 404 ('absent'). (inferred: no
   * public material shows the answer's shape)
   */
  fileStoreList?: 'enveloped' | 'bare' | 'absent';
  /** How long a VOD stays `queued` once its show has a valid file. Default 1000 ms. */
  vodQueueMs?: number;
  /** How long a VOD stays `processing` (percentComplete 0 → 1). Default 5000 ms. */
  transcodeMs?: number;
  /** Share of transcodes that end in `error` (seeded PRNG). Default 0. */
  vodErrorRate?: number;
  /** A completed file upload goes 2 → 3 → 4 → 5 over this long. Default 1500 ms. */
  uploadProcessingMs?: number;
  /** An upload idle this long in state 1 becomes 6 (Timeout). Default 4 h, as the doc says. */
  uploadIdleTimeoutMs?: number;
  /** Hash every received segment (SHA-256) so tests can compare contents. Default true. */
  uploadChecksums?: boolean;
}

export type FaultKind =
  | 'latency'
  | 'status'
  | 'retry-after'
  | 'truncated-json'
  | 'html-200'
  | 'schema-break'
  | 'drop'
  | 'hang'
  | 'slow-commit';

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
   * 429's Retry-After header (default 1); 'truncated-json': bytes of the body sent (default half);
   * 'slow-commit': ms between receiving the request and committing it (default 1000). A slow
   * commit happens even when the client gave up waiting meanwhile; 'latency' does not.
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
  /**
   * For 'status': the `message` of the error body, as a server (or the proxy before it) words a
   * refusal. Default: the status's usual words.
   */
  message?: string;
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
    | 'createdStatus'
    | 'deleteStatus'
    | 'vodDelete'
    | 'fileUploadNameFilter'
    | 'assetNameFilter'
    | 'chapterUpdate'
    | 'chapterDelete'
    | 'captionSidecars'
    | 'transcodeQualityList'
    | 'fileStoreList'
    | 'vodQueueMs'
    | 'transcodeMs'
    | 'vodErrorRate'
    | 'uploadProcessingMs'
    | 'uploadIdleTimeoutMs'
    | 'uploadChecksums'
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
  /**
   * The write side's state: file uploads, assets, VOD transcodes on a clock tests can advance,
   * failure hooks, and counters (VODs created per show, segments received twice, ...).
   */
  readonly publishing: SimulatorPublishing;
  /** Replace all rules; [] clears. */
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  setOptions(patch: TunableOptions): void;
  readonly stats: SimulatorStats;
  resetStats(): void;
  /** Also ends hung and keep-alive connections promptly. */
  close(): Promise<void>;
}

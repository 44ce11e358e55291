export { normalizeApiBase, serverLabelFromApiBase, isLoopbackHost } from './api-base';
export {
  CablecastError,
  CABLECAST_ERROR_KINDS,
  isCablecastError,
  indicatesServerDown,
  classifyTransportError,
  type CablecastErrorKind,
  type CablecastErrorInit,
  type TransportFailure,
} from './cablecast.errors';
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitDecision,
  type CircuitPermit,
  type CircuitSnapshot,
  type CircuitState,
} from './circuit-breaker';
export {
  CablecastHttp,
  buildQueryString,
  defaultSleep,
  parseRetryAfter,
  type FetchLike,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type Query,
  type QueryValue,
  type RequestOptions,
  type RetryInfo,
  type Sleep,
} from './http';
export * from './cablecast.schemas';
export {
  describeIssue,
  emptySideloads,
  expectEnvelope,
  parseList,
  parseListLenient,
  parseMeta,
  parseResource,
  parseSideloads,
  parseWith,
  schemaError,
  type IncludeName,
  type InvalidRecord,
  type OnInvalid,
  type ResponseContext,
  type Sideloads,
} from './cablecast.envelope';
export { sessionUserName, sessionWriteAccess, type WriteAccess } from './cablecast.session';
export {
  CablecastClient,
  SHOW_BATCH_SIZE,
  type CablecastClientOptions,
  type CallOptions,
  type ChapterList,
  type ListShowsOptions,
  type ShowBatch,
  type ShowBatchOptions,
  type ShowFields,
  type ShowIdList,
  type ShowPage,
  type ShowsByIdsOptions,
} from './cablecast.client';
export { testConnection, type ConnectionTestOptions } from './connection-test';

/**
 * The Cablecast simulator: a local HTTP server faithful to shared/docs/cablecast-api.md, for
 * tests, benchmarks and the app's demo mode.
 */
export { startSimulator } from './simulator.server';
export {
  SimulatorData,
  vodSlug,
  type ShowInput,
  type ReelInput,
  type VodInput,
} from './simulator.data';
export {
  SimulatorPublishing,
  parseFileKey,
  type SegmentRecord,
  type UploadStats,
} from './publishing';
export { seedSimulatorData, DEFAULT_SEED_UNTIL } from './seed';
export type { LazyTable } from './lazy-table';
export { DEFAULT_USERS, DENIED_MESSAGE } from './auth';
export {
  formatCablecastDate,
  parseCablecastDate,
  SimulatorClock,
  type ParsedCablecastDate,
} from './cablecast-date';
export type {
  FaultKind,
  FaultRule,
  SeedOptions,
  Simulator,
  SimulatorOptions,
  SimulatorStats,
  SimulatorUser,
  TunableOptions,
} from './simulator.types';
export type * from './simulator.dtos';

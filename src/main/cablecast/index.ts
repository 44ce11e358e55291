export { CablecastError, deliveryOf, type Delivery } from './cablecast.errors';
export * from './cablecast.schemas';
export type { InvalidRecord } from './cablecast.envelope';
export {
  CablecastClient,
  SHOW_BATCH_SIZE,
  type CablecastClientOptions,
  type ChapterInput,
  type ShowIdList,
  type ShowWithRelations,
} from './cablecast.client';
export { testConnection } from './connection-test';

/** The dispatcher's plumbing, which every domain module and shell may import. */
export { describeCaller, localCaller, type Caller, type Transport } from './caller';
export {
  createDispatcher,
  type Dispatcher,
  type Handler,
  type Handlers,
  type HandlersFor,
} from './dispatcher';
export { errorToInfo, zodErrorToInfo } from './errors';
export { EventHub, type EventListener } from './event-hub';
export type { CoreModule, ModuleHealth } from './module';

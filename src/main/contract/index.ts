/** The dispatcher's plumbing, which every domain module and shell may import. */
export {
  describeCaller,
  localCaller,
  roleCaller,
  whoAmI,
  type Caller,
  type Transport,
} from './caller';
export {
  createDispatcher,
  type AuditedCall,
  type Dispatcher,
  type Handlers,
  type HandlersFor,
} from './dispatcher';
export { errorToInfo, zodErrorToInfo } from './errors';
export { EventHub } from './event-hub';
export type { CoreModule } from './module';

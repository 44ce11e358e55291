/** The dispatcher's plumbing, which every domain module and shell may import. */
export { localCaller } from './caller';
export { createDispatcher, type Dispatcher, type Handlers, type HandlersFor } from './dispatcher';
export { errorToInfo } from './errors';
export { EventHub } from './event-hub';
export type { CoreModule } from './module';

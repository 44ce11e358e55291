import type { MethodName } from '../../shared/contract';
import type { ScheduleDefinition } from '../jobs/scheduler';
import type { Handlers } from './dispatcher';

/** What a module says of its own health, for the health panel and the health endpoint. */
export interface ModuleHealth {
  status: 'ok' | 'degraded' | 'down';
  /** In words, for the operator. */
  message: string;
}

/**
 * The one shape of a domain of the core. The composition root starts the modules in order,
 * merges their handlers into the dispatcher's, and disposes them in reverse order; `dispose`
 * waits for running work to stop between batches before the store it writes to closes.
 */
export interface CoreModule<M extends MethodName = never> {
  readonly name: string;
  readonly handlers: Pick<Handlers, M>;
  /** Begins background work (timers, watchers, a first scan); returns once it is under way. */
  start(): Promise<void> | void;
  dispose(): Promise<void>;
  health?(): Promise<ModuleHealth> | ModuleHealth;
  /**
   * Its recurring work (a sync every few minutes, a nightly publish): the root declares each on
   * the scheduler, which runs them on the job runner and lists them on the Schedules screen.
   */
  readonly schedules?: readonly ScheduleDefinition[];
}

/**
 * The durable job runner: publishing, scheduled runs and webhook deliveries are kinds of job, not
 * queues of their own. Plumbing: it knows no domain.
 */
export { backoffMs, classify, JobError, type Backoff } from './job-error';
export {
  DEFAULT_KIND_OPTIONS,
  JobRunner,
  type EnqueueOptions,
  type JobContext,
  type JobHandler,
  type JobRunnerOptions,
  type KindOptions,
} from './job-runner';
export { JobsRepo, type Job, type ReorderTarget } from './jobs.repo';
export {
  JOB_ERROR_CLASSES,
  JOB_STATES,
  TERMINAL_STATES,
  type JobErrorClass,
  type JobState,
} from './jobs.schema';
export { compileSpec, machineTimeZone, type CompiledSpec } from './schedule-spec';
export {
  Scheduler,
  type ScheduleContext,
  type ScheduleDefinition,
  type ScheduleOutcome,
  type SchedulerOptions,
} from './scheduler';

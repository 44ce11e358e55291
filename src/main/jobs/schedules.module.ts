import type { MethodName } from '../../shared/contract';
import type { CoreModule, EventHub } from '../contract';
import type { Scheduler } from './scheduler';

type SchedulesMethod = Extract<MethodName, `schedules.${string}`>;

export interface SchedulesModule extends CoreModule<SchedulesMethod> {
  readonly scheduler: Scheduler;
}

/**
 * The schedules list and its controls. The scheduler runs its work on the job runner, so it starts
 * after every module has declared its schedules, and stops before the runner does.
 */
export function createSchedulesModule(options: {
  scheduler: Scheduler;
  hub: EventHub;
  /** False: the schedules are listed but nothing of them runs here (the command line). */
  run?: boolean;
}): SchedulesModule {
  const { scheduler, hub } = options;
  let unsubscribe: (() => void) | null = null;
  return {
    name: 'schedules',
    scheduler,
    handlers: {
      'schedules.list': () => scheduler.status(),
      'schedules.runNow': ({ id }) => scheduler.runNow(id),
      'schedules.pause': ({ id }) => scheduler.pause(id),
      'schedules.resume': ({ id }) => scheduler.resume(id),
      'schedules.update': ({ id, spec }) => scheduler.setSpec(id, spec),
    },
    start() {
      if (options.run === false) {
        scheduler.hold();
        return;
      }
      let zone = scheduler.status().timeZone;
      unsubscribe = hub.subscribe((event) => {
        if (event !== 'settings.changed') return;
        const next = scheduler.status().timeZone;
        if (next !== zone) {
          zone = next;
          scheduler.timeZoneChanged();
        } else {
          // A setting may have switched a schedule on or off (auto-publish): look now.
          scheduler.tick();
          scheduler.announce();
        }
      });
      scheduler.start();
    },
    dispose() {
      unsubscribe?.();
      scheduler.dispose();
      return Promise.resolve();
    },
  };
}

import type { SettingsView } from '../../shared/settings';
import type { CoreModule, EventHub } from '../contract';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import { SettingsService } from './settings.service';
import {
  exportSettings,
  inFile,
  readSettingsFile,
  type ScheduleSettingsPort,
} from './settings-transfer';

const nowDate = (): Date => new Date();
import type { SettingsStore } from './settings-store';

interface SettingsModule extends CoreModule<
  'settings.get' | 'settings.update' | 'settings.export' | 'settings.import'
> {
  readonly service: SettingsService;
  /** The view the renderer is shown (with what the root adds to it, such as the demo's address). */
  view(): Promise<SettingsView>;
}

interface SettingsModuleOptions {
  store: SettingsStore;
  secrets: SecretStore;
  env: Record<string, string | undefined>;
  hub: EventHub;
  logger: Logger;
  /** Adds what is not saved to the view (the demo server's live address). */
  present?: (view: SettingsView) => SettingsView;
  /**
   * Runs after a saved change, before its view is returned (starting the demo server, stopping
   * what talked to a previous server); returns what it did in words, for the view's `applied`.
   */
  applied?: () => Promise<string[] | void>;
  /** The schedules a settings file carries (the scheduler; read when a file is made or read). */
  schedules: () => ScheduleSettingsPort;
  now?: () => Date;
}

/** Settings: the saved document, the environment's defaults, and the keychain's password. */
export function createSettingsModule(options: SettingsModuleOptions): SettingsModule {
  const { hub, logger } = options;
  const present = options.present ?? ((view: SettingsView) => view);
  const service = new SettingsService({
    store: options.store,
    secrets: options.secrets,
    env: options.env,
    // Subscribers get the view the renderer would ask for.
    onChange: () => {
      view().then(
        (v) => hub.emit('settings.changed', v),
        (error: unknown) => logger.warn('settings view failed', { error }),
      );
    },
  });
  async function view(): Promise<SettingsView> {
    return present(await service.view());
  }
  return {
    name: 'settings',
    service,
    view,
    handlers: {
      'settings.get': () => view(),
      'settings.update': async (patch) => {
        await service.update(patch);
        const applied = (await options.applied?.()) ?? [];
        const current = await view();
        return applied.length === 0 ? current : { ...current, applied };
      },
      'settings.export': () =>
        exportSettings(service.get(), options.schedules().list(), (options.now ?? nowDate)()),
      'settings.import': async ({ content }) => {
        // Everything is checked before anything is applied: a bad value anywhere changes nothing.
        const file = readSettingsFile(content);
        let patch;
        try {
          patch = service.check(file.settings);
        } catch (error) {
          throw inFile(error, 'settings');
        }
        const schedules = options.schedules();
        schedules.check(file.schedules);
        const changed = service.differences(patch);
        await service.update(patch);
        changed.push(...schedules.apply(file.schedules));
        const applied = (await options.applied?.()) ?? [];
        logger.info('settings imported', { changed });
        const current = await view();
        return { view: applied.length === 0 ? current : { ...current, applied }, changed };
      },
    },
    async start() {
      const warnings = await service.init();
      for (const warning of warnings) logger.warn('settings', { warning });
    },
    async dispose() {},
  };
}

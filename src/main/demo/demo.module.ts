import type { SettingsView } from '../../shared/settings';
import type { CoreModule } from '../contract';
import type { LibraryService } from '../library/library.service';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings.service';
import { ensureDemoLibrary } from './demo-library';
import { DemoServer } from './demo-server';

interface DemoModules {
  /** The built-in simulator as the demo mode's Cablecast server, and `demo.use`. */
  readonly server: CoreModule<'demo.use'>;
  /**
   * The demo's sample recordings, written in the background and added as a storage folder. A
   * module of its own so that it is disposed before the library it adds a folder to.
   */
  readonly recordings: CoreModule;
  readonly demo: DemoServer;
  /** In demo mode: starts the server, and the sample recordings once. */
  ensureRunning(): Promise<void>;
  /** Adds the demo server's live address to a settings view (it changes every run, never saved). */
  present(view: SettingsView): SettingsView;
}

interface DemoModuleOptions {
  dataDir: string;
  /** Shows seeded into the demo server. */
  shows: number;
  /** Add sample recordings of the demo catalog as a storage folder (default true). */
  samples: boolean;
  settings: SettingsService;
  view: () => Promise<SettingsView>;
  library: LibraryService;
  logger: Logger;
  /** After switching to the demo server: stops what talked to the previous one, says what. */
  switched?: () => Promise<string[]>;
}

export function createDemoModules(options: DemoModuleOptions): DemoModules {
  const { settings, logger } = options;
  const demo = new DemoServer({ shows: options.shows });
  let recordings: Promise<void> | null = null;

  async function ensureRunning(): Promise<void> {
    if (settings.get().cablecast.mode !== 'demo') return;
    await demo.start();
    if (!options.samples || recordings !== null) return;
    // In the background: writing the sample videos takes a few seconds.
    recordings = ensureDemoLibrary({
      dataDir: options.dataDir,
      demo,
      library: options.library,
      logger,
    }).catch((error: unknown) => logger.warn('demo recordings could not be made', { error }));
  }

  return {
    demo,
    ensureRunning,
    present(view) {
      if (view.settings.cablecast.mode === 'demo' && demo.url) {
        view.settings.cablecast.serverUrl = demo.url;
        view.settings.cablecast.username = 'demo';
      }
      return view;
    },
    server: {
      name: 'demo',
      handlers: {
        'demo.use': async () => {
          await demo.start();
          await settings.update({ cablecast: { mode: 'demo' } });
          await ensureRunning();
          const applied = (await options.switched?.()) ?? [];
          const view = await options.view();
          return applied.length === 0 ? view : { ...view, applied };
        },
      },
      start: ensureRunning,
      dispose: () => demo.stop(),
    },
    recordings: {
      name: 'demo recordings',
      handlers: {},
      start() {},
      async dispose() {
        await recordings;
      },
    },
  };
}

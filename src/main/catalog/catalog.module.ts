import type { MethodName } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { CoreModule, EventHub, HandlersFor } from '../contract';
import type { CablecastClient } from '../cablecast';
import type { AppDatabase } from '../db/database';
import type { Logger } from '../logging/logger';
import { CatalogRepo } from './catalog.repo';
import { ChaptersService } from './chapters.service';
import { CatalogShowReader, type ShowReader } from './show-reader';
import { SyncStateRepo } from './sync-state.repo';
import { catalogSchedules } from './sync.schedules';
import { SyncService } from './sync.service';

type CatalogMethod = Extract<
  MethodName,
  `shows.${string}` | `catalog.${string}` | `sync.${string}`
>;
export type CatalogHandlers = HandlersFor<'shows' | 'catalog' | 'sync'>;

export interface CatalogModule extends CoreModule<CatalogMethod> {
  readonly repo: CatalogRepo;
  readonly sync: SyncService;
  readonly chapters: ChaptersService;
  /** How other domains read shows. */
  readonly shows: ShowReader;
  /** Cancels a running sync and waits for it to stop. */
  dispose(): Promise<void>;
}

export interface CatalogModuleOptions {
  database: AppDatabase;
  hub: EventHub;
  logger: Logger;
  client: () => Promise<CablecastClient | null>;
  locationId: () => number | null;
  /** Batches in flight during a sync. */
  concurrency?: number;
}

/** The show catalog's services and the contract handlers that reach them. */
export function createCatalogModule(options: CatalogModuleOptions): CatalogModule {
  const { hub } = options;
  const repo = new CatalogRepo(options.database);
  const sync = new SyncService({
    repo,
    state: new SyncStateRepo(options.database),
    client: options.client,
    locationId: options.locationId,
    logger: options.logger,
    onProgress: (status) => hub.emit('sync.progress', status),
    onCatalogChanged: (showCount) => hub.emit('catalog.changed', { showCount }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  const chapters = new ChaptersService({ repo, client: options.client });
  const handlers: CatalogHandlers = {
    'shows.search': (query) => repo.search(query),
    'shows.ids': (query) => ({ ids: repo.ids(query) }),
    'shows.get': ({ id }) => {
      const show = repo.get(id);
      if (show === null) throw new AppError('NOT_FOUND', `Show ${id} is not in the local catalog.`);
      return show;
    },
    'shows.chapters': ({ id }) => chapters.chapters(id),
    'catalog.facets': () => repo.facets(),
    'catalog.fileStores': () => ({ fileStores: repo.fileStores() }),
    'sync.status': () => sync.status(),
    'sync.start': ({ mode }) => sync.start(mode),
    'sync.cancel': () => sync.cancel(),
  };
  return {
    name: 'catalog',
    repo,
    sync,
    chapters,
    shows: new CatalogShowReader(options.database),
    handlers,
    schedules: catalogSchedules(sync),
    start() {},
    dispose: () => sync.dispose(),
  };
}

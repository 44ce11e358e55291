import type { MethodName } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { CoreModule, EventHub, HandlersFor } from '../contract';
import type { CablecastClient } from '../cablecast';
import type { AppDatabase } from '../db/database';
import type { Logger } from '../logging/logger';
import { CatalogRepo } from './catalog.repo';
import { ChaptersService } from './chapters.service';
import { ShowEditsRepo } from './show-edits.repo';
import { ShowEditsService } from './show-edits.service';
import { CatalogShowReader, type ShowReader, type VodViewsReader } from './show-reader';
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
  /** Metadata edits and the two-way metadata sync. */
  readonly edits: ShowEditsService;
  /** How other domains read shows. */
  readonly shows: ShowReader;
  /** The VODs' view counts, for analytics. */
  readonly views: VodViewsReader;
  /** Cancels a running sync and waits for it to stop. */
  dispose(): Promise<void>;
}

export interface CatalogModuleOptions {
  database: AppDatabase;
  hub: EventHub;
  logger: Logger;
  client: () => Promise<CablecastClient | null>;
  locationId: () => number | null;
  /** Which server the settings name: part of what a sync's watermark covers. */
  serverKey?: () => string;
  /** Batches in flight during a sync. */
  concurrency?: number;
  /** The clock edits are stamped with (a test moves it). */
  now?: () => Date;
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
    ...(options.serverKey === undefined ? {} : { serverKey: options.serverKey }),
  });
  const chapters = new ChaptersService({ repo, client: options.client });
  const shows = new CatalogShowReader(options.database);
  const edits = new ShowEditsService({
    edits: new ShowEditsRepo(options.database),
    catalog: repo,
    reader: shows,
    client: options.client,
    logger: options.logger,
    ...(options.now === undefined ? {} : { now: options.now }),
    onChanged: (event) => hub.emit('shows.editsChanged', event),
    onCatalogChanged: () => hub.emit('catalog.changed', { showCount: repo.showCount() }),
  });
  const handlers: CatalogHandlers = {
    'shows.search': (query) => repo.search(query),
    'shows.ids': (query) => ({ ids: repo.ids(query) }),
    'shows.get': ({ id }) => {
      const show = repo.get(id);
      if (show === null) throw new AppError('NOT_FOUND', `Show ${id} is not in the local catalog.`);
      return { ...show, edits: edits.view(id) };
    },
    'shows.metadata': ({ id }) => {
      const view = shows.metadata(id);
      if (view === null) {
        throw new AppError('NOT_FOUND', `Show ${id} is not in the local catalog, or was deleted.`);
      }
      return view;
    },
    'shows.edit': (input) => edits.edit(input),
    'shows.discardEdits': ({ id, keys }) => edits.discard(id, keys),
    'shows.resolveEdits': ({ id, take }) => {
      const view = edits.resolve(id, take);
      // What the operator kept is written now rather than at the next scheduled sync.
      if (take.some((t) => t.side === 'local')) {
        edits.run({ ids: [id] }).catch((error: unknown) => {
          options.logger.warn('metadata sync after a resolve failed', {
            showId: id,
            message: error instanceof Error ? error.message : String(error),
          });
        });
      }
      return view;
    },
    'shows.pushEdits': ({ ids }) => edits.run(ids === undefined ? {} : { ids }),
    'shows.editCounts': () => edits.counts(),
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
    edits,
    shows,
    views: shows,
    handlers,
    schedules: catalogSchedules(sync, edits),
    start() {},
    dispose: async () => {
      await Promise.all([sync.dispose(), edits.dispose()]);
    },
  };
}

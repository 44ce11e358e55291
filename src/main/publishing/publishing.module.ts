import { join } from 'node:path';
import type { MethodName } from '../../shared/contract';
import type { CablecastClient } from '../cablecast';
import type { VodPublished } from '../../shared/publishing';
import type { CatalogRepo } from '../catalog/catalog.repo';
import type { ShowReader } from '../catalog/show-reader';
import { describeCaller, type CoreModule, type EventHub } from '../contract';
import type { AppDatabase } from '../db/database';
import type { JobRunner, KindOptions } from '../jobs';
import type { LibraryPublishing } from '../library/publish-source';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings.service';
import type { LocalShow } from './publish-pipeline';
import { autoPublishSchedule } from './auto-publish.schedule';
import { PublishingRepo } from './publishing.repo';
import { PublishingService } from './publishing.service';

type PublishMethod = Extract<MethodName, `publish.${string}`>;

export interface PublishingModule extends CoreModule<PublishMethod> {
  readonly service: PublishingService;
}

export interface PublishingModuleOptions {
  database: AppDatabase;
  /** The core's one job runner (started by the root once every kind is registered). */
  runner: JobRunner;
  hub: EventHub;
  logger: Logger;
  dataDir: string;
  library: LibraryPublishing;
  catalog: CatalogRepo;
  shows: ShowReader;
  settings: SettingsService;
  client: () => Promise<CablecastClient | null>;
  /** Writes a publication's announcement in the transaction that records it (the webhook outbox). */
  announce?: (event: VodPublished) => void;
  /** Tests and the crash test: shorter quarantine, backoff, lease; smaller chunks; faster polls. */
  tuning?: {
    kind?: KindOptions;
    chunkBytes?: number;
    pollMs?: { first: number; max: number };
    /** The core's job runner's poll (the root reads it when it builds the runner). */
    runnerPollMs?: number;
  };
}

/** The publish queue: its service, and the contract handlers that reach it. */
export function createPublishingModule(options: PublishingModuleOptions): PublishingModule {
  const { hub, settings, catalog } = options;
  const localShow = (id: number): LocalShow | null => {
    const show = catalog.get(id);
    return show
      ? {
          title: show.title,
          cgTitle: show.cgTitle,
          comments: show.comments,
          deleted: show.deletedAt !== null,
        }
      : null;
  };
  const service = new PublishingService({
    runner: options.runner,
    repo: new PublishingRepo(options.database),
    library: options.library,
    client: options.client,
    localShow,
    showMetadata: (id) => options.shows.metadata(id),
    vodConfigurations: () => catalog.vodConfigurations(),
    fileStores: () => catalog.fileStores(),
    settings: () => settings.get().publishing,
    requestTimeoutMs: () => settings.get().cablecast.timeoutMs,
    workDir: join(options.dataDir, 'publishing'),
    logger: options.logger,
    events: {
      changed: (status, jobIds) => hub.emit('publish.changed', { status, jobIds }),
      progress: (row) => hub.emit('publish.progress', row),
      published: (event) => {
        options.logger.info('vod published', {
          jobId: event.jobId,
          showId: event.showId,
          vodId: event.vod.vodId,
        });
        hub.emit('vod.published', event);
      },
      failed: (event) => {
        options.logger.warn('publish failed', {
          jobId: event.jobId,
          showId: event.showId,
          reason: event.reason,
        });
        hub.emit('publish.failed', event);
      },
    },
    ...(options.announce === undefined ? {} : { announce: options.announce }),
    ...serviceTuning(options.tuning),
  });
  let unsubscribe: (() => void) | null = null;
  return {
    name: 'publishing',
    service,
    schedules: [autoPublishSchedule(service, settings)],
    handlers: {
      'publish.plan': (input) => service.plan(input),
      'publish.enqueue': (input, caller) =>
        service.enqueue(input, 'operator', describeCaller(caller)),
      'publish.list': (filter) => service.list(filter),
      'publish.get': ({ id }) => service.get(id),
      'publish.batch': ({ batchId }) => service.batch(batchId),
      'publish.pause': () => service.pause(),
      'publish.resume': () => service.resume(),
      'publish.cancel': ({ id }) => service.cancel(id),
      'publish.retry': ({ id }) => service.retry(id),
      'publish.check': ({ id }) => service.check(id),
      'publish.markDone': ({ id, note }) => service.markDone(id, note),
      'publish.reorder': ({ id, beforeId }) => service.reorder(id, beforeId),
    },
    start() {
      unsubscribe = hub.subscribe((event) => {
        if (event === 'settings.changed') service.settingsChanged();
      });
      service.start();
    },
    async dispose() {
      unsubscribe?.();
      await service.dispose();
    },
  };
}

function serviceTuning(
  tuning: PublishingModuleOptions['tuning'],
): Omit<NonNullable<PublishingModuleOptions['tuning']>, 'runnerPollMs'> {
  if (!tuning) return {};
  const { runnerPollMs: _runnerPollMs, ...rest } = tuning;
  return rest;
}

import type { TranscriptionCompleted } from '../../shared/library';
import type { AppEvents, MethodName } from '../../shared/contract';
import type { ShowReader } from '../catalog/show-reader';
import type { CoreModule, EventHub, HandlersFor } from '../contract';
import type { AppDatabase } from '../db/database';
import type { Logger } from '../logging/logger';
import { plural } from './enhance/text';
import { LibraryService, type Prober, type RescanSchedule } from './library.service';
import { RecordingsRepo } from './recordings.repo';

type LibraryMethod = Extract<MethodName, `library.${string}`>;
export type LibraryHandlers = HandlersFor<'library'>;

export interface LibraryModule extends CoreModule<LibraryMethod> {
  readonly service: LibraryService;
  /** Resolves a recording's video for the shells that play it. */
  readonly media: LibraryService;
  readonly handlers: LibraryHandlers;
  /** Starts the periodic rescan and scans once (in the background). */
  start(): void;
  dispose(): Promise<void>;
}

export interface LibraryModuleOptions {
  database: AppDatabase;
  hub: EventHub;
  logger: Logger;
  /** The catalog's shows, read-only (the catalog module's `shows`). */
  shows: ShowReader;
  prober: Prober;
  settleMs?: number;
  watch?: boolean;
  /** When the folders are rescanned: the `library.rescan` schedule (the root wires it). */
  rescan?: RescanSchedule;
  /** Writes a completion's announcement in the transaction that stores it (the webhook outbox). */
  announce?: (payload: TranscriptionCompleted) => void;
}

/** The schedule that rescans the storage folders. */
export const RESCAN_SCHEDULE = 'library.rescan';

/** The transcriptions library's service and the contract handlers that reach it. */
export function createLibraryModule(options: LibraryModuleOptions): LibraryModule {
  const { hub } = options;
  const service = new LibraryService({
    repo: new RecordingsRepo(options.database),
    shows: options.shows,
    prober: options.prober,
    logger: options.logger,
    events: {
      changed: (counts, scanning) => hub.emit('library.changed', { counts, scanning }),
      completed: (payload) => {
        options.logger.info('transcription completed', {
          recordingId: payload.recordingId,
          fileName: payload.fileName,
        });
        hub.emit('transcription.completed', payload);
      },
      committing: (payloads) => {
        for (const payload of payloads) options.announce?.(payload);
      },
    },
    ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
    ...(options.watch === undefined ? {} : { watch: options.watch }),
    ...(options.rescan === undefined ? {} : { rescan: options.rescan }),
  });
  // File keys that name shows not synced yet resolve once the catalog has them. A sync announces
  // a change every half second while it writes: links and suggestions follow once it ends, so
  // the link index is built once per sync, not once per batch.
  let syncing = false;
  let changedDuringSync = false;
  const follow = (): void => {
    service.catalogChanged().catch((error: unknown) => {
      options.logger.warn('relinking after a catalog change failed', { error });
    });
  };
  const unsubscribe = hub.subscribe((event, payload) => {
    if (event === 'sync.progress') {
      syncing = (payload as AppEvents['sync.progress']).running;
      if (!syncing && changedDuringSync) {
        changedDuringSync = false;
        follow();
      }
    } else if (event === 'catalog.changed') {
      if (syncing) changedDuringSync = true;
      else follow();
    }
  });
  const handlers: LibraryHandlers = {
    'library.status': () => service.status(),
    'library.folders.add': ({ path }) => service.addFolder(path),
    'library.folders.remove': ({ path }) => service.removeFolder(path),
    'library.scan': async () => {
      await service.scan();
      return service.status();
    },
    'library.schedule': ({ rescanIntervalSec }) => service.setRescanInterval(rescanIntervalSec),
    'library.list': (filter) => ({ rows: service.list(filter) }),
    'library.get': ({ id }) => service.get(id),
    'library.captions': ({ id }) => service.captions(id),
    'library.link': ({ id, showId }) => service.link(id, showId),
    'library.unlink': ({ id }) => service.unlink(id),
    'library.draft.propose': (input) => service.proposeDraft(input),
    'library.draft.save': (input) => service.saveDraft(input),
  };
  return {
    name: 'library',
    service,
    media: service,
    handlers,
    schedules: [
      {
        id: RESCAN_SCHEDULE,
        title: 'Storage folder rescan',
        description:
          'Looks through the storage folders for new, changed and removed recordings (network shares send no change events).',
        defaultSpec: { kind: 'interval', seconds: 60 },
        async run() {
          await service.scan();
          const status = service.status();
          const recordings = Object.values(status.counts).reduce((a, b) => a + b, 0);
          const problems = status.folders.filter((f) => f.problem !== null).length;
          const unread = problems > 0 ? `; ${plural(problems, 'folder')} could not be read` : '';
          return {
            result: problems > 0 ? 'failed' : 'ok',
            message: `${plural(recordings, 'recording')} in ${plural(status.folders.length, 'folder')}${unread}.`,
          };
        },
      },
    ],
    start() {
      service.start().catch((error: unknown) => {
        options.logger.error('library start failed', { error });
      });
    },
    async dispose() {
      unsubscribe();
      await service.dispose();
    },
  };
}

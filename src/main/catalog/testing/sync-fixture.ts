import { join } from 'node:path';
import type { SyncStatus } from '../../../shared/catalog';
import { CablecastClient, type CablecastClientOptions } from '../../cablecast';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../../db/database';
import { makeTempDir } from '../../db/testing/migration-fixtures';
import { silentLogger } from '../../logging/logger';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { CatalogRepo } from '../catalog.repo';
import { SyncStateRepo } from '../sync-state.repo';
import { SyncService, type SyncServiceOptions } from '../sync.service';

/** A seed whose newest lastModified is long past, so no test depends on today's date. */
export const PAST_SEED_UNTIL = '2026-06-30T23:59:59';

export interface SyncFixtureOptions {
  shows?: number;
  locations?: number;
  simulator?: Omit<SimulatorOptions, 'seed'>;
  client?: Partial<CablecastClientOptions>;
  service?: Partial<
    Pick<
      SyncServiceOptions,
      'concurrency' | 'progressIntervalMs' | 'changedIntervalMs' | 'watermarkMarginMs'
    >
  >;
  locationId?: number | null;
}

/**
 * A sync against a real simulator on 127.0.0.1 and a real SQLite file: the client signs in (as
 * the app does), every progress event and catalog.changed is recorded.
 */
export class SyncFixture {
  readonly events: SyncStatus[] = [];
  readonly changed: number[] = [];
  locationId: number | null;
  client: CablecastClient | null;
  readonly repo: CatalogRepo;
  readonly state: SyncStateRepo;
  service: SyncService;
  /** Called with every progress event, after it is recorded (tests act mid-sync from here). */
  onProgress: (status: SyncStatus) => void = () => {};
  /** `ids[]` batches the client asked for (unlike the server's count, none from an earlier run). */
  batchesFetched = 0;

  private constructor(
    readonly sim: Simulator,
    readonly database: AppDatabase,
    private readonly temp: { dir: string; remove(): void },
    private readonly options: SyncFixtureOptions,
  ) {
    this.locationId = options.locationId ?? null;
    this.client = SyncFixture.makeClient(sim, options.client);
    const client = this.client;
    const getShowsBatch = client.getShowsBatch.bind(client);
    client.getShowsBatch = (ids, batchOptions) => {
      this.batchesFetched += 1;
      return getShowsBatch(ids, batchOptions);
    };
    this.repo = new CatalogRepo(database);
    this.state = new SyncStateRepo(database);
    this.service = this.makeService();
  }

  static async start(options: SyncFixtureOptions = {}): Promise<SyncFixture> {
    const sim = await startSimulator({
      ...options.simulator,
      seed: {
        shows: options.shows ?? 250,
        randomSeed: 11,
        locations: options.locations ?? 1,
        until: PAST_SEED_UNTIL,
      },
    });
    const temp = makeTempDir('archivist-sync-');
    const database = openDatabase({
      file: join(temp.dir, 'archivist.sqlite'),
      migrationsDir: defaultMigrationsDir(),
    });
    return new SyncFixture(sim, database, temp, options);
  }

  static makeClient(
    sim: Simulator,
    options: Partial<CablecastClientOptions> = {},
  ): CablecastClient {
    return new CablecastClient({
      serverUrl: sim.url,
      username: 'admin',
      password: 'admin',
      timeoutMs: 5_000,
      maxRetries: 2,
      retryDelayMs: 1,
      offsetMode: 'auto',
      ...options,
    });
  }

  /** A new service on the same database, as after an app restart. */
  makeService(): SyncService {
    return new SyncService({
      repo: this.repo,
      state: this.state,
      client: () => Promise.resolve(this.client),
      locationId: () => this.locationId,
      logger: silentLogger,
      onProgress: (status) => {
        this.events.push(status);
        this.onProgress(status);
      },
      onCatalogChanged: (count) => this.changed.push(count),
      progressIntervalMs: 0,
      ...this.options.service,
    });
  }

  /** Requests for a path since the last reset (e.g. `/shows` = ids[] batches). */
  requests(path: string): number {
    return this.sim.stats.byPath.get(path) ?? 0;
  }

  /** Show ids the server has (at a location, or all). */
  serverIds(locationId: number | null = this.locationId): number[] {
    return [...this.sim.data.showIds()]
      .filter((id) => locationId === null || this.sim.data.showKeysOf(id)?.location === locationId)
      .sort((a, b) => a - b);
  }

  localIds(): number[] {
    return this.repo.liveIds(null).sort((a, b) => a - b);
  }

  /** Shows whose local title or lastModified differs from the server's (empty = in step). */
  differences(): number[] {
    return this.serverIds().filter((id) => {
      const local = this.repo.get(id);
      const remote = this.sim.data.getShow(id);
      return (
        local === null ||
        local.deletedAt !== null ||
        local.title !== remote?.title ||
        local.lastModified !== remote.lastModified
      );
    });
  }

  async close(): Promise<void> {
    await this.service.dispose();
    await this.sim.close();
    this.database.close();
    this.temp.remove();
  }
}

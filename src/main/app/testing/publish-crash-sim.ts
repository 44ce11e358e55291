/**
 * The Cablecast simulator in a process of its own, for the publish crash test and the publishing
 * benchmarks: it outlives every kill of the app, as a station's server does. Run through `fork`
 * with its options as JSON; it makes the fresh shows (one reel, no file, no VOD, so a publish
 * runs every step), answers `{ type: 'ready', url, showIds }`, and then takes commands.
 */
import { startSimulator, type FaultRule } from '../../simulator';

export interface CrashSimOptions {
  /** New shows to make, each with one reel and no VOD. */
  freshShows: number;
  transcodeMs: number;
  vodQueueMs: number;
  uploadProcessingMs: number;
  uploadChecksums: boolean;
  /** Commit-then-drop and 503 on every write, by probability (seeded). */
  writeFaults: { dropAfterCommit: number; unavailable: number } | null;
  randomSeed?: number;
}

export interface UploadReport {
  fileName: string;
  /** `POST /fileuploads` of this name. */
  created: number;
  /** Uploads of this name that became an asset. */
  finished: number;
  segments: number;
  bytesReceived: number;
  bytesResent: number;
  /** Segments that arrived more than once: each extra arrival counts. */
  resentSegments: number;
}

export interface CrashSimReport {
  /** Shows with more than one `POST /vods`, with the count. */
  duplicateVods: [number, number][];
  /** (vod, offset, title) created more than once through `POST /chapters`. */
  duplicateChapters: number;
  /** Every fresh show's VODs, by show id. */
  vodsOf: Record<number, number[]>;
  uploads: UploadReport[];
  requests: number;
}

export type CrashSimCommand =
  | { type: 'report' }
  | { type: 'faults'; on: boolean }
  | { type: 'reset-stats' }
  | { type: 'close' };

export type CrashSimReply =
  | { type: 'ready'; url: string; showIds: number[] }
  | { type: 'report'; report: CrashSimReport }
  | { type: 'ok' };

const WRITES = ['POST', 'PUT', 'DELETE'];

/** Rules for the writes: the drop first, so each failure keeps its own share of the requests. */
function writeFaultRules(faults: NonNullable<CrashSimOptions['writeFaults']>): FaultRule[] {
  // A request fails one way only: the 503's probability is of the requests the drop left alone.
  const unavailable = faults.unavailable / Math.max(1e-9, 1 - faults.dropAfterCommit);
  return WRITES.flatMap((method): FaultRule[] => [
    { kind: 'drop', method, afterHandling: true, probability: faults.dropAfterCommit },
    { kind: 'status', value: 503, method, probability: Math.min(1, unavailable) },
  ]);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as CrashSimOptions;
  const sim = await startSimulator({
    seed: { shows: 20, randomSeed: options.randomSeed ?? 7 },
    transcodeMs: options.transcodeMs,
    vodQueueMs: options.vodQueueMs,
    uploadProcessingMs: options.uploadProcessingMs,
    uploadChecksums: options.uploadChecksums,
  });
  const showIds = Array.from({ length: options.freshShows }, (_, i) => {
    const show = sim.data.addShow({ title: `City Council Regular Meeting ${i + 1}` });
    sim.data.addReel(show.id, { length: 3600 });
    return show.id;
  });
  const faults = options.writeFaults ? writeFaultRules(options.writeFaults) : [];
  sim.setFaults(faults);

  const reply = (message: CrashSimReply): void => {
    process.send?.(message);
  };

  const report = (): CrashSimReport => {
    sim.publishing.tick();
    const byName = new Map<string, UploadReport>();
    for (const upload of sim.publishing.listUploads()) {
      const name = upload.fileName.toLowerCase();
      const entry = byName.get(name) ?? {
        fileName: upload.fileName,
        created: sim.publishing.uploadsCreated(upload.fileName),
        finished: 0,
        segments: 0,
        bytesReceived: 0,
        bytesResent: 0,
        resentSegments: 0,
      };
      const stats = sim.publishing.uploadStats(upload.id);
      if (upload.state === 5) entry.finished += 1;
      entry.segments += stats?.segments.length ?? 0;
      entry.bytesReceived += stats?.bytesReceived ?? 0;
      entry.bytesResent += stats?.bytesResent ?? 0;
      for (const segment of stats?.segments ?? []) entry.resentSegments += segment.receipts - 1;
      byName.set(name, entry);
    }
    return {
      duplicateVods: [...sim.publishing.duplicateVods()],
      duplicateChapters: sim.publishing.duplicateChapters().length,
      vodsOf: Object.fromEntries(
        showIds.map((id) => [id, [...(sim.data.shows.get(id)?.vods ?? [])]]),
      ),
      uploads: [...byName.values()],
      requests: sim.stats.requests,
    };
  };

  process.on('message', (command: CrashSimCommand) => {
    switch (command.type) {
      case 'report':
        reply({ type: 'report', report: report() });
        return;
      case 'faults':
        sim.setFaults(command.on ? faults : []);
        reply({ type: 'ok' });
        return;
      case 'reset-stats':
        sim.resetStats();
        reply({ type: 'ok' });
        return;
      case 'close':
        void sim.close().then(() => process.disconnect());
        return;
    }
  });
  reply({ type: 'ready', url: sim.url, showIds });
}

await main();

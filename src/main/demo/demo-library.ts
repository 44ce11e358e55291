import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSampleLibrary, sampleShowsFromSimulator } from './samples';
import type { LibraryService } from '../library/library.service';
import type { Logger } from '../logging/logger';
import type { DemoServer } from './demo-server';

/** Where the demo's sample recordings are written, inside the app's data folder. */
function demoRecordingsDir(dataDir: string): string {
  return join(dataDir, 'demo-recordings');
}

/**
 * Gives the demo something to show on the Transcriptions screen: sample recordings of the demo
 * catalog's meetings (made once, with ffmpeg when it is there) added as a storage folder, unless
 * the operator already has storage folders of their own.
 */
export async function ensureDemoLibrary(options: {
  dataDir: string;
  demo: DemoServer;
  library: LibraryService;
  logger: Logger;
}): Promise<void> {
  const { library, logger } = options;
  if (library.status().folders.length > 0) return;
  const data = options.demo.data;
  if (data === null) return;
  const dir = demoRecordingsDir(options.dataDir);
  if (!existsSync(dir)) {
    // Written beside it and renamed when complete: an app killed half-way writes them again
    // on the next start instead of keeping half a set.
    const partial = `${dir}.partial`;
    await rm(partial, { recursive: true, force: true });
    const manifest = await generateSampleLibrary(partial, {
      shows: sampleShowsFromSimulator(data),
    });
    await rename(partial, dir);
    if (manifest.message) logger.warn('demo recordings', { message: manifest.message });
    logger.info('demo recordings written', { dir, recordings: manifest.recordings.length });
  }
  await library.addFolder(dir);
}

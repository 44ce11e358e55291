// One file upload through the app's `uploadFile`, in a process of its own so the benchmark can
// kill it mid-upload and start it again. Its checkpoint is written to a file on every save (as the
// publish job's checkpoint is committed), and a start that finds one resumes from it, recovering.
// Run by publishing.bench.ts; it prints `progress N` as parts are acknowledged, then `done`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CablecastClient } from '../../src/main/cablecast';
import { uploadFile, type UploadCheckpoint } from '../../src/main/publishing/upload';

export interface UploadProcessOptions {
  url: string;
  path: string;
  fileName: string;
  chunkBytes: number;
  checkpointFile: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as UploadProcessOptions;
const client = new CablecastClient({
  serverUrl: options.url,
  username: 'admin',
  password: 'admin',
  timeoutMs: 30_000,
  maxRetries: 2,
  retryDelayMs: 100,
  offsetMode: 'auto',
});
const recovering = existsSync(options.checkpointFile);
const state = recovering
  ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as UploadCheckpoint)
  : null;
const text = await uploadFile({
  client,
  path: options.path,
  fileName: options.fileName,
  destinationStore: 1,
  chunkBytes: options.chunkBytes,
  timeoutMs: 120_000,
  signal: new AbortController().signal,
  recovering,
  state,
  save: (s) => writeFileSync(options.checkpointFile, JSON.stringify(s)),
  progress: (percent) => process.stdout.write(`progress ${percent}\n`),
  call: (_doing, fn) => fn(),
  pollMs: { first: 20, max: 100 },
});
process.stdout.write(`done ${text}\n`);

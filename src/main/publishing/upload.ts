/**
 * Getting a file onto Cablecast: a chunked, resumable upload through `fileuploads`, streamed from
 * disk one chunk at a time, or an atomic copy onto the station's mounted content drive.
 */
import { createReadStream } from 'node:fs';
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { FILE_UPLOAD_STATE, type CablecastClient } from '../cablecast';
import { JobError } from '../jobs';

/** An upload's progress as checkpointed: a restart resumes after the last acknowledged chunk. */
export interface UploadCheckpoint {
  fileName: string;
  size: number;
  chunkBytes: number;
  totalSegments: number;
  /** Null until the server gave one; `creating` marks a create that may be in flight. */
  fileUploadId: number | null;
  creating: boolean;
  /** Segments the server acknowledged, from 0. */
  acked: number;
  completed: boolean;
  assetId: number | null;
  assetPath: string | null;
  /** Bytes sent in all, counting any sent again: the crash test reads it. */
  bytesSent: number;
}

export interface UploadOptions {
  client: CablecastClient;
  path: string;
  fileName: string;
  destinationStore: number;
  chunkBytes: number;
  timeoutMs: number;
  signal: AbortSignal;
  recovering: boolean;
  state: UploadCheckpoint | null;
  save: (state: UploadCheckpoint) => void;
  progress: (percent: number) => void;
  call: <T>(doing: string, fn: () => Promise<T>) => Promise<T>;
  pollMs: { first: number; max: number };
}

/** How much of a part is read from disk at a time: one read holds at most this much memory. */
const READ_BYTES = 1024 * 1024;

const FAILED_STATES: ReadonlySet<number> = new Set([
  FILE_UPLOAD_STATE.error,
  FILE_UPLOAD_STATE.timeout,
]);

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 * 1024
    ? `${(bytes / 1024 ** 3).toFixed(2)} GB`
    : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** Uploads `path` as `fileName`; returns what it did, in words. */
export async function uploadFile(o: UploadOptions): Promise<string> {
  const { client, call, signal } = o;
  const facts = await stat(o.path);
  let state = o.state;
  if (!state || state.size !== facts.size || state.fileName !== o.fileName) {
    const chunkBytes = Math.max(1, o.chunkBytes);
    state = {
      fileName: o.fileName,
      size: facts.size,
      chunkBytes,
      totalSegments: Math.max(1, Math.ceil(facts.size / chunkBytes)),
      fileUploadId: null,
      creating: false,
      acked: 0,
      completed: false,
      assetId: null,
      assetPath: null,
      bytesSent: 0,
    };
  }
  const save = (s: UploadCheckpoint): void => o.save(s);
  if (state.assetId !== null) return `${o.fileName} is on Cablecast as asset ${state.assetId}.`;

  if (state.fileUploadId === null) {
    // The lookups first: an earlier attempt may have finished, or created the upload and lost
    // the answer. Only when both prove there is none is an upload created.
    const assets = await call(`Looking for ${o.fileName} on Cablecast`, () =>
      client.findAssets({ fileName: o.fileName }, { signal }),
    );
    const asset = assets[0];
    if (asset) {
      state.assetId = asset.id;
      state.assetPath = asset.path ?? null;
      save(state);
      return `${o.fileName} was already on Cablecast as asset ${asset.id}.`;
    }
    const uploads = await call(`Looking for an upload of ${o.fileName}`, () =>
      client.findFileUploads({ fileName: o.fileName }, { signal }),
    );
    const open = uploads.filter((u) => !FAILED_STATES.has(u.state)).sort((a, b) => b.id - a.id)[0];
    if (open) {
      state.fileUploadId = open.id;
      state.creating = false;
      // Its segments are not listed by the server: what this attempt acknowledged is all we know.
      state.completed = open.state >= FILE_UPLOAD_STATE.uploadingComplete;
      save(state);
    } else {
      state.creating = true;
      save(state);
      const created = await call(`Starting the upload of ${o.fileName}`, () =>
        client.createFileUpload(
          {
            fileName: o.fileName,
            destinationStore: o.destinationStore,
            totalSegments: state.totalSegments,
            size: state.size,
          },
          { signal },
        ),
      );
      state.fileUploadId = created.id;
      state.creating = false;
      save(state);
    }
  }
  const id = state.fileUploadId;
  if (id === null) throw JobError.ambiguous(`The upload of ${o.fileName} has no id.`);

  // The chunks after the last one acknowledged (segments are idempotent by index on the server).
  for (let index = state.acked; index < state.totalSegments && !state.completed; index++) {
    const start = index * state.chunkBytes;
    const end = Math.min(state.size, start + state.chunkBytes);
    const length = end - start;
    const current = state;
    await call(`Uploading part ${index + 1} of ${state.totalSegments} of ${o.fileName}`, () =>
      client.uploadSegment(
        id,
        index,
        // Read in pieces of up to 1 MiB: with the stream's default 64 KiB, each 5 MB part went out
        // as some eighty small writes, and uploads ran at under half a plain streaming POST's speed.
        createReadStream(o.path, {
          start,
          end: end - 1,
          highWaterMark: Math.min(length, READ_BYTES),
        }),
        {
          length,
          fileName: o.fileName,
          signal,
          timeoutMs: o.timeoutMs,
        },
      ),
    );
    current.bytesSent += length;
    current.acked = index + 1;
    save(current);
    o.progress(Math.round((end / Math.max(1, state.size)) * 100));
  }

  if (!state.completed) {
    await call(`Finishing the upload of ${o.fileName}`, () =>
      client.completeFileUpload(id, { signal }),
    );
    state.completed = true;
    save(state);
  }

  let wait = o.pollMs.first;
  for (;;) {
    const upload = await call(`Reading upload ${id}`, () => client.getFileUpload(id, { signal }));
    if (upload.state === FILE_UPLOAD_STATE.finished && upload.asset) {
      const assetId = upload.asset;
      const asset = await call(`Reading asset ${assetId}`, () =>
        client.getAsset(assetId, { signal }),
      );
      state.assetId = asset.id;
      state.assetPath = asset.path ?? null;
      save(state);
      return `Uploaded ${o.fileName} (${mb(state.size)} in ${state.totalSegments} parts) as asset ${asset.id}.`;
    }
    if (FAILED_STATES.has(upload.state)) {
      // That upload is dead on the server: the next attempt starts a new one.
      const what = upload.state === FILE_UPLOAD_STATE.timeout ? 'timed out' : 'failed';
      state.fileUploadId = null;
      state.acked = 0;
      state.completed = false;
      save(state);
      throw JobError.rejected(
        `The upload of ${o.fileName} ${what} on Cablecast; it is sent again.`,
      );
    }
    try {
      await sleep(wait, undefined, { signal });
    } catch {
      throw JobError.unreached(`Waiting for the upload of ${o.fileName}: stopped`);
    }
    wait = Math.min(o.pollMs.max, Math.round(wait * 1.5));
  }
}

/**
 * Copies `from` to `to` on a mounted share: written under a temporary name and renamed, so
 * Cablecast never indexes half a file. A file already there with the same size is kept.
 */
export async function copyToShare(
  from: string,
  to: string,
  signal: AbortSignal,
  progress: (percent: number) => void,
): Promise<string> {
  const source = await stat(from);
  const existing = await stat(to).catch(() => null);
  if (existing && existing.size === source.size) return `${to} was already on the share.`;
  if (signal.aborted) throw JobError.unreached(`Copying to ${to}: stopped`);
  const partial = `${to}.partial`;
  await rm(partial, { force: true });
  await copyFile(from, partial);
  await rename(partial, to);
  progress(100);
  return `Copied to ${to} (${mb(source.size)}).`;
}

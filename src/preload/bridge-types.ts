import type { ArchivistBridge } from '../shared/contract';

/*
 * What the preload puts on `window`, for the renderer's type checker (the web tsconfig includes
 * this file). Optional: in a plain browser (the browser host) it is absent and the renderer falls
 * back to HTTP.
 */
declare global {
  interface Window {
    archivist?: ArchivistBridge;
  }
}

export {};

import { errorMessage } from '../../shared/errors';
import {
  SettingsFileUnreadableError,
  type SettingsDocument,
  type SettingsStore,
} from './settings-store';

/**
 * A SettingsStore in a variable, for tests of other modules and for a throwaway session (the
 * browser host's demo). `raw` may be set to anything, including a string that is not JSON, to
 * play a damaged file.
 */
export class MemorySettingsStore implements SettingsStore {
  readonly path = null;
  raw: string | undefined;
  readonly setAsideCopies: string[] = [];

  constructor(initial?: unknown) {
    this.raw = initial === undefined ? undefined : JSON.stringify(initial);
  }

  read(): unknown {
    if (this.raw === undefined) return undefined;
    try {
      return JSON.parse(this.raw) as unknown;
    } catch (error) {
      throw new SettingsFileUnreadableError('(memory)', errorMessage(error));
    }
  }

  write(document: SettingsDocument): void {
    this.raw = JSON.stringify(document);
  }

  setAside(): string | null {
    if (this.raw === undefined) return null;
    this.setAsideCopies.push(this.raw);
    this.raw = undefined;
    return `(memory copy ${this.setAsideCopies.length})`;
  }
}

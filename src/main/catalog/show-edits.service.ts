/**
 * Two-way metadata sync: the operator edits a show's metadata here; a sync writes each edited field
 * to Cablecast when Cablecast still has the value the edit was made from, takes Cablecast's copy
 * of everything else, and leaves a field that changed on both sides as a conflict for the operator
 * to settle, field by field. Nothing is overwritten without a person choosing it, and a push
 * writes only the fields the operator edited.
 */
import type {
  MetadataSyncResult,
  ShowEditField,
  ShowEditInput,
  ShowEditKey,
  ShowEdits,
  ShowEditsChanged,
  ShowEditValue,
  ShowMetadataChoices,
} from '../../shared/catalog';
import { AppError } from '../../shared/result';
import { CablecastError, type CablecastClient, type Reel, type Vod } from '../cablecast';
import type { Logger } from '../logging/logger';
import { SerialLock } from '../work';
import type { StoredEditField } from './catalog.schema';
import type { CatalogRepo } from './catalog.repo';
import {
  EDITABLE_FIELD_TYPES,
  FIXED_KEYS,
  describeValue,
  fieldKey,
  fieldTypeOf,
  labelOf,
  sameFieldValue,
  showFieldOf,
  showPatchFor,
  valueOf,
  type EditSource,
} from './show-edit-fields';
import type { EditRow, ShowEditsRepo } from './show-edits.repo';
import type { ShowReader } from './show-reader';
import { toCatalogShow } from './show-record';
import { splitTags } from './show-values';

export interface ShowEditsServiceOptions {
  edits: ShowEditsRepo;
  catalog: CatalogRepo;
  reader: ShowReader;
  client: () => Promise<CablecastClient | null>;
  logger: Logger;
  now?: () => Date;
  /** Edits were made, pushed, pulled or found in conflict. */
  onChanged?: (event: ShowEditsChanged) => void;
  /** A sync wrote Cablecast's copy of shows into the catalog. */
  onCatalogChanged?: () => void;
}

type Decision =
  | { kind: 'push'; local: ShowEditValue }
  | { kind: 'agreed'; local: ShowEditValue }
  | { kind: 'conflict'; local: ShowEditValue; server: ShowEditValue };

function invalid(message: string, path: string): AppError {
  return new AppError('INVALID_ARGUMENT', message, path);
}

function keyOrder(key: string): number {
  const fixed = (FIXED_KEYS as readonly string[]).indexOf(key);
  return fixed >= 0 ? fixed : FIXED_KEYS.length + (showFieldOf(key) ?? 0);
}

export class ShowEditsService {
  private readonly lock = new SerialLock();
  private readonly now: () => Date;
  private readonly abort = new AbortController();
  /** The run in progress, to stop it alone (the server changed). */
  private current: AbortController | null = null;

  constructor(private readonly options: ShowEditsServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  counts(): { unpushed: number; inConflict: number } {
    return this.options.edits.counts();
  }

  /** A show's edits with each side in words; null when it has none. */
  view(showId: number): ShowEdits | null {
    const row = this.options.edits.get(showId);
    if (row === null) return null;
    const source = this.options.edits.source(showId);
    const choices = this.options.reader.metadata(showId)?.choices ?? null;
    const empty: EditSource = {
      cgTitle: null,
      comments: null,
      categoryId: null,
      producerId: null,
      projectId: null,
      eventDate: null,
      customFields: [],
    };
    const from = source ?? empty;
    const fields: ShowEditField[] = Object.entries(row.fields)
      .sort(([a], [b]) => keyOrder(a) - keyOrder(b))
      .map(([key, f]) => ({
        key: key as ShowEditKey,
        label: labelOf(key, from, choices),
        value: f.local,
        local: describeValue(key, f.local, choices),
        base: describeValue(key, f.base, choices),
        server: f.server === undefined ? null : describeValue(key, f.server, choices),
      }));
    return {
      showId,
      state: fields.some((f) => f.server !== null) ? 'conflict' : 'pending',
      fields,
      editedAt: row.editedAt,
      checkedAt: row.checkedAt,
      error: row.error,
    };
  }

  /**
   * Sets the operator's values of some fields. A field set back to the value it was made from (or,
   * in conflict, to Cablecast's value) is no longer edited. Checked whole before anything is kept.
   */
  edit(input: ShowEditInput): ShowEdits | null {
    const { id, changes } = input;
    const source = this.options.edits.source(id);
    if (source === null) {
      throw new AppError('NOT_FOUND', `Show ${id} is not in the local catalog.`);
    }
    if (source.deleted) {
      throw new AppError(
        'FAILED_PRECONDITION',
        `Show ${id} was deleted on Cablecast, so its metadata cannot be edited.`,
      );
    }
    const choices = this.options.reader.metadata(id)?.choices ?? null;
    const wanted = this.checkChanges(id, changes, source, choices);
    if (wanted.size === 0) return this.view(id);
    const edits = this.options.edits;
    edits.transaction(() => {
      const row: EditRow = edits.get(id) ?? {
        showId: id,
        fields: {},
        editedAt: '',
        checkedAt: null,
        error: null,
      };
      for (const [key, value] of wanted) {
        const type = fieldTypeOf(key, source, choices);
        const same = (a: ShowEditValue, b: ShowEditValue) => sameFieldValue(key, type, a, b);
        const existing = row.fields[key];
        if (existing === undefined) {
          const base = valueOf(source, key);
          if (!same(value, base)) row.fields[key] = { base, local: value };
        } else if (
          existing.server !== undefined ? same(value, existing.server) : same(value, existing.base)
        ) {
          delete row.fields[key];
        } else {
          existing.local = value;
        }
      }
      row.editedAt = this.now().toISOString();
      edits.put(row);
    });
    this.announce([id]);
    return this.view(id);
  }

  /** Drops edits (the given fields, or all): the show stays as Cablecast has it. */
  discard(showId: number, keys?: readonly string[]): ShowEdits | null {
    const edits = this.options.edits;
    const changed = edits.transaction(() => {
      const row = edits.get(showId);
      if (row === null) return false;
      for (const key of keys ?? Object.keys(row.fields)) delete row.fields[key];
      edits.put(row);
      return true;
    });
    if (changed) this.announce([showId]);
    return this.view(showId);
  }

  /**
   * Settles conflicts field by field: `local` keeps the operator's value (it is written at the
   * next sync, over the value Cablecast has now), `server` keeps Cablecast's and drops the edit.
   */
  resolve(
    showId: number,
    take: readonly { key: string; side: 'local' | 'server' }[],
  ): ShowEdits | null {
    const edits = this.options.edits;
    edits.transaction(() => {
      const row = edits.get(showId);
      if (row === null) {
        throw new AppError('NOT_FOUND', `Show ${showId} has no edits to settle.`);
      }
      take.forEach(({ key }, i) => {
        const field = row.fields[key];
        if (field === undefined) {
          throw invalid(`Show ${showId} has no edit of ${key}.`, `take.${i}.key`);
        }
        if (field.server === undefined) {
          throw invalid(
            `The edit of ${key} on show ${showId} is not in conflict.`,
            `take.${i}.key`,
          );
        }
      });
      for (const { key, side } of take) {
        const field = row.fields[key] as StoredEditField & { server: ShowEditValue };
        if (side === 'server') {
          delete row.fields[key];
        } else {
          row.fields[key] = { base: field.server, local: field.local };
        }
      }
      row.editedAt = this.now().toISOString();
      edits.put(row);
    });
    this.announce([showId]);
    return this.view(showId);
  }

  /**
   * Syncs the shows with edits (the given ones, or all): one at a time, after any sync already
   * running. A show Cablecast cannot be asked about keeps its edits and says why.
   */
  run(
    options: { ids?: readonly number[]; signal?: AbortSignal } = {},
  ): Promise<MetadataSyncResult> {
    return this.lock.run(() => this.runNow(options));
  }

  /** Stops a running sync at its next request; true when one was running. */
  cancelRun(reason: string): boolean {
    if (this.current === null || this.current.signal.aborted) return false;
    this.current.abort(new AppError('CANCELLED', reason));
    return true;
  }

  /** Stops a running sync between shows and waits for it. */
  async dispose(): Promise<void> {
    this.abort.abort(new AppError('CANCELLED', 'The app is closing.'));
    await this.lock.run(() => undefined);
  }

  private async runNow(options: {
    ids?: readonly number[];
    signal?: AbortSignal;
  }): Promise<MetadataSyncResult> {
    const result: MetadataSyncResult = {
      checked: 0,
      pushed: 0,
      fieldsPushed: 0,
      pulled: 0,
      conflicts: 0,
      failed: [],
      unpushed: 0,
      inConflict: 0,
    };
    const edits = this.options.edits;
    const wanted = new Set(options.ids ?? edits.showIds());
    const ids = edits.showIds().filter((id) => wanted.has(id));
    if (ids.length > 0) {
      const client = await this.options.client();
      if (client === null) {
        throw new AppError(
          'FAILED_PRECONDITION',
          'No Cablecast server is set up: set one up in Settings to push the edits.',
        );
      }
      const run = new AbortController();
      this.current = run;
      const signal = AbortSignal.any(
        [options.signal, this.abort.signal, run.signal].filter((s): s is AbortSignal => !!s),
      );
      const touched: number[] = [];
      try {
        for (const id of ids) {
          signal.throwIfAborted();
          result.checked += 1;
          touched.push(id);
          try {
            await this.syncShow(client, id, signal, result);
          } catch (error) {
            if (signal.aborted) throw error;
            const message = this.problemOf(id, error);
            result.failed.push({ showId: id, message });
            this.options.logger.warn('metadata sync: show not synced', { showId: id, message });
            edits.transaction(() => {
              const row = edits.get(id);
              if (row === null) return;
              edits.put({ ...row, checkedAt: this.now().toISOString(), error: message });
            });
          }
        }
      } finally {
        this.current = null;
        if (result.pulled > 0) this.options.onCatalogChanged?.();
        this.announce(touched);
      }
    }
    const counts = edits.counts();
    result.unpushed = counts.unpushed;
    result.inConflict = counts.inConflict;
    return result;
  }

  private async syncShow(
    client: CablecastClient,
    id: number,
    signal: AbortSignal,
    result: MetadataSyncResult,
  ): Promise<void> {
    const edits = this.options.edits;
    const snapshot = edits.get(id);
    if (snapshot === null) return;
    const { show: server, reels, vods } = await client.getShowWithRelations(id, { signal });
    const reelMap = new Map<number, Reel>(reels.map((r) => [r.id, r]));
    const vodMap = new Map<number, Vod>(vods.map((v) => [v.id, v]));
    const serverCopy = toCatalogShow(server, reelMap, vodMap);
    const choices = this.options.reader.metadata(id)?.choices ?? null;

    const decisions = new Map<string, Decision>();
    const pushes = new Map<string, ShowEditValue>();
    for (const [key, field] of Object.entries(snapshot.fields)) {
      const type = fieldTypeOf(key, serverCopy, choices);
      const now = valueOf(serverCopy, key);
      if (sameFieldValue(key, type, field.local, now)) {
        decisions.set(key, { kind: 'agreed', local: field.local });
      } else if (sameFieldValue(key, type, now, field.base)) {
        decisions.set(key, { kind: 'push', local: field.local });
        pushes.set(key, field.local);
      } else {
        decisions.set(key, { kind: 'conflict', local: field.local, server: now });
      }
    }

    let after = serverCopy;
    if (pushes.size > 0) {
      signal.throwIfAborted();
      const answered = await client.updateShow(id, showPatchFor(server, pushes, choices), {
        base: server,
        signal,
      });
      after = toCatalogShow(answered, reelMap, vodMap);
    }

    const at = this.now().toISOString();
    let kept = 0;
    let pushedHere = 0;
    let conflicted = false;
    edits.transaction(() => {
      const { updated, added } = this.options.catalog.upsertShows([after], at);
      if (updated + added > 0) result.pulled += 1;
      const row = edits.get(id);
      if (row === null) return;
      for (const [key, decision] of decisions) {
        const field = row.fields[key];
        if (field === undefined) continue; // dropped by the operator meanwhile
        const type = fieldTypeOf(key, after, choices);
        const same = (a: ShowEditValue, b: ShowEditValue) => sameFieldValue(key, type, a, b);
        const onServer = valueOf(after, key);
        const untouched = same(field.local, decision.local);
        if (decision.kind === 'conflict') {
          if (same(field.local, onServer)) delete row.fields[key];
          else {
            field.server = onServer;
            conflicted = true;
          }
          continue;
        }
        if (decision.kind === 'push') {
          if (!same(decision.local, onServer)) {
            // Cablecast answered without the value: keep the edit, say so, never drop it.
            kept += 1;
            continue;
          }
          pushedHere += 1;
        }
        if (untouched) delete row.fields[key];
        else {
          // Edited again while this sync ran: Cablecast now has the value this one wrote.
          field.base = onServer;
          delete field.server;
        }
      }
      edits.put({
        ...row,
        checkedAt: at,
        error:
          kept > 0
            ? `Cablecast did not keep ${kept === 1 ? 'one field' : `${kept} fields`} it was sent; they are kept here to try again.`
            : null,
      });
    });
    if (pushedHere > 0) {
      result.pushed += 1;
      result.fieldsPushed += pushedHere;
    }
    if (conflicted) result.conflicts += 1;
  }

  private problemOf(id: number, error: unknown): string {
    if (error instanceof CablecastError && error.kind === 'not-found') {
      return `Show ${id} is no longer on Cablecast: discard its edits, or restore the show there.`;
    }
    return error instanceof Error ? error.message : String(error);
  }

  /** The changes as (key, value) pairs, checked against what the show's fields may hold. */
  private checkChanges(
    id: number,
    changes: ShowEditInput['changes'],
    source: EditSource,
    choices: ShowMetadataChoices | null,
  ): Map<string, ShowEditValue> {
    const out = new Map<string, ShowEditValue>();
    const text = (v: string | null | undefined): ShowEditValue =>
      v === null || v === undefined || v.trim() === '' ? null : v.trim();
    if (changes.cgTitle !== undefined) out.set('cgTitle', text(changes.cgTitle));
    if (changes.comments !== undefined) out.set('comments', text(changes.comments));
    if (changes.eventDate !== undefined) out.set('eventDate', text(changes.eventDate));
    const lookups = [
      ['categoryId', 'categories', 'category'],
      ['producerId', 'producers', 'producer'],
      ['projectId', 'projects', 'project'],
    ] as const;
    for (const [key, list, word] of lookups) {
      const value = changes[key];
      if (value === undefined) continue;
      const options = choices?.[list];
      if (value !== null && options !== undefined && !options.some((o) => o.id === value)) {
        throw invalid(
          `There is no ${word} ${value} for show ${id}'s location; sync the catalog if it was just added.`,
          `changes.${key}`,
        );
      }
      out.set(key, value);
    }
    (changes.customFields ?? []).forEach(({ showField, value }, i) => {
      const path = `changes.customFields.${i}`;
      const key = fieldKey(showField);
      const known =
        choices?.fields.find((f) => f.showField === showField) ??
        source.customFields.find((f) => f.showField === showField);
      if (known === undefined)
        throw invalid(`Show ${id} has no custom field ${showField}.`, `${path}.showField`);
      const type = fieldTypeOf(key, source, choices);
      if (!EDITABLE_FIELD_TYPES.has(type)) {
        throw invalid(
          `${labelOf(key, source, choices)} is a ${type} field: choose it in Cablecast itself.`,
          `${path}.showField`,
        );
      }
      if (type === 'select') {
        const options = choices?.fields.find((f) => f.showField === showField)?.options ?? [];
        if (value !== null && (typeof value !== 'number' || !options.some((o) => o.id === value))) {
          throw invalid(
            `${labelOf(key, source, choices)} takes one of its options, not ${JSON.stringify(value)}.`,
            `${path}.value`,
          );
        }
        out.set(key, value);
      } else if (type === 'tag') {
        const tags = splitTags(value === null ? '' : String(value));
        out.set(key, tags.length === 0 ? null : tags.join(','));
      } else {
        out.set(key, text(value === null ? null : String(value)));
      }
    });
    return out;
  }

  private announce(showIds: number[]): void {
    if (showIds.length === 0) return;
    this.options.onChanged?.({ showIds, ...this.counts() });
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShowQuerySchema, type ShowEditsChanged } from '../../shared/catalog';
import type { AppError } from '../../shared/result';
import { silentLogger } from '../logging/logger';
import { ShowEditsRepo } from './show-edits.repo';
import { ShowEditsService } from './show-edits.service';
import { CatalogShowReader } from './show-reader';
import { SyncFixture } from './testing/sync-fixture';

/*
 * Two-way metadata sync against the simulator on 127.0.0.1 and a real SQLite file: the catalog is
 * synced first, the operator edits here, "someone at the station" edits the same show on the
 * server (the simulator's own store, as Cablecast's web UI would), and a metadata sync settles it.
 */

describe('two-way metadata sync', () => {
  let fx: SyncFixture;
  let service: ShowEditsService;
  let events: ShowEditsChanged[];
  let catalogChanges: number;

  const makeService = (): ShowEditsService =>
    new ShowEditsService({
      edits: new ShowEditsRepo(fx.database),
      catalog: fx.repo,
      reader: new CatalogShowReader(fx.database),
      client: () => Promise.resolve(fx.client),
      logger: silentLogger,
      onChanged: (event) => events.push(event),
      onCatalogChanged: () => {
        catalogChanges += 1;
      },
    });

  beforeEach(async () => {
    fx = await SyncFixture.start({ shows: 40 });
    await fx.service.start('full');
    await fx.service.whenIdle();
    events = [];
    catalogChanges = 0;
    service = makeService();
  });

  afterEach(async () => {
    await service.dispose();
    await fx.close();
  });

  /** A show with a category, a description and a tags field, as most meetings have. */
  function aShow(): number {
    const id = fx.serverIds().find((candidate) => {
      const show = fx.sim.data.getShow(candidate);
      return (
        show?.category !== null &&
        show?.comments &&
        show.customFields.some((f) => f.type === 'tag') &&
        show.eventDate
      );
    });
    if (id === undefined) throw new Error('the seed has no show with a category and tags');
    return id;
  }

  function server(id: number) {
    const show = fx.sim.data.getShow(id);
    if (!show) throw new Error(`no show ${id}`);
    return structuredClone(show);
  }

  /** Someone changes the show on Cablecast itself. */
  function changeOnServer(id: number, patch: Record<string, unknown>): void {
    fx.sim.data.updateShow(id, patch);
  }

  function otherCategory(id: number): number {
    const current = server(id).category;
    const options = new CatalogShowReader(fx.database).metadata(id)?.choices.categories ?? [];
    const other = options.find((o) => o.id !== current);
    if (!other) throw new Error('only one category');
    return other.id;
  }

  it('pushes an edit to Cablecast when Cablecast has not changed the show since', async () => {
    const id = aShow();
    const category = otherCategory(id);
    const edits = service.edit({
      id,
      changes: { cgTitle: 'Council Meeting (corrected)', categoryId: category },
    });
    expect(edits?.state).toBe('pending');
    expect(edits?.fields.map((f) => f.key)).toEqual(['cgTitle', 'categoryId']);
    expect(
      fx.repo
        .search({ ...query(), filter: { ...query().filter, edits: 'unpushed' } })
        .rows.map((r) => r.id),
    ).toEqual([id]);
    expect(fx.repo.get(id)?.edit).toBe('pending');
    // Nothing reached Cablecast yet.
    expect(server(id).cgTitle).not.toBe('Council Meeting (corrected)');

    const result = await service.run();

    expect(result).toMatchObject({ checked: 1, pushed: 1, fieldsPushed: 2, conflicts: 0 });
    expect(result.failed).toEqual([]);
    expect(server(id).cgTitle).toBe('Council Meeting (corrected)');
    expect(server(id).category).toBe(category);
    // Done: no edit left, and the catalog holds Cablecast's new copy.
    expect(service.view(id)).toBeNull();
    expect(fx.repo.get(id)?.cgTitle).toBe('Council Meeting (corrected)');
    expect(fx.repo.get(id)?.lastModified).toBe(server(id).lastModified);
    expect(fx.repo.get(id)?.edit).toBeNull();
    expect(catalogChanges).toBe(1);
    expect(events.at(-1)).toMatchObject({ showIds: [id], unpushed: 0, inConflict: 0 });
  });

  it('writes only the edited fields: what Cablecast changed elsewhere on the show stays', async () => {
    const id = aShow();
    service.edit({ id, changes: { cgTitle: 'Only the public title' } });
    // Meanwhile, at the station: a new description and category, after the edit was made.
    const category = otherCategory(id);
    changeOnServer(id, { comments: 'Described on Cablecast', category });
    const before = server(id);

    const result = await service.run();

    expect(result).toMatchObject({ pushed: 1, fieldsPushed: 1, conflicts: 0 });
    const after = server(id);
    // Every field as it was on Cablecast, except the one edited (and the server's own stamps).
    const { cgTitle, lastModified, modified: _m, ...rest } = after;
    const { cgTitle: cgBefore, lastModified: modifiedBefore, modified: _n, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(cgTitle).toBe('Only the public title');
    expect(cgBefore).not.toBe(cgTitle);
    expect(lastModified).not.toBe(modifiedBefore);
    // And the station's change came back into the catalog.
    expect(fx.repo.get(id)?.comments).toBe('Described on Cablecast');
    expect(fx.repo.get(id)?.category).toBe(
      new CatalogShowReader(fx.database)
        .metadata(id)
        ?.choices.categories.find((c) => c.id === category)?.name,
    );
  });

  it('pulls Cablecast’s value when it already says what the edit says, and drops the edit', async () => {
    const id = aShow();
    service.edit({ id, changes: { comments: 'Agreed on both sides' } });
    changeOnServer(id, { comments: 'Agreed on both sides', cgTitle: 'Renamed at the station' });
    const modified = server(id).lastModified;

    const result = await service.run();

    expect(result).toMatchObject({ pushed: 0, fieldsPushed: 0, pulled: 1, conflicts: 0 });
    // No write was needed: Cablecast's copy is untouched.
    expect(server(id).lastModified).toBe(modified);
    expect(service.view(id)).toBeNull();
    expect(fx.repo.get(id)?.cgTitle).toBe('Renamed at the station');
  });

  it('shows a conflict field by field when both sides changed it, and settles each as chosen', async () => {
    const id = aShow();
    const category = otherCategory(id);
    service.edit({
      id,
      changes: {
        cgTitle: 'Title from master control',
        comments: 'Notes from master control',
        categoryId: category,
      },
    });
    changeOnServer(id, { cgTitle: 'Title from the clerk', comments: 'Notes from the clerk' });

    const first = await service.run();

    // The category changed on one side only: written. The other two: left for a person.
    expect(first).toMatchObject({ pushed: 1, fieldsPushed: 1, conflicts: 1 });
    expect(server(id).category).toBe(category);
    expect(server(id).cgTitle).toBe('Title from the clerk');
    expect(server(id).comments).toBe('Notes from the clerk');
    const view = service.view(id);
    expect(view?.state).toBe('conflict');
    expect(view?.fields).toEqual([
      expect.objectContaining({
        key: 'cgTitle',
        label: 'Public title',
        local: '“Title from master control”',
        server: '“Title from the clerk”',
      }),
      expect.objectContaining({
        key: 'comments',
        label: 'Description',
        local: '“Notes from master control”',
        server: '“Notes from the clerk”',
      }),
    ]);
    expect(view?.fields[0]?.base).not.toBe(view?.fields[0]?.server);
    expect(fx.repo.get(id)?.edit).toBe('conflict');
    expect(
      fx.repo.search({ ...query(), filter: { ...query().filter, edits: 'conflict' } }).total,
    ).toBe(1);
    // The catalog shows Cablecast's copy meanwhile.
    expect(fx.repo.get(id)?.cgTitle).toBe('Title from the clerk');

    // A second sync changes nothing: still a conflict, nothing written.
    const modified = server(id).lastModified;
    expect(await service.run()).toMatchObject({ pushed: 0, conflicts: 1 });
    expect(server(id).lastModified).toBe(modified);

    // The operator keeps their title and the clerk's description.
    const settled = service.resolve(id, [
      { key: 'cgTitle', side: 'local' },
      { key: 'comments', side: 'server' },
    ]);
    expect(settled?.state).toBe('pending');
    expect(settled?.fields.map((f) => f.key)).toEqual(['cgTitle']);

    const last = await service.run();

    expect(last).toMatchObject({ pushed: 1, fieldsPushed: 1, conflicts: 0, unpushed: 0 });
    expect(server(id).cgTitle).toBe('Title from master control');
    expect(server(id).comments).toBe('Notes from the clerk');
    expect(service.view(id)).toBeNull();
  });

  it('keeps a conflict when Cablecast changes the field again before the operator’s choice is written', async () => {
    const id = aShow();
    service.edit({ id, changes: { cgTitle: 'Mine' } });
    changeOnServer(id, { cgTitle: 'Theirs' });
    await service.run();
    service.resolve(id, [{ key: 'cgTitle', side: 'local' }]);
    changeOnServer(id, { cgTitle: 'Theirs, again' });

    expect(await service.run()).toMatchObject({ pushed: 0, conflicts: 1 });
    expect(server(id).cgTitle).toBe('Theirs, again');
    expect(service.view(id)?.fields[0]?.server).toBe('“Theirs, again”');
  });

  it('compares tags as a set and event dates as instants', async () => {
    const id = aShow();
    const show = server(id);
    const tagField = show.customFields.find((f) => f.type === 'tag');
    const showField = tagField?.showField as number;
    const tags = (typeof tagField?.value === 'string' ? tagField.value : '')
      .split(',')
      .filter(Boolean);
    // The same tags reordered and spaced: not an edit.
    expect(
      service.edit({
        id,
        changes: { customFields: [{ showField, value: [...tags].reverse().join(' , ') }] },
      }),
    ).toBeNull();
    // The same instant written with another offset: not an edit either.
    const instant = new Date(Date.parse(show.eventDate as string))
      .toISOString()
      .replace('.000Z', 'Z');
    expect(service.edit({ id, changes: { eventDate: instant } })).toBeNull();

    // A new tag and a new date are.
    const later = new Date(Date.parse(show.eventDate as string) + 3_600_000).toISOString();
    const view = service.edit({
      id,
      changes: {
        customFields: [{ showField, value: [...tags, 'Budget'].join(', ') }],
        eventDate: later,
      },
    });
    expect(view?.fields.map((f) => f.key)).toEqual(['eventDate', `field:${showField}`]);

    expect(await service.run()).toMatchObject({ pushed: 1, fieldsPushed: 2 });
    const after = server(id);
    expect(Date.parse(after.eventDate as string)).toBe(Date.parse(later));
    expect(after.customFields.find((f) => f.showField === showField)?.value).toBe(
      [...tags, 'Budget'].join(','),
    );
    // The other custom fields were sent back as they were.
    expect(after.customFields.filter((f) => f.showField !== showField)).toEqual(
      show.customFields.filter((f) => f.showField !== showField),
    );
  });

  it('forgets an edit set back to Cablecast’s value, and discards on request', () => {
    const id = aShow();
    const original = server(id).cgTitle;
    service.edit({ id, changes: { cgTitle: 'Draft title', comments: 'Draft notes' } });
    expect(service.edit({ id, changes: { cgTitle: original } })?.fields.map((f) => f.key)).toEqual([
      'comments',
    ]);
    expect(service.discard(id)).toBeNull();
    expect(service.counts()).toEqual({ unpushed: 0, inConflict: 0 });
  });

  it('refuses what the show’s fields cannot hold, naming the field, and keeps nothing of it', () => {
    const id = aShow();
    const file = server(id).customFields.find((f) => f.type === 'file')?.showField as number;
    const attempt = (changes: Parameters<ShowEditsService['edit']>[0]['changes']) => {
      try {
        service.edit({ id, changes });
      } catch (error) {
        return error as AppError;
      }
      throw new Error('accepted');
    };
    expect(attempt({ cgTitle: 'Fine', categoryId: 999_999 })).toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: 'changes.categoryId',
    });
    expect(attempt({ customFields: [{ showField: 999_999, value: 'x' }] })).toMatchObject({
      path: 'changes.customFields.0.showField',
    });
    expect(attempt({ customFields: [{ showField: file, value: 'x' }] }).message).toMatch(
      /file field/,
    );
    // The valid title in the refused call was not kept.
    expect(service.view(id)).toBeNull();
  });

  it('keeps the edits and says why when the show is gone from Cablecast', async () => {
    const id = aShow();
    service.edit({ id, changes: { cgTitle: 'Too late' } });
    fx.sim.data.deleteShow(id);

    const result = await service.run();

    expect(result.failed).toEqual([
      { showId: id, message: expect.stringMatching(/no longer on Cablecast/) },
    ]);
    expect(service.view(id)).toMatchObject({
      state: 'pending',
      error: expect.stringMatching(/no longer/),
    });
  });

  it('keeps an edit made while its push was on the way, to write next time', async () => {
    const id = aShow();
    service.edit({ id, changes: { cgTitle: 'First wording' } });
    fx.sim.addFault({ kind: 'latency', method: 'PUT', path: '/shows', value: 300, times: 1 });
    const running = service.run();
    await new Promise((r) => setTimeout(r, 150));
    service.edit({ id, changes: { cgTitle: 'Second wording' } });
    await running;

    expect(server(id).cgTitle).toBe('First wording');
    expect(service.view(id)?.fields).toEqual([
      expect.objectContaining({
        key: 'cgTitle',
        local: '“Second wording”',
        base: '“First wording”',
        server: null,
      }),
    ]);
    expect(await service.run()).toMatchObject({ pushed: 1 });
    expect(server(id).cgTitle).toBe('Second wording');
  });

  it('says so when no Cablecast server is set up, and keeps the edits', async () => {
    const id = aShow();
    service.edit({ id, changes: { cgTitle: 'Waiting' } });
    fx.client = null;
    await expect(service.run()).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(service.counts()).toEqual({ unpushed: 1, inConflict: 0 });
  });
});

function query() {
  return { ...ShowQuerySchema.parse({}), offset: 0, limit: 100 };
}

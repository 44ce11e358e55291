import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import type { CablecastClient } from '../cablecast';
import { ChaptersService } from './chapters.service';
import { SyncFixture } from './testing/sync-fixture';

let fixture: SyncFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

/** A synced catalog and a chapters service that reads through the fixture's client. */
async function setup(): Promise<{ f: SyncFixture; service: ChaptersService }> {
  const f = await SyncFixture.start({ shows: 150 });
  fixture = f;
  await f.service.runToEnd('full');
  let tick = 0;
  const service = new ChaptersService({
    repo: f.repo,
    client: () => Promise.resolve(f.client),
    maxRetries: 0,
    timeoutMs: 2_000,
    now: () => new Date(Date.UTC(2026, 10, 1, 12, 0, tick++)),
  });
  return { f, service };
}

function chapteredShow(f: SyncFixture): { showId: number; vodId: number } {
  for (const id of f.serverIds()) {
    const vodId = f.sim.data.getShow(id)?.vods[0];
    if (vodId !== undefined && (f.sim.data.getVod(vodId)?.chapters.length ?? 0) > 0) {
      return { showId: id, vodId };
    }
  }
  throw new Error('the seed has no chaptered VOD');
}

describe('ChaptersService', () => {
  it('reads the VOD chapters from Cablecast: visible ones only, in playback order', async () => {
    const { f, service } = await setup();
    const { showId, vodId } = chapteredShow(f);
    const seeded = f.sim.data.chaptersOfVod(vodId);
    f.sim.data.updateChapter(seeded[1]!.id, { deleted: true });
    f.sim.data.updateChapter(seeded[2]!.id, { hidden: true });
    f.sim.data.addChapter(vodId, { title: 'Added out of order', offset: 1 });

    const result = await service.chapters(showId);
    expect(result).toMatchObject({
      showId,
      vodId,
      published: true,
      source: 'server',
      fetchedAt: '2026-11-01T12:00:00.000Z',
      problem: null,
    });
    expect(result.chapters.map((c) => c.title)).toEqual([
      'Call to Order',
      'Added out of order',
      ...seeded.slice(3).map((c) => c.title),
    ]);
    expect(result.chapters[0]).toEqual({
      id: seeded[0]!.id,
      title: 'Call to Order',
      body: 'The meeting is called to order.',
      offset: 0,
    });
    expect(f.repo.cachedChapters(vodId)?.chapters).toEqual(result.chapters);
  });

  it('falls back to the last copy, saying why, when Cablecast does not answer', async () => {
    const { f, service } = await setup();
    const { showId, vodId } = chapteredShow(f);
    const fresh = await service.chapters(showId);
    f.sim.setFaults([{ kind: 'status', value: 503, path: '/chapters' }]);

    const fallback = await service.chapters(showId);
    expect(fallback).toMatchObject({
      showId,
      vodId,
      source: 'cache',
      fetchedAt: fresh.fetchedAt,
      chapters: fresh.chapters,
    });
    expect(fallback.problem).toMatch(
      /^Cablecast at http:\/\/127\.0\.0\.1:\d+ is temporarily unavailable \(HTTP 503\)\..* Showing the copy from 2026-11-01T12:00:00\.000Z\.$/,
    );

    // Server gone altogether: still the copy.
    await f.sim.close();
    const offline = await service.chapters(showId);
    expect(offline.source).toBe('cache');
    expect(offline.problem).toMatch(/^(Could not reach Cablecast|The connection to Cablecast)/);
  });

  it('says so when there is neither an answer nor a copy', async () => {
    const { f, service } = await setup();
    const { showId } = chapteredShow(f);
    f.sim.setFaults([{ kind: 'status', value: 500, path: '/chapters' }]);
    const result = await service.chapters(showId);
    expect(result).toMatchObject({ source: 'none', chapters: [], fetchedAt: null });
    expect(result.problem).toMatch(/had an internal error \(HTTP 500\)/);

    f.client = null as CablecastClient | null;
    const unconfigured = await service.chapters(showId);
    expect(unconfigured.problem).toMatch(/No Cablecast server is set up/);
  });

  it('has nothing to ask for a show without a VOD, and refuses an unknown show', async () => {
    const { f, service } = await setup();
    const id = f.serverIds().find((i) => f.sim.data.getShow(i)?.vods.length === 0)!;
    f.sim.resetStats();
    expect(await service.chapters(id)).toEqual({
      showId: id,
      vodId: null,
      chapters: [],
      published: false,
      source: 'none',
      fetchedAt: null,
      problem: null,
    });
    expect(f.requests('/chapters')).toBe(0);
    await expect(service.chapters(987_654)).rejects.toThrow(AppError);
  });

  it('skips a chapter that breaks the schema and names it', async () => {
    const { f, service } = await setup();
    const { showId, vodId } = chapteredShow(f);
    const broken = f.sim.data.chaptersOfVod(vodId)[1]!;
    (broken as unknown as Record<string, unknown>).offset = 'ninety';
    const result = await service.chapters(showId);
    expect(result.source).toBe('server');
    expect(result.chapters.map((c) => c.id)).not.toContain(broken.id);
    expect(result.problem).toMatch(/^1 chapter\(s\) could not be read .*chapters\[1\]\.offset/);
  });
});

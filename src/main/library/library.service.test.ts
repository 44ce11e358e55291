import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingRow, TranscriptionCompleted } from '../../shared/library';
import { AppError } from '../../shared/result';
import { convertToScc } from '../captions';
import { CatalogShowReader } from '../catalog/show-reader';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { silentLogger } from '../logging/logger';
import { LibraryService, type Prober } from './library.service';
import { createVideoProber } from './probe';
import { RecordingsRepo } from './recordings.repo';

const FFMPEG = '/usr/bin/ffmpeg';
const FFPROBE = '/usr/bin/ffprobe';
const haveFfmpeg = existsSync(FFMPEG) && existsSync(FFPROBE);

const SRT = `1
00:00:00,500 --> 00:00:02,000
Good evening, the meeting will come to order.

2
00:00:02,500 --> 00:00:04,500
First item: public comment on the budget.
`;
const SCC = convertToScc(SRT, 'srt').scc;
const SUMMARY = `Birchwood City Council, January 7, 2025

The council heard public comment on the budget.

[00:00:00] Call to order
[00:00:02] Public comment
`;

interface World {
  dir: string;
  media: string;
  database: AppDatabase;
  service: LibraryService;
  completed: TranscriptionCompleted[];
  reopen(prober?: Prober): LibraryService;
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function world(options: { prober?: Prober } = {}): World {
  const temp = makeTempDir('archivist-library-');
  const media = join(temp.dir, 'media');
  mkdirSync(media);
  const file = join(temp.dir, 'archivist.sqlite');
  const completed: TranscriptionCompleted[] = [];
  let database = openDatabase({ file, migrationsDir: defaultMigrationsDir() });
  const make = (prober: Prober) => {
    const service = new LibraryService({
      repo: new RecordingsRepo(database),
      shows: new CatalogShowReader(database),
      prober,
      logger: silentLogger,
      events: { changed: () => undefined, completed: (p) => completed.push(p) },
      settleMs: 0,
      watch: false,
    });
    cleanups.push(() => service.dispose());
    return service;
  };
  const w: World = {
    dir: temp.dir,
    media,
    database,
    completed,
    service: make(options.prober ?? createVideoProber(null)),
    reopen(prober) {
      database.close();
      database = openDatabase({ file, migrationsDir: defaultMigrationsDir() });
      w.database = database;
      w.service = make(prober ?? createVideoProber(null));
      return w.service;
    },
  };
  cleanups.push(() => {
    database.close();
    temp.remove();
  });
  return w;
}

function put(path: string, content: string | Buffer): void {
  writeFileSync(path, content);
  // Old enough to count as settled whatever the settle time.
  const past = new Date(Date.now() - 60_000);
  utimesSync(path, past, past);
}

function addShow(
  database: AppDatabase,
  show: { id: number; title: string; eventDate?: string; runTime?: number; deleted?: boolean },
): void {
  database.sqlite
    .prepare(
      `INSERT INTO shows (id, title, event_date, total_run_time, synced_at, deleted_at)
       VALUES (?, ?, ?, ?, 'now', ?)`,
    )
    .run(
      show.id,
      show.title,
      show.eventDate ?? null,
      show.runTime ?? null,
      show.deleted ? 'gone' : null,
    );
}

function byName(rows: RecordingRow[], name: string): RecordingRow {
  const row = rows.find((r) => r.fileName === name);
  if (!row) throw new Error(`${name} not listed: ${rows.map((r) => r.fileName).join(', ')}`);
  return row;
}

function list(service: LibraryService): RecordingRow[] {
  return service.list({ states: [], text: '' });
}

async function rejects(promise: Promise<unknown>, message: RegExp): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).message).toMatch(message);
  return error as AppError;
}

describe('storage folders', () => {
  it('refuses what is not a readable folder, saying what was wrong', async () => {
    const w = world();
    await rejects(w.service.addFolder('media'), /full path/);
    await rejects(w.service.addFolder(join(w.dir, 'nope')), /There is no folder at .*nope/);
    put(join(w.media, 'a.mp4'), 'x');
    await rejects(w.service.addFolder(join(w.media, 'a.mp4')), /is a file, not a folder/);
    await w.service.addFolder(w.media);
    mkdirSync(join(w.media, 'sub'));
    await rejects(w.service.addFolder(join(w.media, 'sub')), /inside .*already scanned/);
    await rejects(w.service.addFolder(w.dir), /holds the storage folder/);
    // Adding the same folder again is not an error.
    expect((await w.service.addFolder(w.media + '/')).folders).toHaveLength(1);
  });

  it('keeps a removed folder’s recordings, links and drafts, and shows them again when re-added', async () => {
    const w = world();
    addShow(w.database, { id: 21413, title: 'Birchwood Council Meeting' });
    put(join(w.media, '21413-1-Birchwood Council.mp4'), 'video');
    put(join(w.media, '21413-1-Birchwood Council.scc'), SCC);
    put(join(w.media, '21413-1-Birchwood Council_summary.txt'), SUMMARY);
    await w.service.addFolder(w.media);
    const [before] = list(w.service);
    expect(before?.state).toBe('linked');
    w.service.removeFolder(w.media);
    // A removed folder's videos are no longer served.
    expect(w.service.videoFile(before!.id)).toBeNull();
    expect(list(w.service)).toEqual([]);
    await w.service.addFolder(w.media);
    const [after] = list(w.service);
    expect(after?.id).toBe(before?.id);
    expect(after?.link?.showId).toBe(21413);
  });
});

describe('scanning', () => {
  it('gives each recording a state with its reason', async () => {
    const w = world();
    put(join(w.media, 'No captions.mp4'), 'video');
    put(join(w.media, 'Bad captions.mp4'), 'video');
    put(join(w.media, 'Bad captions.scc'), 'Scenarist_SCC V1.0\n\n00:00:01;00\t9420 zz20 942c\n');
    put(join(w.media, 'Empty captions.mp4'), 'video');
    put(join(w.media, 'Empty captions.scc'), '');
    put(join(w.media, 'No summary.mp4'), 'video');
    put(join(w.media, 'No summary.srt'), SRT);
    put(join(w.media, 'Ready.mp4'), 'video');
    put(join(w.media, 'Ready.scc'), SCC);
    put(join(w.media, 'Ready_summary.txt'), SUMMARY);
    put(join(w.media, 'Zero.mp4'), '');
    put(join(w.media, 'Zero.scc'), SCC);
    put(join(w.media, 'Zero_summary.txt'), SUMMARY);
    await w.service.addFolder(w.media);
    const rows = list(w.service);
    const state = (name: string) => {
      const r = byName(rows, name);
      return [r.state, r.reason];
    };
    expect(state('No captions.mp4')).toEqual([
      'needs-captions',
      expect.stringMatching(/No caption file beside the video: looked for No captions\.scc/),
    ]);
    expect(state('Bad captions.mp4')).toEqual([
      'caption-invalid',
      'Bad captions.scc: "zz20" at line 3, word 2 is not a caption word: SCC words are 4 hexadecimal digits, such as 9420.',
    ]);
    expect(state('Empty captions.mp4')).toEqual([
      'caption-invalid',
      expect.stringMatching(/Empty captions\.scc/),
    ]);
    expect(state('No summary.mp4')).toEqual([
      'needs-summary',
      expect.stringMatching(/No summary_summary\.txt/),
    ]);
    expect(state('Ready.mp4')).toEqual(['ready', expect.stringMatching(/confirm which show/)]);
    expect(state('Zero.mp4')).toEqual([
      'failed',
      'The video file is empty (0 bytes): copy it again.',
    ]);
    const status = w.service.status();
    expect(status.counts).toMatchObject({
      'needs-captions': 1,
      'caption-invalid': 2,
      'needs-summary': 1,
      ready: 1,
      failed: 1,
    });
    expect(status.probe.available).toBe(false);
    expect(status.folders[0]).toMatchObject({ path: w.media, recordingCount: 6, problem: null });
  });

  it('says what is wrong with a mis-encoded or renamed caption file, per file', async () => {
    const w = world();
    put(join(w.media, 'Unicode.mp4'), 'video');
    put(
      join(w.media, 'Unicode.scc'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SCC, 'utf16le')]),
    );
    put(join(w.media, 'Renamed.mp4'), 'video');
    put(join(w.media, 'Renamed.scc'), SRT);
    put(join(w.media, 'Fine.mp4'), 'video');
    put(join(w.media, 'Fine.scc'), SCC);
    await w.service.addFolder(w.media);
    const rows = list(w.service);
    expect(byName(rows, 'Unicode.mp4')).toMatchObject({
      state: 'caption-invalid',
      reason: expect.stringMatching(/^Unicode\.scc: .*saved as UTF-16/),
    });
    expect(byName(rows, 'Renamed.mp4')).toMatchObject({
      state: 'caption-invalid',
      reason: expect.stringMatching(/^Renamed\.scc: .*SRT subtitle file.*renamed to \.scc/),
    });
    // One bad file does not stop the others.
    expect(byName(rows, 'Fine.mp4').state).toBe('needs-summary');
    const detail = await w.service.get(byName(rows, 'Unicode.mp4').id);
    expect(detail.captionDiagnostics[0]).toMatchObject({ severity: 'error', line: 1 });
  });

  it('emits transcription.completed once per recording, not again after a restart', async () => {
    const w = world();
    put(join(w.media, 'Ready.mp4'), 'video');
    put(join(w.media, 'Ready.scc'), SCC);
    await w.service.addFolder(w.media);
    expect(w.completed).toEqual([]);
    put(join(w.media, 'Ready_summary.txt'), SUMMARY);
    await w.service.scan();
    expect(w.completed).toHaveLength(1);
    expect(w.completed[0]).toMatchObject({
      fileName: 'Ready.mp4',
      captionPath: join(w.media, 'Ready.scc'),
      summaryPath: join(w.media, 'Ready_summary.txt'),
      showId: null,
    });
    await w.service.scan();
    const service = w.reopen();
    await service.start();
    expect(w.completed).toHaveLength(1);
    // Its draft is proposed from the summary; nothing is saved until an operator saves it.
    const detail = await service.get(w.completed[0]!.recordingId);
    expect(detail.draft.updatedAt).toBeNull();
    expect(detail.draft.chapters.map((c) => c.title)).toEqual(['Call to order', 'Public comment']);
  });

  it('keeps identity across a restart and a move, with its link', async () => {
    const w = world();
    addShow(w.database, { id: 500, title: 'Planning Commission' });
    put(join(w.media, 'Planning Commission 2025-03-04.mp4'), 'a video of some length');
    put(join(w.media, 'Planning Commission 2025-03-04.scc'), SCC);
    await w.service.addFolder(w.media);
    const [first] = list(w.service);
    await w.service.link(first!.id, 500);

    const service = w.reopen();
    await service.start();
    mkdirSync(join(w.media, 'archive'));
    renameSync(
      join(w.media, 'Planning Commission 2025-03-04.mp4'),
      join(w.media, 'archive', 'PC 2025-03-04.mp4'),
    );
    await service.scan();
    const rows = list(service);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: first!.id,
      fileName: 'PC 2025-03-04.mp4',
      folder: 'archive',
      link: { showId: 500, method: 'operator' },
      // Its captions stayed behind under the old name.
      state: 'needs-captions',
    });
  });

  it('keeps what it knew when a folder vanishes, and says so', async () => {
    const w = world();
    const share = join(w.media, 'share');
    mkdirSync(share);
    put(join(share, 'Meeting.mp4'), 'video');
    put(join(share, 'Meeting.scc'), SCC);
    await w.service.addFolder(share);
    const before = list(w.service);
    rmSync(share, { recursive: true });
    await w.service.scan();
    expect(list(w.service)).toEqual(before);
    const status = w.service.status();
    expect(status.folders[0]?.problem).toMatch(/is not there \(a share not mounted\?\)/);
    expect(status.problems[0]?.message).toMatch(/Recordings already known under it are kept/);
  });

  it('marks a deleted video failed but keeps its row, and finds it again when it returns', async () => {
    const w = world();
    put(join(w.media, 'Gone.mp4'), 'video');
    await w.service.addFolder(w.media);
    const [row] = list(w.service);
    unlinkSync(join(w.media, 'Gone.mp4'));
    await w.service.scan();
    expect(list(w.service)[0]).toMatchObject({ id: row!.id, state: 'failed', missing: true });
    expect(w.service.videoFile(row!.id)).toBeNull();
    put(join(w.media, 'Gone.mp4'), 'video');
    await w.service.scan();
    // A video that changed is looked at twice before it is used (it may still be copying).
    expect(list(w.service)[0]).toMatchObject({ id: row!.id, state: 'new', missing: false });
    await w.service.scan();
    expect(list(w.service)[0]).toMatchObject({ id: row!.id, state: 'needs-captions' });
  });

  it('keeps a missing recording missing while its folder cannot be read', async () => {
    const w = world();
    const share = join(w.media, 'share');
    mkdirSync(share);
    put(join(share, 'Gone.mp4'), 'video');
    put(join(share, 'Here.mp4'), 'video');
    await w.service.addFolder(share);
    unlinkSync(join(share, 'Gone.mp4'));
    await w.service.scan();
    rmSync(share, { recursive: true });
    await w.service.scan();
    const rows = list(w.service);
    expect(byName(rows, 'Gone.mp4')).toMatchObject({ state: 'failed', missing: true });
    expect(byName(rows, 'Here.mp4')).toMatchObject({ missing: false });
    expect(w.service.videoFile(byName(rows, 'Gone.mp4').id)).toBeNull();
  });

  it('waits for a video still being written', async () => {
    const temp = world();
    const service = new LibraryService({
      repo: new RecordingsRepo(temp.database),
      shows: new CatalogShowReader(temp.database),
      prober: createVideoProber(null),
      logger: silentLogger,
      events: { changed: () => undefined, completed: () => undefined },
      settleMs: 60_000,
      watch: false,
    });
    cleanups.push(() => service.dispose());
    writeFileSync(join(temp.media, 'Growing.mp4'), 'part');
    await service.addFolder(temp.media);
    expect(list(service)[0]).toMatchObject({
      state: 'new',
      reason: expect.stringMatching(/still being written/),
    });
  });
});

describe('linking', () => {
  it('links by file key only when the catalog has the show, and when it arrives later', async () => {
    const w = world();
    put(join(w.media, '777-1-Zoning Board.mp4'), 'video');
    await w.service.addFolder(w.media);
    expect(list(w.service)[0]?.link).toBeNull();
    const detail = await w.service.get(list(w.service)[0]!.id);
    expect(detail.suggestionNotes[0]).toMatch(/file key for show 777, which is not in the catalog/);
    addShow(w.database, { id: 777, title: 'Zoning Board of Appeals' });
    await w.service.catalogChanged();
    expect(list(w.service)[0]?.link).toMatchObject({
      showId: 777,
      method: 'file-key',
      showTitle: 'Zoning Board of Appeals',
    });
  });

  it('suggests, never links, below certainty; an operator confirms or unlinks', async () => {
    const w = world();
    addShow(w.database, {
      id: 1,
      title: 'Birchwood City Council',
      eventDate: '2025-01-07T19:00:00',
    });
    addShow(w.database, {
      id: 2,
      title: 'Birchwood City Council',
      eventDate: '2024-12-03T19:00:00',
    });
    addShow(w.database, { id: 3, title: 'Library Board', eventDate: '2025-01-07T19:00:00' });
    put(join(w.media, 'Birchwood City Council (20250107).mp4'), 'video');
    put(join(w.media, 'Birchwood City Council (20250107).scc'), SCC);
    put(join(w.media, 'Birchwood City Council (20250107)_summary.txt'), SUMMARY);
    await w.service.addFolder(w.media);
    await w.service.idle();
    const [row] = list(w.service);
    expect(row).toMatchObject({
      state: 'ready',
      link: null,
      topSuggestion: { showId: 1, title: 'Birchwood City Council' },
    });
    expect(row!.topSuggestion!.score).toBeLessThan(1);
    const detail = await w.service.get(row!.id);
    expect(detail.suggestions[0]).toMatchObject({ showId: 1, isCertain: false });
    expect(detail.suggestions[0]!.reasons.join(' ')).toMatch(/2025/);

    const linked = await w.service.link(row!.id, 1);
    expect(linked).toMatchObject({ state: 'linked', link: { showId: 1, method: 'operator' } });
    expect(linked.reason).toMatch(/confirmed by an operator/);
    await rejects(w.service.link(row!.id, 99), /Show 99 is not in the local catalog/);
    const unlinked = await w.service.unlink(row!.id);
    expect(unlinked).toMatchObject({ state: 'ready', link: null });
  });

  it('does not link a file-key match again after an operator unlinked it', async () => {
    const w = world();
    addShow(w.database, { id: 42, title: 'Parks Board' });
    put(join(w.media, '42-1-Parks.mp4'), 'video');
    await w.service.addFolder(w.media);
    const [row] = list(w.service);
    expect(row?.link?.method).toBe('file-key');
    await w.service.unlink(row!.id);
    await w.service.scan();
    expect(list(w.service)[0]?.link).toBeNull();
  });
});

describe('linking, continued', () => {
  it('does not put a file-key link back after an operator linked elsewhere and unlinked', async () => {
    const w = world();
    addShow(w.database, { id: 42, title: 'Parks Board' });
    addShow(w.database, { id: 43, title: 'Parks Board Special' });
    put(join(w.media, '42-1-Parks.mp4'), 'video');
    await w.service.addFolder(w.media);
    const [row] = list(w.service);
    await w.service.link(row!.id, 43);
    await w.service.unlink(row!.id);
    await w.service.scan();
    expect(list(w.service)[0]?.link).toBeNull();
  });
});

describe('captions and drafts', () => {
  it('previews SRT and SCC captions as WebVTT with a transcript', async () => {
    const w = world();
    put(join(w.media, 'A.mp4'), 'video');
    put(join(w.media, 'A.srt'), SRT);
    put(join(w.media, 'B.mp4'), 'video');
    put(join(w.media, 'B.scc'), SCC);
    await w.service.addFolder(w.media);
    for (const name of ['A.mp4', 'B.mp4']) {
      const preview = await w.service.captions(byName(list(w.service), name).id);
      expect(preview.vtt).toMatch(/^WEBVTT/);
      expect(preview.cues.map((c) => c.text)).toEqual([
        'Good evening, the meeting will come to order.',
        'First item: public comment on the budget.',
      ]);
      expect(preview.cues[1]!.startSec).toBeGreaterThan(2);
      expect(preview.cues[1]!.startSec).toBeLessThan(3);
    }
  });

  it('drafts chapters from a pasted agenda, and saves them sorted and inside the video', async () => {
    const w = world();
    put(join(w.media, 'A.mp4'), 'video');
    put(join(w.media, 'A.srt'), SRT);
    await w.service.addFolder(w.media);
    const [row] = list(w.service);
    const proposal = await w.service.proposeDraft({
      id: row!.id,
      source: 'agenda',
      agenda: '1. Call to order\n2. Public comment on the budget\n3. Executive session',
    });
    expect(proposal.chaptersSource).toBe('agenda');
    expect(proposal.chapters.map((c) => c.title)).toContain('Public comment on the budget');
    expect(proposal.notes.join(' ')).toMatch(/Executive session/);
    await rejects(w.service.proposeDraft({ id: row!.id, source: 'summary' }), /no summary/);

    const saved = w.service.saveDraft({
      id: row!.id,
      title: ' Council ',
      cgTitle: 'Council – January 7, 2025',
      description: 'The council met.',
      tags: ['Budget', 'budget', ' council '],
      chapters: [
        { offsetSec: 2.5, title: 'Public comment' },
        { offsetSec: 0, title: 'Call to order' },
      ],
      chaptersSource: 'manual',
    });
    expect(saved.title).toBe('Council');
    expect(saved.tags).toEqual(['budget', 'council']);
    expect(saved.chapters.map((c) => c.title)).toEqual(['Call to order', 'Public comment']);
    const service = w.reopen();
    expect((await service.get(row!.id)).draft).toMatchObject({
      title: 'Council',
      chaptersSource: 'manual',
      chapters: saved.chapters,
    });
  });
});

describe('the show fields of a draft', () => {
  function showWithFields(database: AppDatabase): void {
    database.sqlite.exec(`
      INSERT INTO categories (id, name, location_id) VALUES (7, 'Government', 1), (9, 'Meetings', 1),
        (12, 'Elsewhere', 2);
      INSERT INTO field_definitions (id, name, type, location_id, options)
        VALUES (10, 'Room', 'select', 1, '[{"id":11,"option":"Chambers"},{"id":12,"option":"Annex"}]'),
               (20, 'Tags', 'tag', 1, NULL), (30, 'Sub-Category', 'string', 1, NULL);
      INSERT INTO show_fields (id, field_definition_id) VALUES (1, 20), (3, 30), (4, 10);
    `);
    database.sqlite
      .prepare(
        `INSERT INTO shows (id, location_id, title, category_id, thumbnail_id, thumbnail_options,
           thumbnail_url, custom_fields, synced_at)
         VALUES (870, 1, 'Council', 7, 2894, '[2894,2895]',
           'https://cablecast.example/cablecastapi/dynamicthumbnails/2894', ?, 'now')`,
      )
      .run(
        JSON.stringify([
          { showField: 1, fieldName: 'Tags', type: 'tag', value: 'council', refId: null },
          { showField: 3, fieldName: 'Sub-Category', type: 'string', value: null, refId: null },
          { showField: 4, fieldName: 'Room', type: 'select', value: 'Chambers', refId: 11 },
        ]),
      );
  }

  const input = (id: number, fields: Record<string, unknown>) => ({
    id,
    title: '',
    cgTitle: 'Council',
    description: '',
    tags: [],
    chapters: [],
    chaptersSource: 'none' as const,
    fields,
  });

  it('keeps the fields it changes with the show as it was, and shows what they may be', async () => {
    const w = world();
    showWithFields(w.database);
    put(join(w.media, '870-1-Council.mp4'), 'video');
    await w.service.addFolder(w.media);
    const [row] = list(w.service);
    const detail = await w.service.get(row!.id);
    expect(detail.show?.choices).toMatchObject({
      categories: [
        { id: 7, name: 'Government' },
        { id: 9, name: 'Meetings' },
      ],
      thumbnails: [
        {
          id: 2894,
          url: 'https://cablecast.example/cablecastapi/dynamicthumbnails/2894?d=320x180',
        },
        {
          id: 2895,
          url: 'https://cablecast.example/cablecastapi/dynamicthumbnails/2895?d=320x180',
        },
      ],
      fields: [
        { showField: 1, name: 'Tags', type: 'tag', options: null },
        { showField: 3, name: 'Sub-Category', type: 'string', options: null },
        {
          showField: 4,
          name: 'Room',
          type: 'select',
          options: [
            { id: 11, name: 'Chambers' },
            { id: 12, name: 'Annex' },
          ],
        },
      ],
    });
    const saved = w.service.saveDraft(
      input(row!.id, {
        categoryId: 7, // the show's own: dropped
        projectId: null, // the show's own (none): dropped
        thumbnailId: 2895,
        customFields: [
          { showField: 3, value: ' Budget ' },
          { showField: 4, value: 11 }, // the show's own: dropped
        ],
      }),
    );
    expect(saved.fields).toEqual({
      thumbnailId: 2895,
      customFields: [{ showField: 3, value: 'Budget' }],
    });
    expect(saved.base).toMatchObject({ showId: 870, categoryId: 7, thumbnailId: 2894 });
    expect(saved.base?.customFields).toEqual([
      { showField: 1, value: 'council' },
      { showField: 3, value: null },
      { showField: 4, value: 11 },
    ]);
    expect((await w.reopen().get(row!.id)).draft.fields).toEqual(saved.fields);
  });

  it('refuses a value the show cannot take, naming the field', async () => {
    const w = world();
    showWithFields(w.database);
    put(join(w.media, '870-1-Council.mp4'), 'video');
    put(join(w.media, 'Unlinked.mp4'), 'video');
    await w.service.addFolder(w.media);
    const id = byName(list(w.service), '870-1-Council.mp4').id;
    const refused = (fields: Record<string, unknown>) => {
      try {
        w.service.saveDraft(input(id, fields));
      } catch (error) {
        return error as AppError;
      }
      throw new Error('saved');
    };
    expect(refused({ categoryId: 12 })).toMatchObject({
      path: 'fields.categoryId',
      message: "There is no category 12 on Cablecast for this show's location.",
    });
    expect(refused({ thumbnailId: 1 }).path).toBe('fields.thumbnailId');
    expect(refused({ customFields: [{ showField: 4, value: 99 }] })).toMatchObject({
      path: 'fields.customFields.0',
      message: 'Room: 99 is not one of its options.',
    });
    expect(refused({ customFields: [{ showField: 1, value: 'x' }] }).message).toMatch(
      /Tags holds the draft's tags/,
    );
    expect(refused({ customFields: [{ showField: 77, value: 'x' }] }).message).toBe(
      'The show has no custom field 77.',
    );
    const unlinked = byName(list(w.service), 'Unlinked.mp4').id;
    expect(() => w.service.saveDraft(input(unlinked, { categoryId: 7 }))).toThrow(
      /not linked to a show/,
    );
  });
});

describe.skipIf(!haveFfmpeg)('with ffprobe', () => {
  let clip: Buffer;
  beforeAll(() => {
    const temp = makeTempDir('archivist-clip-');
    const out = join(temp.dir, 'clip.mp4');
    execFileSync(FFMPEG, [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30000/1001:duration=3'],
      ...['-timecode', '01:00:00;00', '-pix_fmt', 'yuv420p', '-y', out],
    ]);
    clip = readFileSync(out);
    temp.remove();
  });

  it('reads the duration and start timecode, and fails a file that is not a video', async () => {
    const w = world({ prober: createVideoProber(FFPROBE) });
    put(join(w.media, 'Clip.mp4'), clip);
    put(join(w.media, 'Clip.scc'), convertToScc(SRT, 'srt', { startFrame: 107_892 }).scc);
    put(join(w.media, 'Text.mp4'), 'this is not a video');
    await w.service.addFolder(w.media);
    const rows = list(w.service);
    const detail = await w.service.get(byName(rows, 'Clip.mp4').id);
    expect(detail.durationSec).toBeCloseTo(3, 0);
    expect(detail.startTimecode).toBe('01:00:00;00');
    expect(detail.probeProblem).toBeNull();
    // Captions labelled from 01:00:00;00 play from the video's start (the first one shows once
    // its characters have been sent, a little after 0.5 s), not an hour in.
    const preview = await w.service.captions(detail.id);
    expect(preview.cues[0]!.startSec).toBeGreaterThan(0.4);
    expect(preview.cues[0]!.startSec).toBeLessThan(1.5);
    expect(byName(rows, 'Text.mp4')).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/^The video could not be read: /),
    });
  });

  it('does not fail a video when ffprobe only ran out of time, and tries again', async () => {
    const w = world({ prober: createVideoProber(FFPROBE, { timeoutMs: 1 }) });
    put(join(w.media, 'Clip.mp4'), clip);
    put(join(w.media, 'Clip.scc'), SCC);
    await w.service.addFolder(w.media);
    const detail = await w.service.get(list(w.service)[0]!.id);
    expect(detail.probeProblem).toMatch(/did not finish reading the file/);
    expect(detail.state).toBe('needs-summary');
    const service = w.reopen(createVideoProber(FFPROBE));
    await service.start();
    const again = await service.get(detail.id);
    expect(again.probeProblem).toBeNull();
    expect(again.durationSec).toBeCloseTo(3, 0);
  });

  it('keeps an operator’s link made while a scan is examining the same recording', async () => {
    // ffprobe held at the gate, so the link arrives while the scan's examination is under way.
    const real = createVideoProber(FFPROBE);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let probing!: () => void;
    const probed = new Promise<void>((resolve) => (probing = resolve));
    const gated: Prober = {
      available: true,
      message: null,
      probe: async (file) => {
        probing();
        await gate;
        return real.probe(file);
      },
    };
    const w = world({ prober: gated });
    addShow(w.database, { id: 500, title: 'Planning Commission' });
    put(join(w.media, 'Planning Commission.mp4'), clip);
    put(join(w.media, 'Planning Commission.scc'), SCC);
    put(join(w.media, 'Planning Commission_summary.txt'), SUMMARY);
    const adding = w.service.addFolder(w.media);
    await probed;
    const [row] = list(w.service);
    const linking = w.service.link(row!.id, 500);
    open();
    await Promise.all([adding, linking]);
    await w.service.idle();
    expect(list(w.service)[0]).toMatchObject({
      state: 'linked',
      link: { showId: 500, method: 'operator' },
      durationSec: expect.closeTo(3, 0) as unknown,
    });
  });

  it('does not fail a video that probed well when a later probe only runs out of time', async () => {
    const w = world({ prober: createVideoProber(FFPROBE) });
    put(join(w.media, 'Clip.mp4'), clip);
    put(join(w.media, 'Clip.scc'), SCC);
    await w.service.addFolder(w.media);
    expect(list(w.service)[0]?.durationSec).toBeCloseTo(3, 0);
    // The video is replaced; the share is slow now.
    const service = w.reopen(createVideoProber(FFPROBE, { timeoutMs: 1 }));
    put(join(w.media, 'Clip.mp4'), Buffer.concat([clip, Buffer.alloc(16)]));
    await service.scan();
    await service.scan();
    const [row] = list(service);
    expect(row?.state).toBe('needs-summary');
    expect((await service.get(row!.id)).probeProblem).toMatch(/did not finish/);
  });
});

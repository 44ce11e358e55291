import { describe, expect, it } from 'vitest';
import {
  parseList,
  parseListLenient,
  parseMeta,
  parseResource,
  parseSideloads,
  type InvalidRecord,
  type ResponseContext,
} from './cablecast.envelope';
import { CablecastError } from './cablecast.errors';
import {
  CategorySchema,
  SessionSchema,
  ShowSchema,
  SystemInfoSchema,
  VodSchema,
} from './cablecast.schemas';
import { sessionUserName, sessionWriteAccess } from './cablecast.session';
import { URBANA_SHOW_870, URBANA_VOD_1207, clone } from './testing/fixtures';

const ctx: ResponseContext = { server: 'https://urbana.cablecast.tv' };

function badResponse(fn: () => unknown): CablecastError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CablecastError) return error;
    throw error;
  }
  throw new Error('expected a bad-response error');
}

function showWith(patch: Record<string, unknown>): Record<string, unknown> {
  return { ...clone(URBANA_SHOW_870.show), ...patch };
}

describe('schemas accept real data', () => {
  it('parses the real show 870 response, keeping unknown fields', () => {
    const show = parseResource(clone(URBANA_SHOW_870), 'show', ShowSchema, ctx);
    expect(show.id).toBe(870);
    expect(show.reels).toEqual([871]);
    expect(show.vods).toEqual([1207]);
    expect(show.customFields[2]).toMatchObject({ showField: 3, type: 'string', value: '' });
    // Not in our schema, but kept for whoever needs it.
    expect(show.showPriceSearch).toBeNull();
    expect(show.ageRating).toBeNull();
    expect(parseMeta(clone(URBANA_SHOW_870), ctx)).toBeNull();
  });

  it('parses the real VOD 1207 response', () => {
    const vod = parseResource(clone(URBANA_VOD_1207), 'vod', VodSchema, ctx);
    expect(vod).toMatchObject({
      id: 1207,
      show: 870,
      vodState: 'complete',
      percentComplete: 1,
      chapters: [],
    });
    expect(vod.isOnCloud).toBe(false);
  });

  it('accepts nulls for optional fields and extra properties a newer server adds', () => {
    const show = ShowSchema.parse(
      showWith({
        reels: null,
        customFields: null,
        eventDate: null,
        category: null,
        brandNewField: { nested: true },
      }),
    );
    expect(show.reels).toEqual([]);
    expect(show.customFields).toEqual([]);
    expect(show.brandNewField).toEqual({ nested: true });
  });

  it('accepts a minimal show (id and title)', () => {
    expect(ShowSchema.parse({ id: 1, title: 'Only this' }).vods).toEqual([]);
  });

  it('accepts system info with nothing but extra fields, and custom field values of any JSON type', () => {
    expect(SystemInfoSchema.parse({ somethingNew: 1 }).somethingNew).toBe(1);
    const show = ShowSchema.parse(
      showWith({
        customFields: [
          {
            id: 1,
            showField: 2,
            value: 15190,
            type: 'file',
            fieldName: 'Agenda',
            fieldValueString: null,
          },
        ],
      }),
    );
    expect(show.customFields[0]?.value).toBe(15190);
  });
});

describe('schemas reject wrong types, naming the field', () => {
  it.each([
    [{ id: '870' }, 'show.id', 'expected a numeric id, got string'],
    [{ id: 870.5 }, 'show.id', 'expected a whole-number id, got 870.5'],
    [{ eventDate: 1_724_540_400 }, 'show.eventDate', 'expected a date string, got number'],
    [{ eventDate: 'last Tuesday' }, 'show.eventDate', 'expected a date string, got "last Tuesday"'],
    [{ reels: 871 }, 'show.reels', 'expected a list, got number'],
    [{ reels: ['871'] }, 'show.reels[0]', 'expected a numeric id, got string'],
    [{ title: null }, 'show.title', 'expected a title string, got null'],
    [
      { title: undefined },
      'show.title',
      'expected a title string, got nothing (the field is missing)',
    ],
    [{ cgExempt: 'no' }, 'show.cgExempt', 'expected true or false, got string'],
    [
      { customFields: [{ showField: 'x' }] },
      'show.customFields[0].showField',
      'expected a numeric id, got string',
    ],
  ])('%j → %s', (patch, path, detail) => {
    const error = badResponse(() =>
      parseResource({ meta: null, show: showWith(patch) }, 'show', ShowSchema, ctx),
    );
    expect(error.kind).toBe('bad-response');
    expect(error.path).toBe(path);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      `Cablecast's response from https://urbana.cablecast.tv did not match what we expect at ${path}: ${detail}.`,
    );
    expect(error.toAppError()).toMatchObject({ code: 'BAD_RESPONSE', path });
  });

  it('names the index inside a list', () => {
    const shows = [1, 2, 3, 4].map((id) => showWith({ id }));
    const broken = shows[3];
    if (broken) broken.eventDate = 5;
    const error = badResponse(() => parseList({ shows }, 'shows', ShowSchema, ctx));
    expect(error.path).toBe('shows[3].eventDate');
    expect(error.message).toMatch(
      /at shows\[3\]\.eventDate: expected a date string, got number\.$/,
    );
  });

  it('rejects a broken envelope', () => {
    expect(badResponse(() => parseList([], 'shows', ShowSchema, ctx)).message).toMatch(
      /expected a JSON object, got a list/,
    );
    expect(badResponse(() => parseList({ show: {} }, 'shows', ShowSchema, ctx)).path).toBe('shows');
    expect(badResponse(() => parseResource({ show: [] }, 'show', ShowSchema, ctx)).path).toBe(
      'show',
    );
    expect(badResponse(() => parseResource(undefined, 'show', ShowSchema, ctx)).message).toMatch(
      /expected a JSON object, got nothing/,
    );
  });

  it('rejects a category without a name and a VOD with a string percentComplete', () => {
    expect(
      badResponse(() =>
        parseList({ categories: [{ id: 1, name: 3 }] }, 'categories', CategorySchema, ctx),
      ).path,
    ).toBe('categories[0].name');
    expect(
      badResponse(() =>
        parseResource(
          { vod: { ...clone(URBANA_VOD_1207.vod), percentComplete: '100%' } },
          'vod',
          VodSchema,
          ctx,
        ),
      ).path,
    ).toBe('vod.percentComplete');
  });
});

describe('record-by-record validation', () => {
  it('keeps the good shows and reports each bad one with its id and field', () => {
    const shows = [
      showWith({ id: 1 }),
      showWith({ id: 2, eventDate: 42 }),
      showWith({ id: 3 }),
      { id: 4, title: 'x', vods: 'none' },
    ];
    const reported: InvalidRecord[] = [];
    const { items, invalid } = parseListLenient({ shows }, 'shows', ShowSchema, ctx, (info) =>
      reported.push(info),
    );
    expect(items.map((s) => s.id)).toEqual([1, 3]);
    expect(reported).toEqual(invalid);
    expect(invalid).toEqual([
      {
        id: 2,
        path: 'shows[1].eventDate',
        message: 'expected a date string, got number',
        key: 'shows',
        index: 1,
      },
      {
        id: 4,
        path: 'shows[3].vods',
        message: 'expected a list, got string',
        key: 'shows',
        index: 3,
      },
    ]);
  });

  it('a broken envelope is still a hard error', () => {
    expect(badResponse(() => parseListLenient('<html>', 'shows', ShowSchema, ctx)).kind).toBe(
      'bad-response',
    );
    expect(badResponse(() => parseListLenient({ shows: {} }, 'shows', ShowSchema, ctx)).path).toBe(
      'shows',
    );
  });
});

describe('sideloads and meta', () => {
  it('reads reels, vods and media under either media or medias', () => {
    const body = {
      shows: [],
      reels: [{ id: 99, show: 1, length: 200, media: 9999, extra: true }],
      vods: [clone(URBANA_VOD_1207.vod)],
      media: [{ id: 9999, name: 'An Awesome Media' }],
      medias: [{ id: 10_000, name: 'Another' }],
      meta: { offset: 0, pageSize: 20, count: 199 },
    };
    const sideloads = parseSideloads(body, ctx);
    expect(sideloads.reels[0]?.media).toBe(9999);
    expect(sideloads.vods[0]?.id).toBe(1207);
    expect(sideloads.media.map((m) => m.id)).toEqual([9999, 10_000]);
    expect(parseMeta(body, ctx)).toEqual({ offset: 0, pageSize: 20, count: 199 });
  });

  it('a wrongly typed sideload is an error in strict mode and a reported record in lenient mode', () => {
    const body = {
      shows: [],
      reels: [
        { id: 1, length: 'long' },
        { id: 2, length: 60 },
      ],
    };
    expect(badResponse(() => parseSideloads(body, ctx)).path).toBe('reels[0].length');
    const invalid: InvalidRecord[] = [];
    const lenient = parseSideloads(body, ctx, { lenient: true, invalid });
    expect(lenient.reels.map((r) => r.id)).toEqual([2]);
    expect(invalid[0]).toMatchObject({ id: 1, path: 'reels[0].length' });
  });

  it('meta with a string count is rejected', () => {
    expect(badResponse(() => parseMeta({ meta: { count: 'many' } }, ctx)).path).toBe('meta.count');
  });
});

describe('session', () => {
  it('reads the user and the right to write from several shapes', () => {
    const admin = SessionSchema.parse({ user: 'admin', isAdmin: true, permissions: [] });
    expect(sessionUserName(admin)).toBe('admin');
    expect(sessionWriteAccess(admin)).toEqual({ canWrite: true, basis: 'administrator' });

    const operator = SessionSchema.parse({
      user: { id: 4, userName: 'operator' },
      isAdmin: false,
      permissions: ['ViewShows', 'EditShows'],
    });
    expect(sessionUserName(operator)).toBe('operator');
    expect(sessionWriteAccess(operator)).toEqual({ canWrite: true, basis: 'EditShows' });

    const viewer = SessionSchema.parse({
      user: { name: 'viewer' },
      isAdmin: false,
      permissions: ['ViewShows', { name: 'ViewVod' }],
    });
    expect(sessionWriteAccess(viewer).canWrite).toBe(false);

    const objects = SessionSchema.parse({
      user: null,
      permissions: [
        { name: 'EditVod', granted: false },
        { key: 'x', canWrite: true },
      ],
    });
    expect(sessionUserName(objects)).toBeNull();
    expect(sessionWriteAccess(objects).canWrite).toBe(true);

    expect(sessionWriteAccess(SessionSchema.parse({ user: 'x' })).canWrite).toBeNull();
  });

  it('rejects a session whose permissions are not a list', () => {
    expect(
      badResponse(() =>
        parseResource({ session: { permissions: 'all' } }, 'session', SessionSchema, ctx),
      ).path,
    ).toBe('session.permissions');
  });
});

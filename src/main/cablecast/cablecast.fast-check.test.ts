import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { startSimulator, type Simulator } from '../simulator';
import { FAST_SHAPES, fastCheck, type FieldKind, type Shape } from './cablecast.fast-check';
import { ReelSchema, ShowCustomFieldSchema, ShowSchema, VodSchema } from './cablecast.schemas';
import { URBANA_SHOW_870, URBANA_VOD_1207, clone } from './testing/fixtures';

/** What a server might send instead, one at a time, for every field (undefined: left out). */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  '2026-07-14T18:00:00-05:00',
  '7/14/2026 12:00:00 AM',
  'not a date',
  0,
  42,
  -3,
  1.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  [1, 2],
  [1.5],
  ['a'],
  [null],
  [{}],
  [{ id: 'x' }],
  [{ fieldName: 3 }],
  {},
  { url: 3 },
  { url: 'https://x/y.jpg' },
];

const SHAPE_OF: [string, z.ZodType, Shape][] = [
  ['show', ShowSchema, FAST_SHAPES.get(ShowSchema) as Shape],
  ['reel', ReelSchema, FAST_SHAPES.get(ReelSchema) as Shape],
  ['vod', VodSchema, FAST_SHAPES.get(VodSchema) as Shape],
];

/** The fast check accepts exactly what zod accepts, and gives the same value. */
function expectSameVerdict(schema: z.ZodType, shape: Shape, record: unknown): void {
  const zod = schema.safeParse(clone(record));
  const fast = fastCheck(shape, record === undefined ? undefined : clone(record));
  const label = JSON.stringify(record)?.slice(0, 300);
  expect(fast !== undefined, `fast check vs zod (${zod.success}) on ${label}`).toBe(zod.success);
  if (zod.success) expect(fast).toEqual(zod.data);
}

let sim: Simulator;
const real: Record<'show' | 'reel' | 'vod', unknown[]> = { show: [], reel: [], vod: [] };

beforeAll(async () => {
  sim = await startSimulator({ seed: { shows: 300, randomSeed: 11 } });
  sim.data.buildAll();
  // Through JSON, as the records come off the wire (and so the simulator's own stay untouched).
  real.show = clone([...sim.data.shows.values()]);
  real.reel = clone([...sim.data.reels.values()]);
  real.vod = clone([...sim.data.vods.values()]);
  real.show.push(clone(URBANA_SHOW_870.show));
  real.vod.push(clone(URBANA_VOD_1207.vod));
});

afterAll(async () => {
  await sim.close();
});

describe('fast checks of shows, reels and VODs', () => {
  it('mirror their schemas key for key', () => {
    const keys = (schema: z.ZodType): string[] =>
      Object.keys((schema as unknown as { shape: Record<string, unknown> }).shape).sort();
    for (const [, schema, shape] of SHAPE_OF)
      expect(Object.keys(shape).sort()).toEqual(keys(schema));
    const custom = (SHAPE_OF[0]?.[2].customFields as { list: Shape }).list;
    expect(Object.keys(custom).sort()).toEqual(keys(ShowCustomFieldSchema));
  });

  it('accept every real record, with the value zod gives', () => {
    for (const [name, schema, shape] of SHAPE_OF) {
      const records = real[name as keyof typeof real];
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) {
        expect(fastCheck(shape, clone(record))).toEqual(schema.parse(clone(record)));
      }
    }
  });

  it('agree with zod on every field set to an odd value', () => {
    for (const [name, schema, shape] of SHAPE_OF) {
      const base = real[name as keyof typeof real][0] as Record<string, unknown>;
      const nested = (key: string, kind: FieldKind): [string, string][] =>
        typeof kind === 'object'
          ? Object.keys('list' in kind ? kind.list : kind.object).map((inner) => [key, inner])
          : [];
      for (const [key, kind] of Object.entries(shape)) {
        for (const odd of ODD_VALUES) {
          const record = clone(base);
          if (odd === undefined) delete record[key];
          else record[key] = odd;
          expectSameVerdict(schema, shape, record);
        }
        for (const [outer, inner] of nested(key, kind)) {
          for (const odd of ODD_VALUES) {
            const record = clone(base);
            const holder =
              'list' in (kind as object)
                ? ((record[outer] as Record<string, unknown>[] | undefined)?.[0] ??
                  ((record[outer] = [{}]) as Record<string, unknown>[])[0])
                : ((record[outer] as Record<string, unknown> | null | undefined) ??
                  (record[outer] = {}));
            const target = holder as Record<string, unknown>;
            if (odd === undefined) delete target[inner];
            else target[inner] = odd;
            expectSameVerdict(schema, shape, record);
          }
        }
      }
      for (const notARecord of [null, undefined, [], 'show', 5]) {
        expectSameVerdict(schema, shape, notARecord);
      }
    }
  });

  it('keep unknown fields and fill absent id lists', () => {
    const show = clone(URBANA_SHOW_870.show) as Record<string, unknown>;
    delete show.reels;
    show.vods = null;
    show.somethingNew = { nested: [1] };
    const checked = fastCheck(SHAPE_OF[0]?.[2] as Shape, show);
    expect(checked).toMatchObject({ reels: [], vods: [], somethingNew: { nested: [1] } });
  });
});

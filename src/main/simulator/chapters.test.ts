import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChapterDto, VodDto } from './simulator.dtos';
import { startSimulator } from './simulator.server';
import { getJson } from './simulator.test-support';
import type { Simulator } from './simulator.types';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: { shows: 400, randomSeed: 5 } });
});

afterAll(async () => {
  await (sim as Simulator | undefined)?.close();
});

interface Chapters {
  chapters: ChapterDto[];
}

/** VOD ids by whether they carry seeded chapters (builds every show: fine at 400). */
function vodsBy(withChapters: boolean): VodDto[] {
  return [...sim.data.vods.values()].filter((vod) => vod.chapters.length > 0 === withChapters);
}

describe('seeded chapters', () => {
  it('mark up a share of the complete meeting VODs, agenda-like and in order', async () => {
    const chaptered = vodsBy(true);
    expect(chaptered.length).toBeGreaterThan(20);
    for (const vod of chaptered) {
      expect(vod.vodState).toBe('complete');
      expect(vod.chaptersPublished).toBe(true);
      expect(sim.data.getShow(vod.show)?.title).toMatch(/meeting|Work Session/);
    }
    const vod = chaptered[0]!;
    const { chapters } = await getJson<Chapters>(`${sim.apiBase}/chapters?vod=${vod.id}`);
    expect(chapters.map((c) => c.id)).toEqual(vod.chapters);
    expect(chapters.length).toBeGreaterThanOrEqual(5);
    expect(chapters[0]).toMatchObject({
      vod: vod.id,
      title: 'Call to Order',
      offset: 0,
      deleted: false,
      hidden: false,
    });
    expect(chapters[1]?.title).toBe('Roll Call');
    expect(chapters.at(-1)?.title).toBe('Adjournment');
    const offsets = chapters.map((c) => c.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(Math.max(...offsets)).toBeLessThan(vod.length);
    for (const offset of offsets) expect(Number.isInteger(offset)).toBe(true);
  });

  it('are the same for the same seed, whichever show is looked at first', async () => {
    const other = await startSimulator({ seed: { shows: 400, randomSeed: 5 } });
    try {
      const vods = vodsBy(true).slice(-3);
      for (const vod of vods.reverse()) {
        const a = await getJson<Chapters>(`${sim.apiBase}/chapters?vod=${vod.id}`);
        const b = await getJson<Chapters>(`${other.apiBase}/chapters?vod=${vod.id}`);
        expect(b).toEqual(a);
      }
    } finally {
      await other.close();
    }
  });

  it('are served one by one, and an unknown one is a 404', async () => {
    const vod = vodsBy(true)[1]!;
    const id = vod.chapters[2]!;
    const { chapter } = await getJson<{ chapter: ChapterDto }>(`${sim.apiBase}/chapters/${id}`);
    expect(chapter).toMatchObject({ id, vod: vod.id });
    expect((await fetch(`${sim.apiBase}/chapters/99999999`)).status).toBe(404);
  });

  it('answer an empty list for VODs without chapters and for unknown VODs', async () => {
    const plain = vodsBy(false)[0]!;
    expect(await getJson<Chapters>(`${sim.apiBase}/chapters?vod=${plain.id}`)).toEqual({
      chapters: [],
    });
    expect(await getJson<Chapters>(`${sim.apiBase}/chapters?vod=99999999`)).toEqual({
      chapters: [],
    });
  });
});

describe('chapters changed on the server', () => {
  it('lists deleted and hidden ones too (clients filter), and the WebVTT file only the public ones', async () => {
    const vod = vodsBy(true)[2]!;
    const [first, second] = vod.chapters;
    sim.data.updateChapter(first!, { deleted: true });
    sim.data.updateChapter(second!, { hidden: true });
    const added = sim.data.addChapter(vod.id, { title: 'Closed Session', offset: 5 });
    const { chapters } = await getJson<Chapters>(`${sim.apiBase}/chapters?vod=${vod.id}`);
    expect(chapters.map((c) => c.id)).toEqual([...vod.chapters]);
    expect(chapters.find((c) => c.id === first)?.deleted).toBe(true);
    expect(chapters.find((c) => c.id === second)?.hidden).toBe(true);
    expect(chapters.at(-1)).toMatchObject({ id: added.id, title: 'Closed Session', offset: 5 });

    const vtt = await (await fetch(`${sim.apiBase}/vods/${vod.id}/chapters`)).text();
    expect(vtt).toMatch(/^WEBVTT/);
    expect(vtt).toContain('00:00:05.000 --> ');
    expect(vtt).toContain('Closed Session');
    expect(vtt).toContain('Adjournment');
    expect(vtt).not.toContain('Call to Order');
  });

  it('go with their show when it is deleted', async () => {
    const vod = vodsBy(true)[3]!;
    const chapterId = vod.chapters[0]!;
    sim.data.deleteShow(vod.show);
    expect((await fetch(`${sim.apiBase}/chapters/${chapterId}`)).status).toBe(404);
    expect(await getJson<Chapters>(`${sim.apiBase}/chapters?vod=${vod.id}`)).toEqual({
      chapters: [],
    });
  });
});

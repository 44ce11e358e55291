import { describe, expect, it } from 'vitest';
import type { TranscriptCue } from '../../../shared/library';
import { chaptersFromAgenda } from './agenda-match';
import { parseAgenda } from './agenda-parse';
import { normalizeChapters, snapToFrame } from './chapters';
import {
  COUNCIL_AGENDA,
  COUNCIL_SECTIONS,
  MEETING_DURATION_SEC,
  councilTranscript,
} from './testing/council-meeting';

const OPTIONS = { durationSec: MEETING_DURATION_SEC, frameRate: null };

describe('parseAgenda', () => {
  it('reads numbered, lettered and Roman items and drops headings and furniture', () => {
    const items = parseAgenda(COUNCIL_AGENDA);
    expect(items.map((i) => i.title)).toEqual([
      'Call to Order',
      'Pledge of Allegiance',
      'Roll Call',
      'Approval of Minutes – December 17, 2024 Regular Meeting',
      'Public Comment (non-agenda items, 3 minutes per speaker)',
      'PUBLIC HEARING: Fiscal Year 2025 Budget Amendment (Resolution 25-03)',
      'Presentation: Birchwood Library Renovation Project Update',
      'Ordinance 2025-01 – Rezoning of parcel at 400 Elm Street (second reading)',
      'Proclamation Honoring Arbor Day Volunteers',
      'Council Reports',
      'Adjournment',
    ]);
    expect(items[0]?.line).toBe(6);
  });

  it('handles bullets, (a), 1.2, Item 5:, page leaders, scheduled times and wrapped lines', () => {
    const items = parseAgenda(
      [
        '\uFEFFAGENDA\r',
        '• Call to order\r',
        '(a) Consent agenda ........ 3\r',
        '1.2 Approval of the warrant list\r',
        'Item 5: Public hearing on the water rate\r',
        '   increase for 2025\r',
        'Staff recommends approval.\r',
        '- 8:15 PM Executive session\r',
        '- https://birchwood.gov/agenda\r',
        '- Page 3 of 4\r',
      ].join('\n'),
    );
    expect(items.map((i) => i.title)).toEqual([
      'Call to order',
      'Consent agenda',
      'Approval of the warrant list',
      'Public hearing on the water rate increase for 2025',
      'Executive session',
    ]);
  });

  it('takes every line as an item when nothing is numbered', () => {
    expect(
      parseAgenda('Regular Meeting Agenda\n\nCall to order\nConsent Agenda\n7\nAdjourn').map(
        (i) => i.title,
      ),
    ).toEqual(['Call to order', 'Consent Agenda', 'Adjourn']);
  });
});

describe('chaptersFromAgenda', () => {
  const cues = councilTranscript();

  it('finds each item where it was discussed in a two-hour meeting', () => {
    expect(cues.length).toBeGreaterThan(180);
    expect(cues.length).toBeLessThan(240);
    const r = chaptersFromAgenda(COUNCIL_AGENDA, cues, OPTIONS);
    const expected = COUNCIL_SECTIONS.filter((s) => s.startSec !== null).map((s) => ({
      offsetSec: snapToFrame(s.startSec ?? 0, null),
      title: parseAgenda(s.agenda)[0]?.title,
    }));
    expect(r.chapters).toEqual(expected);
    expect(r.notes).toEqual([
      "Not found in the transcript: 'Proclamation Honoring Arbor Day Volunteers'.",
    ]);
  });

  it('finds them for other random meetings of the same shape too', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const r = chaptersFromAgenda(COUNCIL_AGENDA, councilTranscript(seed), OPTIONS);
      expect(r.chapters.map((c) => Math.round(c.offsetSec))).toEqual(
        COUNCIL_SECTIONS.flatMap((s) => (s.startSec === null ? [] : [s.startSec])),
      );
    }
  });

  it('gives chapters that normalise to themselves', () => {
    const r = chaptersFromAgenda(COUNCIL_AGENDA, cues, OPTIONS);
    expect(normalizeChapters(r.chapters, OPTIONS)).toEqual({ chapters: r.chapters, notes: [] });
  });

  it('does not invent times for items never discussed', () => {
    const r = chaptersFromAgenda(
      '1. Proclamation honoring Arbor Day volunteers\n2. Executive session on litigation',
      cues,
      OPTIONS,
    );
    expect(r.chapters).toEqual([]);
    expect(r.notes).toEqual([
      "Not found in the transcript: 'Proclamation honoring Arbor Day volunteers' and 'Executive session on litigation'.",
    ]);
  });

  it('places an item taken up out of agenda order, with a note', () => {
    // The agenda lists the ordinance before the budget hearing; the meeting did it the other way.
    const agenda = [
      '1. Public hearing: fiscal year 2025 budget amendment',
      '2. Ordinance rezoning the Elm Street parcel, second reading',
      '3. Library renovation presentation',
    ].join('\n');
    const swapped = chaptersFromAgenda(
      [agenda.split('\n')[1], agenda.split('\n')[0], agenda.split('\n')[2]].join('\n'),
      cues,
      OPTIONS,
    );
    expect(swapped.chapters.map((c) => Math.round(c.offsetSec))).toEqual([1560, 3060, 4260]);
    expect(swapped.notes).toHaveLength(1);
    expect(swapped.notes[0]).toMatch(/was found out of agenda order, at 1:11:00/);
  });

  it('matches words typed without accents and paraphrased', () => {
    const spoken: TranscriptCue[] = [
      { startSec: 1, endSec: 4, text: 'Good evening.' },
      {
        startSec: 60,
        endSec: 64,
        text: 'We now honor José Muñoz for thirty years at the library.',
      },
      { startSec: 200, endSec: 204, text: 'Next, the water rates are going up by four percent.' },
    ];
    const r = chaptersFromAgenda('A. Recognition of Jose Munoz\nB. Water rate increase', spoken, {
      durationSec: 300,
      frameRate: 25,
    });
    expect(r.chapters).toEqual([
      { offsetSec: 60, title: 'Recognition of Jose Munoz' },
      { offsetSec: 200, title: 'Water rate increase' },
    ]);
  });

  it('works on a short transcript, as the service uses it', () => {
    const r = chaptersFromAgenda(
      '1. Call to order\n2. Public comment on the budget\n3. Executive session',
      [
        { startSec: 0.5, endSec: 2, text: 'Good evening, the meeting will come to order.' },
        { startSec: 2.5, endSec: 4.5, text: 'First item: public comment on the budget.' },
      ],
      { durationSec: null, frameRate: null },
    );
    expect(r.chapters.map((c) => c.title)).toEqual([
      'Call to order',
      'Public comment on the budget',
    ]);
    expect(r.notes).toEqual(["Not found in the transcript: 'Executive session'."]);
  });

  it('says when there is nothing to match', () => {
    expect(chaptersFromAgenda('AGENDA\n\nPage 1', cues, OPTIONS)).toEqual({
      chapters: [],
      notes: ['No agenda items were found in the pasted text.'],
    });
    expect(chaptersFromAgenda('1. Call to order', [], OPTIONS)).toEqual({
      chapters: [],
      notes: ['There is no transcript to find the agenda items in: the captions are empty.'],
    });
  });
});

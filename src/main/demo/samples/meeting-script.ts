/**
 * The words of a sample recording: a short meeting in three agenda items, as captions (timed to
 * the video) and as the summary an AI tool or a clerk would write, so the summary's topics are
 * found in the transcript.
 */
import { dateInWords, MONTH_NAMES } from '../../library/enhance/draft';

export interface AgendaTopic {
  /** The agenda item as a summary or a chapter names it. */
  heading: string;
  /** Two things said about it, one caption each. */
  said: readonly [string, string];
  /** One sentence for the summary's prose. */
  summary: string;
}

export interface ScriptCue {
  start: number;
  end: number;
  text: string;
}

export interface ScriptSection {
  /** Whole seconds from the start of the video. */
  offsetSec: number;
  heading: string;
  summary: string;
}

export interface MeetingScript {
  cues: ScriptCue[];
  sections: ScriptSection[];
}

/** The agenda items the samples talk about, one per sample, in sample order. */
export const SAMPLE_TOPICS = {
  publicComment: {
    heading: 'Public comment',
    said: [
      'We now open the floor for public comment.',
      'Residents asked about sidewalk repairs on Main Street.',
    ],
    summary: 'During public comment, residents asked about sidewalk repairs on Main Street.',
  },
  mainStreet: {
    heading: 'Main Street reconstruction contract',
    said: [
      'Next is the Main Street reconstruction contract.',
      'The motion to award the contract to Northland Paving carries.',
    ],
    summary:
      'Members awarded the Main Street reconstruction contract to Northland Paving; work starts in May.',
  },
  rezoning: {
    heading: 'Rezoning request for the former Kmart site',
    said: [
      'Item four is the rezoning request for the former Kmart site.',
      'Staff recommends mixed use housing with shops on the ground floor.',
    ],
    summary:
      'The rezoning request for the former Kmart site was recommended for approval as mixed use housing.',
  },
  parks: {
    heading: 'Parks capital improvement plan',
    said: [
      'Now the parks capital improvement plan.',
      'The plan replaces the playground at Riverside Park next year.',
    ],
    summary: 'The parks capital improvement plan replaces the Riverside Park playground next year.',
  },
  reading: {
    heading: 'New reading curriculum',
    said: [
      'Let us turn to the new reading curriculum.',
      'Teachers will pilot the reading curriculum in second grade.',
    ],
    summary: 'Teachers will pilot the new reading curriculum in second grade this spring.',
  },
  libraryHours: {
    heading: 'Sunday library hours',
    said: [
      'The director proposes Sunday library hours.',
      'The library would open from noon to four on Sundays.',
    ],
    summary: 'The director proposed Sunday library hours, noon to four, starting in March.',
  },
  grants: {
    heading: 'Small business grants',
    said: [
      'Next are the small business grants.',
      'Six downtown shops will receive storefront grants.',
    ],
    summary: 'Six downtown shops will receive small business grants for their storefronts.',
  },
  cafe: {
    heading: 'Sidewalk café permits',
    said: [
      'Next, sidewalk café permits on Rue Sainte-Geneviève.',
      'Señora Peña and Mr. Müller support the outdoor seating.',
    ],
    summary:
      'Sidewalk café permits on Rue Sainte-Geneviève were discussed; Señora Peña and Mr. Müller spoke in favour.',
  },
  snow: {
    heading: 'Snow plowing policy',
    said: [
      'Public works presented the snow plowing policy.',
      'Main roads are plowed first, then school routes.',
    ],
    summary:
      'Public works presented the snow plowing policy: main roads first, then school routes.',
  },
} as const satisfies Record<string, AgendaTopic>;

/** `City Council` from `City Council Regular meeting` or `City Council Work Session`. */
export function bodyOf(baseTitle: string): string {
  const body = baseTitle
    .replace(/\s+(regular|special|annual|joint)?\s*(meeting|work session|hearing)\s*$/i, '')
    .trim();
  return body === '' ? 'board' : body;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * Three agenda items over `durationSec`: call to order, `topic`, adjournment, each starting on a
 * whole second (the summary's timestamps) with two captions inside it.
 */
export function meetingScript(
  body: string,
  topic: AgendaTopic,
  durationSec: number,
): MeetingScript {
  const third = durationSec / 3;
  const starts = [0, Math.round(third), Math.round(2 * third)];
  const sections: { heading: string; said: readonly [string, string]; summary: string }[] = [
    {
      heading: 'Call to order',
      said: ['Good evening, everyone.', `I call this ${body} meeting to order.`],
      summary: `The chair called the ${body} meeting to order.`,
    },
    topic,
    {
      heading: 'Adjournment',
      said: ['Is there a motion to adjourn?', 'The motion carries. We are adjourned.'],
      summary: 'The meeting was adjourned.',
    },
  ];
  const cues: ScriptCue[] = [];
  const out: ScriptSection[] = [];
  sections.forEach((section, i) => {
    const from = starts[i] ?? 0;
    const to = starts[i + 1] ?? durationSec;
    const length = to - from;
    out.push({ offsetSec: from, heading: section.heading, summary: section.summary });
    // The first caption of each item a little after it starts: an SCC needs a frame a word to
    // load a caption before showing it, and a caption at 0.5 s would be shown late.
    cues.push(
      { start: round(from + 0.2 * length), end: round(from + 0.5 * length), text: section.said[0] },
      {
        start: round(from + 0.54 * length),
        end: round(from + 0.94 * length),
        text: section.said[1],
      },
    );
  });
  return { cues, sections: out };
}

/** `[00:00:05]` */
export function clockStamp(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `[${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}]`;
}

/** The summary's prose: what happened, in the order it happened. */
export function summaryProse(body: string, eventDay: string | null, script: MeetingScript): string {
  const when = eventDay ? ` on ${longDate(eventDay)}` : '';
  const said = script.sections.map((s) => s.summary).join(' ');
  return `The ${body} met${when}. ${said}`;
}

export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? '';
}

/** `2025-01-07` → `January 7, 2025`. */
function longDate(day: string): string {
  return dateInWords(day) ?? day;
}

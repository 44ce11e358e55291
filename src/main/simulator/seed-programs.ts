/**
 * The programs of the seeded catalog: each kind's schedule, run time, caption likelihood and the
 * way its title and description are written. The word lists they draw on are in seed-catalog.ts;
 * the generator that places them on the calendar is seed.ts.
 */
import type { Prng } from './prng';
import {
  CHURCHES,
  CITY_AGENDA,
  COMMUNITY_EVENTS,
  OPPONENTS,
  SCHOOL_AGENDA,
  SCHOOL_EVENTS,
  SPORTS,
  TALK_SHOWS,
  TALK_TOPICS,
  type CategoryName,
  type ProjectName,
} from './seed-catalog';

export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

interface ProgramDraft {
  title: string;
  cgTitle: string;
  comments: string | null;
  category: CategoryName;
  /** A producer name from PRODUCER_NAMES (with `{city}` unreplaced). */
  producer: string;
  project: ProjectName;
  subCategory: string;
  tags: string[];
  hasAgenda: boolean;
  /** A meeting's agenda items, which its VOD chapters follow. */
  agenda?: readonly string[];
}

interface ProgramContext {
  city: string;
  day: LocalDay;
  hour: number;
  minute: number;
  rng: Prng;
}

export interface ProgramKind {
  weight: number;
  /** Allowed weekdays, 0 = Sunday. */
  days: readonly number[];
  times: readonly (readonly [hour: number, minute: number])[];
  runtimeMinutes: readonly [number, number];
  /** Meetings get captions far more often than a football game. */
  captionLikelihood: number;
  /** Meetings are chaptered by agenda item; games and services are not. */
  chaptered?: boolean;
  /** The text of one program; runs when the show is first built, from the show's own PRNG. */
  make(ctx: ProgramContext): ProgramDraft;
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as const;

function usDate(day: LocalDay): string {
  return `${day.month}/${day.day}/${day.year}`;
}

function shortDate(day: LocalDay): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(day.month)}/${two(day.day)}/${two(day.year % 100)}`;
}

/** `6:30:00 PM`, as Cablecast's auto-named recordings write it. */
function clockTime(hour: number, minute: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${String(minute).padStart(2, '0')}:00 ${hour < 12 ? 'AM' : 'PM'}`;
}

function pickSome<T>(rng: Prng, items: readonly T[], min: number, max: number): T[] {
  const count = rng.int(min, max);
  const out: T[] = [];
  for (let i = 0; i < count * 3 && out.length < count; i++) {
    const item = rng.pick(items);
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

function listSentence(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Most descriptions are written; some are blank or missing, as in real catalogs. */
function maybeComments(rng: Prng, text: string): string | null {
  const roll = rng.next();
  if (roll < 0.07) return null;
  if (roll < 0.1) return '';
  return text;
}

function meeting(options: {
  weight: number;
  days: readonly number[];
  times: readonly (readonly [number, number])[];
  body: string;
  kind: 'Regular' | 'Special' | 'Work Session';
  project: ProjectName;
  producer: string;
  category?: CategoryName;
  agenda: readonly string[];
  runtimeMinutes: readonly [number, number];
  tags: readonly string[];
}): ProgramKind {
  return {
    weight: options.weight,
    days: options.days,
    times: options.times,
    runtimeMinutes: options.runtimeMinutes,
    // Meetings are what stations caption first.
    captionLikelihood: 0.55,
    chaptered: true,
    make: ({ city, day, hour, minute, rng }) => {
      const items = pickSome(rng, options.agenda, 2, 4);
      const kindWord = options.kind === 'Work Session' ? 'Work Session' : `${options.kind} meeting`;
      return {
        title: `${options.body} ${kindWord} - ${usDate(day)} ${clockTime(hour, minute)}`,
        cgTitle: `${city} ${options.body} ${options.kind === 'Work Session' ? 'Work Session' : `${options.kind} Meeting`} ${shortDate(day)}`,
        comments: maybeComments(
          rng,
          `${options.kind === 'Work Session' ? 'Work session' : `${options.kind} meeting`} of the ${city} ${options.body}. Agenda items include ${listSentence(items)}.`,
        ),
        category: options.category ?? 'Government',
        producer: options.producer,
        project: options.project,
        subCategory: options.kind,
        tags: pickSome(rng, options.tags, 0, 2),
        hasAgenda: rng.chance(0.6),
        agenda: items,
      };
    },
  };
}

/**
 * What a community station records, how often (weight), on which days and at what times, and
 * how each program's title and description read.
 */
export const PROGRAM_KINDS: readonly ProgramKind[] = [
  meeting({
    weight: 14,
    days: [1, 2],
    times: [
      [18, 30],
      [19, 0],
    ],
    body: 'City Council',
    kind: 'Regular',
    project: 'City Council',
    producer: 'City of {city}',
    agenda: CITY_AGENDA,
    runtimeMinutes: [75, 240],
    tags: ['budget', 'zoning', 'public hearing', 'roads', 'water'],
  }),
  meeting({
    weight: 3,
    days: WEEKDAYS,
    times: [
      [17, 0],
      [18, 0],
    ],
    body: 'City Council',
    kind: 'Special',
    project: 'City Council',
    producer: 'City of {city}',
    agenda: CITY_AGENDA,
    runtimeMinutes: [20, 120],
    tags: ['budget', 'public hearing'],
  }),
  meeting({
    weight: 5,
    days: [1, 2],
    times: [[17, 30]],
    body: 'City Council',
    kind: 'Work Session',
    project: 'City Council',
    producer: 'City of {city}',
    agenda: CITY_AGENDA,
    runtimeMinutes: [45, 150],
    tags: ['budget', 'roads'],
  }),
  meeting({
    weight: 8,
    days: [3, 4],
    times: [[19, 0]],
    body: 'Planning Commission',
    kind: 'Regular',
    project: 'Planning Commission',
    producer: 'City of {city}',
    agenda: CITY_AGENDA,
    runtimeMinutes: [45, 180],
    tags: ['zoning', 'public hearing'],
  }),
  meeting({
    weight: 4,
    days: [3],
    times: [
      [18, 0],
      [19, 0],
    ],
    body: 'Park Board',
    kind: 'Regular',
    project: 'Park Board',
    producer: 'City of {city}',
    agenda: CITY_AGENDA,
    runtimeMinutes: [40, 120],
    tags: ['parks'],
  }),
  meeting({
    weight: 8,
    days: [1, 4],
    times: [
      [18, 0],
      [19, 0],
    ],
    body: 'School Board',
    kind: 'Regular',
    project: 'School Board',
    producer: '{city} Public Schools',
    category: 'Education',
    agenda: SCHOOL_AGENDA,
    runtimeMinutes: [60, 240],
    tags: ['schools', 'budget'],
  }),
  meeting({
    weight: 3,
    days: [2],
    times: [[17, 0]],
    body: 'Library Board',
    kind: 'Regular',
    project: 'Library Board',
    producer: '{city} Library Foundation',
    agenda: CITY_AGENDA,
    runtimeMinutes: [40, 90],
    tags: ['library'],
  }),
  meeting({
    weight: 3,
    days: [1, 2, 3, 4],
    times: [
      [16, 0],
      [17, 30],
    ],
    body: 'Economic Development Authority',
    kind: 'Regular',
    project: 'Economic Development Authority',
    producer: 'City of {city}',
    agenda: CITY_AGENDA,
    runtimeMinutes: [30, 100],
    tags: ['business', 'budget'],
  }),
  meeting({
    weight: 2,
    days: [2, 3],
    times: [[18, 30]],
    body: 'Heritage Preservation Commission',
    kind: 'Regular',
    project: 'Boards & Commissions',
    producer: 'City of {city}',
    agenda: CITY_AGENDA,
    runtimeMinutes: [30, 90],
    tags: ['history'],
  }),
  {
    weight: 10,
    days: EVERY_DAY,
    runtimeMinutes: [25, 120],
    captionLikelihood: 0.15,
    times: [
      [10, 0],
      [13, 0],
      [18, 0],
      [19, 30],
    ],
    make: ({ city, day, rng }) => {
      const event = rng.pick(COMMUNITY_EVENTS);
      return {
        title: `${event} ${usDate(day)}`,
        cgTitle: `${city} ${event} ${day.year}`,
        comments: maybeComments(rng, `Coverage of the ${day.year} ${event} in ${city}.`),
        category: 'Community',
        producer: rng.pick(['Station Staff', 'Dave Olson', 'Maria González']),
        project: 'Community Events',
        subCategory: '',
        tags: pickSome(rng, ['community', 'parks', 'elections', 'history'], 0, 2),
        hasAgenda: false,
      };
    },
  },
  {
    weight: 10,
    days: [2, 4, 5, 6],
    runtimeMinutes: [90, 160],
    captionLikelihood: 0.05,
    times: [
      [13, 0],
      [19, 0],
    ],
    make: ({ city, day, rng }) => {
      const sport = rng.pick(SPORTS);
      const opponent = rng.pick(OPPONENTS.filter((name) => name !== city));
      const home = rng.chance(0.5);
      const matchup = home ? `${opponent} at ${city}` : `${city} at ${opponent}`;
      return {
        title: `${sport}: ${matchup} ${usDate(day)}`,
        cgTitle: `${sport}: ${city} vs. ${opponent}`,
        comments: maybeComments(
          rng,
          `${city} ${sport.toLowerCase()} ${home ? 'hosts' : 'travels to'} ${opponent}.`,
        ),
        category: 'Sports',
        producer: '{city} Athletic Boosters',
        project: 'High School Sports',
        subCategory: sport,
        tags: ['sports'],
        hasAgenda: false,
      };
    },
  },
  {
    weight: 8,
    days: [0],
    runtimeMinutes: [50, 75],
    captionLikelihood: 0.1,
    times: [
      [9, 0],
      [10, 30],
      [11, 0],
    ],
    make: ({ day, rng }) => {
      const church = rng.pick(CHURCHES);
      return {
        title: `${church.name} ${usDate(day)}`,
        cgTitle: church.name,
        comments: maybeComments(rng, `Sunday worship from ${church.producer}.`),
        category: 'Religion',
        producer: church.producer,
        project: 'Worship Services',
        subCategory: '',
        tags: ['faith'],
        hasAgenda: false,
      };
    },
  },
  {
    weight: 6,
    days: [2, 3, 4],
    runtimeMinutes: [27, 58],
    captionLikelihood: 0.35,
    times: [
      [10, 0],
      [14, 0],
    ],
    make: ({ day, rng }) => {
      const show = rng.pick(TALK_SHOWS);
      const topic = rng.pick(TALK_TOPICS);
      return {
        title: `${show.name} ${usDate(day)}`,
        cgTitle: `${show.name}: ${topic}`,
        comments: maybeComments(rng, `${show.name} looks at ${topic.toLowerCase()}.`),
        category: 'Public Affairs',
        producer: show.producer,
        project: show.project,
        subCategory: '',
        tags: pickSome(rng, ['community', 'roads', 'library', 'elections'], 0, 1),
        hasAgenda: false,
      };
    },
  },
  {
    weight: 4,
    days: [2, 4, 5, 6],
    runtimeMinutes: [60, 150],
    captionLikelihood: 0.1,
    times: [
      [14, 0],
      [19, 0],
    ],
    make: ({ city, day, rng }) => {
      const event = rng.pick(SCHOOL_EVENTS);
      return {
        title: `${city} ${event} ${usDate(day)}`,
        cgTitle: `${city} ${event} ${day.year}`,
        comments: maybeComments(rng, `${city} High School ${event.toLowerCase()}, ${day.year}.`),
        category: 'Arts & Culture',
        producer: '{city} Public Schools',
        project: 'School Events',
        subCategory: '',
        tags: ['schools'],
        hasAgenda: false,
      };
    },
  },
];

export const KIND_WEIGHTS = PROGRAM_KINDS.map((kind) => kind.weight);

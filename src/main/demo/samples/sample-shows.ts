/** The catalog shows sample recordings link to: a built-in list, or the demo simulator's. */
import type { SimulatorData } from '../../simulator';

/** A show from the catalog that a sample recording should link to. */
export interface SampleShow {
  id: number;
  title: string;
  /** ISO date or date-time of the event; only the day is used. */
  eventDate: string | null;
  /** Seconds. */
  totalRunTime: number | null;
}

/**
 * Nine plausible meetings, titled as Cablecast auto-names them, for when there is no catalog to
 * link to (the CLI without --shows, tests). Their ids are made up: a catalog synced from a real
 * server will not hold them, so only the file-key sample finds "its" show, as a missing one.
 */
export const BUILT_IN_SAMPLE_SHOWS: readonly SampleShow[] = [
  {
    id: 24101,
    title: 'City Council Regular meeting - 1/7/2025 6:30:00 PM',
    eventDate: '2025-01-07T18:30:00',
    totalRunTime: 7260,
  },
  {
    id: 24117,
    title: 'Planning Commission Regular meeting - 1/13/2025 7:00:00 PM',
    eventDate: '2025-01-13T19:00:00',
    totalRunTime: 5415,
  },
  {
    id: 24122,
    title: 'Park Board Regular meeting - 1/15/2025 6:00:00 PM',
    eventDate: '2025-01-15T18:00:00',
    totalRunTime: 3320,
  },
  {
    id: 24130,
    title: 'School Board Regular meeting - 1/21/2025 6:00:00 PM',
    eventDate: '2025-01-21T18:00:00',
    totalRunTime: 8105,
  },
  {
    id: 24138,
    title: 'City Council Work Session - 1/28/2025 5:00:00 PM',
    eventDate: '2025-01-28T17:00:00',
    totalRunTime: 4870,
  },
  {
    id: 24145,
    title: 'Library Board Regular meeting - 2/3/2025 4:30:00 PM',
    eventDate: '2025-02-03T16:30:00',
    totalRunTime: 2710,
  },
  {
    id: 24151,
    title: 'Economic Development Authority Regular meeting - 2/10/2025 5:30:00 PM',
    eventDate: '2025-02-10T17:30:00',
    totalRunTime: 3955,
  },
  {
    id: 24160,
    title: 'Heritage Preservation Commission Regular meeting - 2/12/2025 7:00:00 PM',
    eventDate: '2025-02-12T19:00:00',
    totalRunTime: 4380,
  },
  {
    id: 24172,
    title: 'City Council Special meeting - 2/18/2025 6:00:00 PM',
    eventDate: '2025-02-18T18:00:00',
    totalRunTime: 2945,
  },
];

/**
 * The demo server's seed (src/main/demo/demo-server.ts): `archivist samples --shows N` links to
 * the catalog `archivist serve --demo --demo-shows N` serves.
 */
export const DEMO_RANDOM_SEED = 20_260_101;

const MEETING = /\b(meeting|work session|hearing)\b/i;
/** Shows looked at, at most: enough for nine meetings in any seeded catalog. */
const MAX_LOOKED_AT = 5000;

interface Candidate {
  show: SampleShow;
  body: string;
  /** Title without its date, and the day: two shows sharing it cannot be told apart by name. */
  key: string;
}

/**
 * Shows of a simulator catalog to link samples to: the newest meetings (titles a transcript of a
 * meeting fits) with an event date no later than `now`, one per board first. A meeting with a
 * twin on its day (same title, another time: a rebroadcast entry) is left out, since no file
 * name could tell the two apart; other shows come only when there are not enough meetings.
 */
export function sampleShowsFromSimulator(
  data: SimulatorData,
  options: { count?: number; now?: Date } = {},
): SampleShow[] {
  const count = options.count ?? 9;
  const latest = (options.now ?? new Date()).getTime();
  const candidates: Candidate[] = [];
  const others: SampleShow[] = [];
  const perKey = new Map<string, number>();
  const unique = (c: Candidate): boolean => perKey.get(c.key) === 1;
  const enough = (): boolean => new Set(candidates.filter(unique).map((c) => c.body)).size >= count;
  let day: string | null = null;
  let looked = 0;
  // Newest first: each show is built (lazily seeded) only when looked at.
  for (const id of data.showIdsInDefaultOrder()) {
    const at = data.showKeysOf(id)?.eventDateMs;
    if (at === undefined || at === null || at > latest) continue;
    const show = data.getShow(id);
    if (!show) continue;
    const showDay = (show.eventDate ?? '').slice(0, 10);
    // Every show of the day before has been seen: its twins are known.
    if (showDay !== day) {
      if (enough() || looked >= MAX_LOOKED_AT) break;
      day = showDay;
    }
    looked++;
    const title = show.title.replace(/\s+-\s+.*$/, '').toLowerCase();
    const key = `${title}|${showDay}`;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
    const sample: SampleShow = {
      id: show.id,
      title: show.title,
      eventDate: show.eventDate,
      totalRunTime: show.totalRunTime > 0 ? show.totalRunTime : null,
    };
    if (MEETING.test(show.title)) candidates.push({ show: sample, body: title, key });
    else if (others.length < count) others.push(sample);
  }
  const firsts: SampleShow[] = [];
  const repeats: SampleShow[] = [];
  const twins: SampleShow[] = [];
  const bodies = new Set<string>();
  for (const c of candidates) {
    if (!unique(c)) twins.push(c.show);
    else if (bodies.has(c.body)) repeats.push(c.show);
    else {
      bodies.add(c.body);
      firsts.push(c.show);
    }
  }
  return [...firsts, ...repeats, ...others, ...twins].slice(0, count);
}

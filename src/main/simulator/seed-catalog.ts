/**
 * The raw material of the seeded catalog: what a community / government-access station really
 * records. Kept apart from the generator so the data can grow without touching the logic.
 */

export const CITY_NAMES = [
  'Springfield',
  'Maplewood',
  'Cedar Falls',
  'Riverton',
  'Lakeview',
  'Oak Grove',
  'Fairmont',
  'Brookside',
] as const;

export const OPPONENTS = [
  'Riverton',
  'Apollo',
  'Tech',
  'North Branch',
  'Sauk Rapids',
  'Cathedral',
  'Brainerd',
  'Rocori',
  'St. Francis',
  'Holy Angels',
] as const;

export const CATEGORY_NAMES = [
  'Government',
  'Education',
  'Community',
  'Sports',
  'Religion',
  'Arts & Culture',
  'Public Affairs',
] as const;
export type CategoryName = (typeof CATEGORY_NAMES)[number];

/** `{city}` is replaced by the location's city. */
export const PRODUCER_NAMES = [
  'City of {city}',
  '{city} Public Schools',
  'Station Staff',
  '{city} Area Chamber of Commerce',
  'First Lutheran Church',
  "St. Mary's Catholic Church",
  'Grace Community Church',
  '{city} Athletic Boosters',
  'Maria González',
  'Dave Olson',
  '{city} Library Foundation',
] as const;

/** The producers that are people (a contact name), not organisations. */
export const PERSON_PRODUCERS: ReadonlySet<string> = new Set(['Maria González', 'Dave Olson']);

export const PROJECT_NAMES = [
  'City Council',
  'Planning Commission',
  'Park Board',
  'School Board',
  'Library Board',
  'Economic Development Authority',
  'Boards & Commissions',
  'Community Events',
  'High School Sports',
  'Worship Services',
  'Inside City Hall',
  'Community Talk',
  'School Events',
] as const;
export type ProjectName = (typeof PROJECT_NAMES)[number];

export const CITY_AGENDA = [
  'approval of the consent agenda',
  'a public hearing on the proposed budget and levy',
  'a variance request at 1412 Elm Street',
  'the Highway 10 corridor study',
  'the Main Street reconstruction contract',
  'an update on the water treatment plant',
  'appointments to boards and commissions',
  'the comprehensive plan update',
  'a rezoning request for the former Kmart site',
  'the parks capital improvement plan',
  'a liquor license renewal for the Riverside Tavern',
  'the organics recycling pilot',
  'the snow plowing policy',
  'a police department staffing report',
  'the fire station referendum',
  'the senior center lease',
  'pickleball court expansion at Lions Park',
  'lead service line replacement',
  'stormwater utility rates',
  'a tax increment financing district for Northgate Apartments',
  'a conditional use permit for a drive-through coffee shop',
  'the 2040 transportation plan',
] as const;

export const SCHOOL_AGENDA = [
  "the superintendent's report",
  'the next school calendar',
  'a bond referendum for the new middle school',
  'enrollment projections',
  'the new reading curriculum',
  'student representative reports',
  'the bus transportation contract',
  'recognition of state tournament athletes',
  'the food service budget',
] as const;

export const TALK_TOPICS = [
  'Snow Emergency Rules',
  'Spring Clean-Up Week',
  'The New Water Tower',
  'Meet the Fire Chief',
  'Recycling Myths',
  'Summer Reading Program',
  'Road Construction Season',
  'Small Business Saturday',
  'Volunteering at the Food Shelf',
  'Preparing for Tornado Season',
  'Census Outreach',
  'The Senior Center at 50',
  'Voting Early and Absentee',
  'Trail Connections',
  'Café Owners on Main Street',
] as const;

export const COMMUNITY_EVENTS = [
  'Fourth of July Parade',
  'Holiday Tree Lighting',
  'Farmers Market Spotlight',
  'Senior Center Open House',
  'Night to Unite',
  'Memorial Day Ceremony',
  'Fall Festival',
  'Community Band Concert in the Park',
  'Veterans Day Program',
  'Town Hall on Road Reconstruction',
  'Candidate Forum: Ward 2',
  'Arbor Day Tree Planting',
  'Juneteenth Celebration',
  'Día de los Muertos Festival',
] as const;

export const SPORTS = [
  'Varsity Football',
  'Girls Basketball',
  'Boys Basketball',
  'Boys Hockey',
  'Girls Hockey',
  'Volleyball',
  'Wrestling',
  'Girls Soccer',
] as const;

export const CHURCHES = [
  { name: 'First Lutheran Church Worship Service', producer: 'First Lutheran Church' },
  { name: "St. Mary's Catholic Mass", producer: "St. Mary's Catholic Church" },
  { name: 'Grace Community Church Service', producer: 'Grace Community Church' },
] as const;

export const TALK_SHOWS = [
  { name: 'Inside City Hall', producer: 'Station Staff', project: 'Inside City Hall' },
  { name: "Mayor's Monthly Update", producer: 'City of {city}', project: 'Inside City Hall' },
  { name: 'Senior Living Today', producer: 'Dave Olson', project: 'Community Talk' },
  {
    name: 'Chamber Connection',
    producer: '{city} Area Chamber of Commerce',
    project: 'Community Talk',
  },
  { name: 'The Library Hour', producer: '{city} Library Foundation', project: 'Community Talk' },
  { name: 'Conversaciones', producer: 'Maria González', project: 'Community Talk' },
] as const;

export const SCHOOL_EVENTS = [
  'High School Graduation Ceremony',
  'Choir Concert',
  'Winter Band Concert',
  'Fall Musical',
  'Science Fair Highlights',
] as const;

export const VOD_ERRORS = [
  'Transcode failed: the source file could not be read.',
  'Asset not found on the content store.',
  'Transcode failed: unsupported audio layout.',
] as const;

/** How a seeded VOD stands: nearly all complete, a few still working or failed. */
export const VOD_STATE_SHARES = {
  states: ['complete', 'processing', 'waiting', 'error'],
  shares: [0.92, 0.03, 0.03, 0.02],
} as const;

/** A meeting's chapters: the standing items, its agenda, the reports, then adjournment. */
export const MEETING_CHAPTERS = {
  opening: ['Call to Order', 'Roll Call', 'Approval of the Agenda', 'Public Comment'],
  reports: ['Staff Reports', 'Council Member Reports'],
  closing: 'Adjournment',
} as const;

/**
 * The transcode profiles of the station's VOD provider, best first: the variants an "Auto" VOD is
 * made in (doc §5.1: 1080/720/480/360). The configurations list them all; 720p is the default.
 */
export const VOD_TRANSCODE_QUALITIES = [
  { name: '1080p', width: 1920, height: 1080, videoKbps: 6000, audioKbps: 192 },
  { name: '720p', width: 1280, height: 720, videoKbps: 3500, audioKbps: 160 },
  { name: '480p', width: 854, height: 480, videoKbps: 1500, audioKbps: 128 },
  { name: '360p', width: 640, height: 360, videoKbps: 800, audioKbps: 96 },
] as const;

export const DEFAULT_VOD_QUALITY = '720p';

/** The server's file stores (shared by every location): playout content first, the archive next. */
export const FILE_STORES = [
  { name: 'Primary Content', storeType: 'content' },
  { name: 'Archive', storeType: 'archive' },
] as const;

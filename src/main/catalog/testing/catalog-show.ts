import type { CatalogShow } from '../show-record';

/** A catalog row as the sync writes it, with plain defaults; `patch` sets what a test is about. */
export function catalogShow(id: number, patch: Partial<CatalogShow> = {}): CatalogShow {
  const eventDate = patch.eventDate ?? '2026-03-10T19:00:00-05:00';
  return {
    id,
    locationId: 1,
    title: `Show ${id}`,
    cgTitle: null,
    comments: null,
    eventDate,
    eventAt: Date.parse(eventDate),
    eventDay: eventDate.slice(0, 10),
    lastModified: '2026-03-11T10:00:00-05:00',
    lastModifiedAt: Date.parse('2026-03-11T10:00:00-05:00'),
    categoryId: null,
    producerId: null,
    projectId: null,
    totalRunTime: 3600,
    hasCaptions: false,
    customFields: [],
    customText: null,
    reels: [],
    vodId: null,
    vodState: null,
    vodPercent: null,
    vodUrl: null,
    vodEmbed: null,
    vodChaptersPublished: false,
    vodIsWatchable: null,
    vodViews: null,
    thumbnailUrl: null,
    thumbnailId: null,
    thumbnailOptions: [],
    ...patch,
  };
}

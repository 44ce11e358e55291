import type { ShowReader } from '../../catalog/show-reader';

/** A show reader that counts how often a link index is built from it (each build reads them all). */
export function countingReader(reader: ShowReader): ShowReader & { indexBuilds: number } {
  const counting = {
    indexBuilds: 0,
    linkable: () => {
      counting.indexBuilds += 1;
      return reader.linkable();
    },
    byIds: (ids: readonly number[]) => reader.byIds(ids),
    linkStamp: () => reader.linkStamp(),
    mark: () => reader.mark(),
    changedSince: (mark: string | null) => reader.changedSince(mark),
    metadata: (id: number) => reader.metadata(id),
  };
  return counting;
}

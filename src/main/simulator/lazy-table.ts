/**
 * A read-only Map view over records of which some are still "pending": known by id, but only
 * built on first access. Seeding 50,000 shows then costs the ids and sort keys, not 200 MB of
 * records; a record is built the first time anything (a request, a test) looks at it.
 *
 * Iterating the table builds every pending record, so prefer `get`/`has`/`size`/`ids()`.
 */
export interface PendingSource {
  has(id: number): boolean;
  readonly size: number;
  ids(): Iterable<number>;
  /** Builds the record with this id (and whatever is built with it) into the backing store. */
  build(id: number): void;
}

export class LazyTable<T> implements ReadonlyMap<number, T> {
  constructor(
    private readonly store: Map<number, T>,
    private readonly pending: PendingSource,
  ) {}

  get(id: number): T | undefined {
    const found = this.store.get(id);
    if (found !== undefined || !this.pending.has(id)) return found;
    this.pending.build(id);
    return this.store.get(id);
  }

  has(id: number): boolean {
    return this.store.has(id) || this.pending.has(id);
  }

  get size(): number {
    return this.store.size + this.pending.size;
  }

  /** Every id, built or not, without building anything. */
  *ids(): IterableIterator<number> {
    yield* this.store.keys();
    yield* this.pending.ids();
  }

  private buildAll(): void {
    for (const id of [...this.pending.ids()]) {
      if (this.pending.has(id)) this.pending.build(id);
    }
  }

  keys(): MapIterator<number> {
    this.buildAll();
    return this.store.keys();
  }

  values(): MapIterator<T> {
    this.buildAll();
    return this.store.values();
  }

  entries(): MapIterator<[number, T]> {
    this.buildAll();
    return this.store.entries();
  }

  forEach(
    callback: (value: T, key: number, map: ReadonlyMap<number, T>) => void,
    thisArg?: unknown,
  ): void {
    this.buildAll();
    this.store.forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  [Symbol.iterator](): MapIterator<[number, T]> {
    return this.entries();
  }
}

/**
 * Search as you type without a fixed debounce: a query starts at once when none is running; while
 * one runs, only the newest waiting query is kept (older ones are skipped), and it starts as soon
 * as the running one answers. So the list follows the keyboard as fast as the core answers, the
 * core never has more than one search from this list in flight, and an older answer never
 * replaces a newer one.
 *
 * (A fixed 50-80 ms debounce would spend the whole 50 ms key-to-paint budget waiting.)
 */
interface LatestQueryOptions<Q, R> {
  run(query: Q, generation: number): Promise<R>;
  /** An answer newer than anything applied so far. */
  apply(result: R, generation: number, query: Q): void;
  /** The newest query failed and nothing newer is waiting. */
  fail(error: unknown, generation: number, query: Q): void;
}

export class LatestQuery<Q, R> {
  private generation = 0;
  private applied = 0;
  private running = false;
  private waiting: { query: Q; generation: number } | null = null;

  constructor(private readonly options: LatestQueryOptions<Q, R>) {}

  /** The generation of the newest query submitted. */
  get latest(): number {
    return this.generation;
  }

  /** True while a query runs or waits. */
  get busy(): boolean {
    return this.running || this.waiting !== null;
  }

  submit(query: Q): number {
    const generation = ++this.generation;
    if (this.running) this.waiting = { query, generation };
    else this.start(query, generation);
    return generation;
  }

  private start(query: Q, generation: number): void {
    this.running = true;
    let promise: Promise<R>;
    try {
      promise = this.options.run(query, generation);
    } catch (error) {
      promise = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    promise
      .then(
        (result) => {
          if (generation > this.applied) {
            this.applied = generation;
            this.options.apply(result, generation, query);
          }
        },
        (error: unknown) => {
          if (generation > this.applied && this.waiting === null) {
            this.applied = generation;
            this.options.fail(error, generation, query);
          }
        },
      )
      .finally(() => {
        this.running = false;
        const next = this.waiting;
        this.waiting = null;
        if (next) this.start(next.query, next.generation);
      });
  }
}

/**
 * Runs a piece of background work one at a time, and once more if it was asked for again while it
 * ran (a rescan, a re-rank): requests never pile up, and none made during a run is lost.
 */
export class Rerunner {
  private current: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly work: () => Promise<void>,
    /** Called with what a run threw; the runner goes on (a later request runs again). */
    private readonly onError: (error: unknown) => void,
  ) {}

  get running(): boolean {
    return this.current !== null;
  }

  /**
   * Runs the work now, or, if it is running, once more when that run ends. Resolves when the
   * work has run (again) with this request in it.
   */
  request(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.current !== null) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      do {
        this.again = false;
        try {
          await this.work();
        } catch (error) {
          this.onError(error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  /** Resolves when no run is under way. */
  async idle(): Promise<void> {
    while (this.current !== null) await this.current;
  }

  /** No further runs; waits for the one under way to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }
}

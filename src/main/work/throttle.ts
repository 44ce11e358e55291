/**
 * Delivers at most one call per interval: the first request fires at once, those within the
 * interval after it collapse into one delivery at its end. For progress and change events.
 */
export class Throttle {
  private last = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly fire: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  request(): void {
    const now = this.now();
    if (now - this.last >= this.intervalMs) {
      this.last = now;
      this.fire();
    } else if (this.timer === null) {
      this.timer = setTimeout(
        () => {
          this.timer = null;
          this.last = this.now();
          this.fire();
        },
        this.intervalMs - (now - this.last),
      );
      this.timer.unref();
    }
  }

  /** Delivers now (a phase change), and restarts the interval from here. */
  flush(): void {
    this.cancel();
    this.last = this.now();
    this.fire();
  }

  /** Drops a pending delivery (the caller sends the final state itself). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

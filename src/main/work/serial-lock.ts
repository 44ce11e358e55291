/**
 * A first-in, first-out lock for async work: `run` waits for every task handed in before it, and
 * a task that fails does not block the ones after it.
 */
export class SerialLock {
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/**
 * The app's clock in test runs (`ARCHIVIST_TEST_CLOCK=1`): real time, shifted by an offset a test
 * sets, so a scheduled time can be reached without waiting for it and time still runs on from
 * there (publish retries and polls wait on it). Never built outside test runs.
 */
export class TestClock {
  private offsetMs = 0;

  readonly now = (): number => Date.now() + this.offsetMs;

  /** From now on the clock reads `at` (epoch ms), and runs on from there. */
  set(at: number): void {
    this.offsetMs = at - Date.now();
  }
}

/** The variable that turns the test clock on; any other value leaves the system clock. */
export function testClockWanted(env: Record<string, string | undefined>): boolean {
  return env.ARCHIVIST_TEST_CLOCK === '1';
}

export type CircuitState = 'closed' | 'open' | 'half-open';

interface CircuitBreakerOptions {
  /** Consecutive "server is down" failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through. Default 30 s. */
  cooldownMs?: number;
  now?: () => number;
  onStateChange?: (state: CircuitState, snapshot: CircuitSnapshot) => void;
}

interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** When the open circuit will let a probe through (epoch ms), or null. */
  retryAt: number | null;
}

/** What `acquire` hands out: call exactly one of `success`, `failure`, `neutral` when done. */
interface CircuitPermit {
  /** True when this request is the single probe of a half-open circuit. */
  readonly probe: boolean;
  success(): void;
  failure(): void;
  /** The outcome says nothing about the server's health (e.g. the caller cancelled). */
  neutral(): void;
}

type CircuitDecision =
  { allowed: true; permit: CircuitPermit } | { allowed: false; retryInMs: number };

/**
 * Stops hammering a Cablecast server that is down: after `failureThreshold` consecutive failures
 * that say "down" (connection refused, timeouts, 5xx) every request fails fast for `cooldownMs`;
 * then exactly one probe goes through, and its outcome closes the circuit or opens it again.
 *
 * Only the HTTP layer reports outcomes, so what counts as a failure is decided there. A 4xx counts
 * as a success here: the server answered, it is up.
 */
export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  private readonly now: () => number;
  private readonly onStateChange: CircuitBreakerOptions['onStateChange'];
  private state: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = Math.max(1, options.failureThreshold ?? 5);
    this.cooldownMs = Math.max(0, options.cooldownMs ?? 30_000);
    this.now = options.now ?? Date.now;
    this.onStateChange = options.onStateChange;
  }

  snapshot(): CircuitSnapshot {
    this.refresh();
    return {
      state: this.state,
      consecutiveFailures: this.failures,
      retryAt: this.state === 'open' ? this.openedAt + this.cooldownMs : null,
    };
  }

  /**
   * Asks to send a request. `force` lets a request through whatever the state (an operator
   * pressing "Test connection" wants a real attempt); its outcome still counts.
   */
  acquire(options: { force?: boolean } = {}): CircuitDecision {
    this.refresh();
    if (options.force === true) return { allowed: true, permit: this.permit(false) };
    if (this.state === 'closed') return { allowed: true, permit: this.permit(false) };
    if (this.state === 'half-open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return { allowed: true, permit: this.permit(true) };
    }
    const retryInMs =
      this.state === 'open' ? Math.max(0, this.openedAt + this.cooldownMs - this.now()) : 0;
    return { allowed: false, retryInMs };
  }

  /** Forget all failures (e.g. after the operator changed the server address). */
  reset(): void {
    this.failures = 0;
    this.probeInFlight = false;
    this.transition('closed');
  }

  private refresh(): void {
    if (this.state === 'open' && this.now() - this.openedAt >= this.cooldownMs) {
      this.transition('half-open');
    }
  }

  private permit(probe: boolean): CircuitPermit {
    let settled = false;
    const settle = (outcome: 'success' | 'failure' | 'neutral'): void => {
      if (settled) return;
      settled = true;
      if (probe) this.probeInFlight = false;
      if (outcome === 'success') this.recordSuccess();
      else if (outcome === 'failure') this.recordFailure(probe);
    };
    return {
      probe,
      success: () => settle('success'),
      failure: () => settle('failure'),
      neutral: () => settle('neutral'),
    };
  }

  private recordSuccess(): void {
    this.failures = 0;
    if (this.state !== 'closed') this.transition('closed');
  }

  private recordFailure(probe: boolean): void {
    this.failures += 1;
    if (probe || this.state === 'half-open' || this.failures >= this.failureThreshold) {
      this.openedAt = this.now();
      // Re-opening from open (a forced request failed) restarts the cooldown without a new event.
      if (this.state !== 'open') this.transition('open');
    }
  }

  private transition(state: CircuitState): void {
    if (this.state === state) return;
    this.state = state;
    this.onStateChange?.(state, {
      state,
      consecutiveFailures: this.failures,
      retryAt: state === 'open' ? this.openedAt + this.cooldownMs : null,
    });
  }
}

import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';

function fail(breaker: CircuitBreaker, times: number): void {
  for (let i = 0; i < times; i += 1) {
    const decision = breaker.acquire();
    if (!decision.allowed) throw new Error('unexpectedly refused');
    decision.permit.failure();
  }
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures and refuses until the cooldown ends', () => {
    let now = 1_000;
    const states: CircuitState[] = [];
    const breaker = new CircuitBreaker({
      failureThreshold: 5,
      cooldownMs: 30_000,
      now: () => now,
      onStateChange: (state) => states.push(state),
    });
    fail(breaker, 4);
    expect(breaker.snapshot().state).toBe('closed');
    fail(breaker, 1);
    expect(breaker.snapshot()).toEqual({ state: 'open', consecutiveFailures: 5, retryAt: 31_000 });

    now += 10_000;
    const refused = breaker.acquire();
    expect(refused).toEqual({ allowed: false, retryInMs: 20_000 });

    now += 20_000;
    const probe = breaker.acquire();
    expect(probe.allowed && probe.permit.probe).toBe(true);
    // Only one probe at a time.
    expect(breaker.acquire().allowed).toBe(false);
    if (probe.allowed) probe.permit.success();
    expect(breaker.snapshot().state).toBe('closed');
    expect(breaker.acquire().allowed).toBe(true);
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('a success in between resets the count', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3 });
    fail(breaker, 2);
    const ok = breaker.acquire();
    if (ok.allowed) ok.permit.success();
    fail(breaker, 2);
    expect(breaker.snapshot().state).toBe('closed');
  });

  it('a failed probe opens the circuit again for a full cooldown', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 100, now: () => now });
    fail(breaker, 1);
    now = 100;
    const probe = breaker.acquire();
    expect(probe.allowed).toBe(true);
    if (probe.allowed) probe.permit.failure();
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: 200 });
    now = 150;
    expect(breaker.acquire().allowed).toBe(false);
  });

  it('a neutral outcome (cancelled probe) frees the probe slot without deciding', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 10, now: () => now });
    fail(breaker, 1);
    now = 10;
    const probe = breaker.acquire();
    if (probe.allowed) probe.permit.neutral();
    expect(breaker.snapshot().state).toBe('half-open');
    expect(breaker.acquire().allowed).toBe(true);
  });

  it('force lets a request through an open circuit, and its success closes it', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    fail(breaker, 1);
    expect(breaker.acquire().allowed).toBe(false);
    const forced = breaker.acquire({ force: true });
    expect(forced.allowed).toBe(true);
    if (forced.allowed) forced.permit.success();
    expect(breaker.snapshot().state).toBe('closed');
  });

  it('settling a permit twice counts once', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2 });
    const decision = breaker.acquire();
    if (decision.allowed) {
      decision.permit.failure();
      decision.permit.failure();
    }
    expect(breaker.snapshot().consecutiveFailures).toBe(1);
  });
});

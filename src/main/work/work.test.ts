import { afterEach, describe, expect, it, vi } from 'vitest';
import { Rerunner, SerialLock, Throttle } from '.';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Rerunner', () => {
  it('runs once more when asked during a run, however often it was asked', async () => {
    const gates = [deferred(), deferred()];
    let runs = 0;
    const r = new Rerunner(async () => {
      await gates[runs++]?.promise;
    }, vi.fn());
    const first = r.request();
    expect(r.running).toBe(true);
    const second = r.request();
    void r.request();
    void r.request();
    gates[0]!.resolve();
    gates[1]!.resolve();
    await first;
    await second;
    expect(runs).toBe(2);
    expect(r.running).toBe(false);
  });

  it('reports a failed run and keeps serving requests', async () => {
    const errors: unknown[] = [];
    let fail = true;
    let ok = 0;
    const r = new Rerunner(
      () => {
        if (fail) return Promise.reject(new Error('share gone'));
        ok += 1;
        return Promise.resolve();
      },
      (error) => errors.push(error),
    );
    await r.request();
    fail = false;
    await r.request();
    expect(errors).toHaveLength(1);
    expect(ok).toBe(1);
  });

  it('runs nothing after stop, and stop waits for the run under way', async () => {
    const gate = deferred();
    let runs = 0;
    let ended = false;
    const r = new Rerunner(async () => {
      runs += 1;
      await gate.promise;
      ended = true;
    }, vi.fn());
    void r.request();
    void r.request();
    const stopping = r.stop();
    gate.resolve();
    await stopping;
    expect(ended).toBe(true);
    await r.request();
    expect(runs).toBe(1);
  });
});

describe('SerialLock', () => {
  it('runs tasks one at a time in the order given, past a failing one', async () => {
    const lock = new SerialLock();
    const order: string[] = [];
    let inside = 0;
    const task =
      (name: string, fail = false) =>
      async () => {
        inside += 1;
        expect(inside).toBe(1);
        await new Promise((r) => setTimeout(r, 2));
        order.push(name);
        inside -= 1;
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      lock.run(task('a')),
      lock.run(task('b', true)),
      lock.run(task('c')),
    ]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('Throttle', () => {
  afterEach(() => vi.useRealTimers());

  it('fires at once, then collapses requests within the interval into one at its end', () => {
    vi.useFakeTimers();
    const fire = vi.fn();
    const t = new Throttle(100, fire);
    t.request();
    expect(fire).toHaveBeenCalledTimes(1);
    t.request();
    t.request();
    expect(fire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it('flush delivers now and drops the pending delivery; cancel drops it', () => {
    vi.useFakeTimers();
    const fire = vi.fn();
    const t = new Throttle(100, fire);
    t.request();
    t.request();
    t.flush();
    expect(fire).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(200);
    expect(fire).toHaveBeenCalledTimes(2);
    t.request();
    vi.advanceTimersByTime(200);
    t.request();
    t.request();
    t.cancel();
    vi.advanceTimersByTime(200);
    expect(fire).toHaveBeenCalledTimes(4);
  });
});

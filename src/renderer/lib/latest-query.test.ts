import { describe, expect, it } from 'vitest';
import { LatestQuery } from './latest-query';

interface Deferred {
  query: string;
  resolve(value: string): void;
  reject(error: Error): void;
}

function harness() {
  const started: Deferred[] = [];
  const applied: string[] = [];
  const failed: string[] = [];
  const queue = new LatestQuery<string, string>({
    run: (query) =>
      new Promise<string>((resolve, reject) => {
        started.push({ query, resolve, reject });
      }),
    apply: (result) => applied.push(result),
    fail: (error) => failed.push((error as Error).message),
  });
  return { queue, started, applied, failed };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('search as you type', () => {
  it('starts the first query at once, with no debounce', () => {
    const { queue, started } = harness();
    queue.submit('c');
    expect(started.map((d) => d.query)).toEqual(['c']);
  });

  it('while one runs, keeps only the newest waiting query and runs it next', async () => {
    const { queue, started, applied } = harness();
    queue.submit('c');
    queue.submit('co');
    queue.submit('cou');
    queue.submit('coun');
    expect(started).toHaveLength(1);
    started[0]!.resolve('c!');
    await settle();
    expect(started.map((d) => d.query)).toEqual(['c', 'coun']);
    started[1]!.resolve('coun!');
    await settle();
    expect(applied).toEqual(['c!', 'coun!']);
    expect(queue.busy).toBe(false);
  });

  it('an older answer never replaces a newer one', async () => {
    const { queue, started, applied } = harness();
    const first = queue.submit('a');
    queue.submit('ab');
    expect(queue.latest).toBeGreaterThan(first);
    started[0]!.resolve('a!');
    await settle();
    started[1]!.resolve('ab!');
    await settle();
    expect(applied).toEqual(['a!', 'ab!']);
  });

  it('reports a failure only when nothing newer is waiting', async () => {
    const { queue, started, applied, failed } = harness();
    queue.submit('a');
    queue.submit('ab');
    started[0]!.reject(new Error('a failed'));
    await settle();
    expect(failed).toEqual([]);
    started[1]!.reject(new Error('ab failed'));
    await settle();
    expect(failed).toEqual(['ab failed']);
    queue.submit('abc');
    started[2]!.resolve('abc!');
    await settle();
    expect(applied).toEqual(['abc!']);
  });

  it('a query that throws synchronously is reported, and the next one still runs', async () => {
    const failed: string[] = [];
    let calls = 0;
    const queue = new LatestQuery<string, string>({
      run: (q) => {
        calls++;
        if (q === 'bad') throw new Error('bad query');
        return Promise.resolve(q);
      },
      apply: () => undefined,
      fail: (e) => failed.push((e as Error).message),
    });
    queue.submit('bad');
    await settle();
    queue.submit('good');
    await settle();
    expect(failed).toEqual(['bad query']);
    expect(calls).toBe(2);
  });
});

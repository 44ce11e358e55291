import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { breakSchema } from './faults';
import { startSimulator } from './simulator.server';
import type { ShowDto } from './simulator.dtos';
import type { FaultRule, Simulator } from './simulator.types';
import { ADMIN, json, sendJson, type ShowsPage } from './simulator.test-support';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: { shows: 120, randomSeed: 5 } });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  sim.setFaults([]);
});

const showsUrl = () => `${sim.apiBase}/shows?page_size=5`;

describe('fault injection', () => {
  it('adds latency', async () => {
    sim.setFaults([{ kind: 'latency', path: '/shows', value: 250 }]);
    const started = performance.now();
    expect((await fetch(showsUrl())).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('answers a 5xx status for the first N matching requests only', async () => {
    sim.setFaults([{ kind: 'status', method: 'GET', path: '/shows', value: 503, times: 2 }]);
    const first = await fetch(showsUrl());
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({ message: 'The service is unavailable.' });
    expect((await fetch(showsUrl())).status).toBe(503);
    expect((await fetch(showsUrl())).status).toBe(200);
  });

  it('answers a status with the message it was given', async () => {
    sim.setFaults([{ kind: 'status', path: '/shows', value: 400, message: 'Refused.', times: 1 }]);
    const response = await fetch(showsUrl());
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'Refused.' });
  });

  it('matches on method and on a RegExp path', async () => {
    sim.setFaults([
      { kind: 'status', method: 'POST', path: '/shows', value: 500 },
      { kind: 'status', path: /^\/shows\/\d+$/, value: 502 },
    ]);
    expect((await fetch(showsUrl())).status).toBe(200);
    const id = [...sim.data.showIds()][0]!;
    expect((await fetch(`${sim.apiBase}/shows/${id}`)).status).toBe(502);
    expect(
      (await sendJson(`${sim.apiBase}/shows`, 'POST', { show: { title: 'x' } }, ADMIN)).status,
    ).toBe(500);
  });

  it('answers 429 with Retry-After', async () => {
    sim.addFault({ kind: 'retry-after', value: 7, times: 1 });
    const response = await fetch(showsUrl());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect((await fetch(showsUrl())).status).toBe(200);
  });

  it('truncates the JSON body after a valid prefix', async () => {
    const full = await (await fetch(showsUrl())).text();
    sim.setFaults([{ kind: 'truncated-json', path: '/shows', times: 1 }]);
    const response = await fetch(showsUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.text();
    expect(body.length).toBeGreaterThan(0);
    expect(body.length).toBeLessThan(full.length);
    expect(full.startsWith(body)).toBe(true);
    expect(() => JSON.parse(body) as unknown).toThrow();
  });

  it('answers an HTML login page with status 200', async () => {
    sim.setFaults([{ kind: 'html-200' }]);
    const response = await fetch(showsUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<form');
  });

  it('breaks the schema of one record in the response without touching the data', async () => {
    sim.setFaults([{ kind: 'schema-break', path: '/shows', times: 1 }]);
    const broken = await json<ShowsPage>(await fetch(showsUrl()));
    const first = broken.shows[0] as unknown as Record<string, unknown>;
    expect(first.eventDate).toBe(12345);
    expect(first.reels).toBe('x');
    expect(typeof first.id).toBe('number');
    expect(typeof broken.shows[1]?.eventDate).toBe('string');
    const clean = await json<ShowsPage>(await fetch(showsUrl()));
    expect(typeof clean.shows[0]?.eventDate).toBe('string');
    expect(clean.shows[0]?.id).toBe(first.id);
  });

  it('breaks singular envelopes and bare bodies too', () => {
    expect(breakSchema({ meta: null, show: { id: 1, eventDate: 'x' } })).toEqual({
      meta: null,
      show: { id: 1, eventDate: 12345, reels: 'x' },
    });
    expect(breakSchema({ vod: { id: 2, vodState: 'complete' } })).toMatchObject({
      vod: { id: 2, vodState: 42 },
    });
    expect(breakSchema({ hardwareID: 'x', cablecastVersion: '7.6' })).toMatchObject({
      cablecastVersion: 7,
    });
  });

  it('drops the connection without answering', async () => {
    sim.setFaults([{ kind: 'drop', path: '/shows', times: 1 }]);
    await expect(fetch(showsUrl())).rejects.toThrow();
    expect((await fetch(showsUrl())).status).toBe(200);
  });

  it('can drop the answer after a write was committed (the ambiguous failure)', async () => {
    const before = sim.data.shows.size;
    sim.setFaults([
      { kind: 'drop', method: 'POST', path: '/shows', afterHandling: true, times: 1 },
    ]);
    await expect(
      sendJson(`${sim.apiBase}/shows`, 'POST', { show: { title: 'Committed but lost' } }, ADMIN),
    ).rejects.toThrow();
    expect(sim.data.shows.size).toBe(before + 1);
    const noCommit = sim.data.shows.size;
    sim.setFaults([{ kind: 'status', method: 'POST', value: 503, times: 1 }]);
    expect(
      (await sendJson(`${sim.apiBase}/shows`, 'POST', { show: { title: 'Refused' } }, ADMIN))
        .status,
    ).toBe(503);
    expect(sim.data.shows.size).toBe(noCommit);
  });

  it('hangs until the client gives up', async () => {
    sim.setFaults([{ kind: 'hang', path: '/systeminfo' }]);
    const started = performance.now();
    await expect(
      fetch(`${sim.apiBase}/systeminfo`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('fires by seeded probability, the same way on every run', async () => {
    const outcomes = async (target: Simulator): Promise<number[]> => {
      target.setFaults([{ kind: 'status', path: '/systeminfo', value: 500, probability: 0.3 }]);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++)
        statuses.push((await fetch(`${target.apiBase}/systeminfo`)).status);
      return statuses;
    };
    const other = await startSimulator({ seed: { shows: 120, randomSeed: 5 } });
    try {
      const a = await outcomes(sim);
      const b = await outcomes(other);
      expect(a).toEqual(b);
      const failures = a.filter((status) => status === 500).length;
      expect(failures).toBeGreaterThan(3);
      expect(failures).toBeLessThan(25);
    } finally {
      await other.close();
    }
  });

  it('lets latency stack with a failure, and only one failure per request', async () => {
    const rules: FaultRule[] = [
      { kind: 'latency', value: 100 },
      { kind: 'status', value: 500, times: 1 },
      { kind: 'status', value: 502, times: 1 },
    ];
    sim.setFaults(rules);
    const started = performance.now();
    expect((await fetch(showsUrl())).status).toBe(500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    // The 502 rule was not spent by the first request.
    expect((await fetch(showsUrl())).status).toBe(502);
    expect((await fetch(showsUrl())).status).toBe(200);
  });
});

describe('close()', () => {
  it('ends hung and keep-alive connections promptly', async () => {
    const target = await startSimulator({ seed: { shows: 10, randomSeed: 1 } });
    target.setFaults([{ kind: 'hang', path: '/systeminfo' }]);
    // A keep-alive connection left idle, and one request that never gets an answer.
    await fetch(`${target.apiBase}/shows?page_size=1`);
    const hung = new Promise<string>((resolve) => {
      const req = request(`${target.apiBase}/systeminfo`, (res) =>
        resolve(`answered ${res.statusCode}`),
      );
      req.on('error', (error) => resolve(`error ${error.message}`));
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await target.close();
    expect(await hung).toMatch(/^error/);
    await expect(fetch(`${target.apiBase}/systeminfo`)).rejects.toThrow();
  });

  it('ends requests waiting on injected latency', async () => {
    const target = await startSimulator({ seed: { shows: 10, randomSeed: 1 } });
    target.setFaults([{ kind: 'latency', value: 60_000 }]);
    const pending = fetch(`${target.apiBase}/systeminfo`).then(
      (response) => `answered ${response.status}`,
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await target.close();
    expect(await pending).toBe('failed');
  });

  it('lets the process exit', async () => {
    const { spawn } = await import('node:child_process');
    const script = `
      const { startSimulator } = await import(${JSON.stringify(new URL('./index.ts', import.meta.url).pathname)});
      const sim = await startSimulator({ seed: { shows: 50, randomSeed: 2 } });
      sim.setFaults([{ kind: 'hang', path: '/systeminfo' }, { kind: 'latency', path: '/vods', value: 600000 }]);
      await fetch(sim.apiBase + '/shows');
      fetch(sim.apiBase + '/systeminfo').catch(() => {});
      fetch(sim.apiBase + '/vods').catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sim.close();
      console.log('closed');
    `;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: new URL('../../..', import.meta.url).pathname,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(-1);
      }, 15_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(output).toContain('closed');
    expect(code).toBe(0);
  });
});

describe('fault matching', () => {
  it('tests paths without the API prefix or query, lower-cased', async () => {
    sim.setFaults([{ kind: 'status', path: '/shows', value: 500 }]);
    expect((await fetch(`${sim.url}/CablecastAPI/v1/SHOWS?page_size=1`)).status).toBe(500);
    expect((await fetch(`${sim.apiBase}/vods?page_size=1&x=/shows`)).status).toBe(200);
  });

  it('keeps the shows record intact after a schema break of a single show', async () => {
    const id = [...sim.data.showIds()][0]!;
    sim.setFaults([{ kind: 'schema-break', path: /^\/shows\/\d+$/ }]);
    const broken = await json<{ show: Record<string, unknown> }>(
      await fetch(`${sim.apiBase}/shows/${id}`),
    );
    expect(broken.show.eventDate).toBe(12345);
    sim.setFaults([]);
    const clean = await json<{ show: ShowDto }>(await fetch(`${sim.apiBase}/shows/${id}`));
    expect(typeof clean.show.eventDate).toBe('string');
  });
});

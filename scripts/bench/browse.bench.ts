import { desktopUser } from '../../src/main/contract/testing/stub-handlers';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import playwrightConfig from '../../playwright.config';
import { createCore } from '../../src/main/app/core';
import { silentLogger } from '../../src/main/logging/logger';
import { MemorySecretStore } from '../../src/main/secrets/memory-secret-store';
import type { SyncStatus } from '../../src/shared/catalog';
import { figure, percentile, type BenchFigure } from './harness';

const SHOWS = 50_000;
const root = resolve(import.meta.dirname, '..', '..');

/** Searches an operator types, key by key (the simulator's catalog has all of these). */
const QUERIES = [
  'city council',
  'budget hearing',
  'school board',
  'water tower',
  'planning commission variance',
  'parade',
  'pickleball',
  'library board 2024',
];
/** Between keys: a quick typist (about 100 words a minute). */
const KEY_DELAY_MS = 110;

/**
 * Injected before the app loads. Records, in the page's own clock:
 *  - when the first show rows are painted (from navigation start, performance.now()'s origin);
 *  - for every keystroke in the search box, the time from the key event to the paint of the
 *    first list that answers that text or a later one (an answer for a later text also shows
 *    what was typed). "Painted" is the task after the next animation frame's callbacks, which
 *    runs once that frame has been rendered.
 * The list marks which text its rows answer with `data-result-text`.
 */
const PERF_SCRIPT = `(() => {
  const perf = { firstRows: null, keys: [], pending: [], lastKeyAt: null };
  window.__browsePerf = perf;
  const afterPaint = (cb) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => cb(performance.now());
      channel.port2.postMessage(0);
    });
  const isSearch = (el) => el && el.getAttribute && el.getAttribute('aria-label') === 'Search shows';
  const check = () => {
    const grid = document.querySelector('[role="grid"]');
    if (!grid) return;
    if (perf.firstRows === null && grid.querySelector('[data-show-id]')) {
      perf.firstRows = -1;
      afterPaint((t) => { perf.firstRows = t; });
    }
    const shown = grid.getAttribute('data-result-text');
    const answered = grid.getAttribute('data-result-total') === '0' || grid.querySelector('[data-show-id]');
    if (perf.pending.length === 0 || shown === null || !answered) return;
    let last = -1;
    for (let i = perf.pending.length - 1; i >= 0; i--) {
      if (perf.pending[i].text === shown) { last = i; break; }
    }
    if (last < 0) return;
    const done = perf.pending.splice(0, last + 1);
    afterPaint((t) => { for (const k of done) perf.keys.push({ text: k.text, ms: t - k.t0 }); });
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ['data-result-text', 'data-result-total', 'data-show-id'],
  });
  document.addEventListener('keydown', (e) => { if (isSearch(e.target)) perf.lastKeyAt = e.timeStamp; }, true);
  document.addEventListener('input', (e) => {
    if (!isSearch(e.target)) return;
    perf.pending.push({ text: e.target.value.trim(), t0: perf.lastKeyAt ?? performance.now() });
    check();
  }, true);
})();`;

interface BrowsePerf {
  firstRows: number | null;
  keys: { text: string; ms: number }[];
  pending: unknown[];
}

async function waitFor<T>(what: string, poll: () => Promise<T | null>, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await poll();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A data folder whose catalog holds `SHOWS` shows, synced from the demo simulator by the core. */
async function prefill(dataDir: string): Promise<{ seconds: number }> {
  const core = await createCore({
    dataDir,
    host: 'browser',
    appVersion: 'bench',
    env: {},
    secrets: new MemorySecretStore(),
    logger: silentLogger,
    demoShows: SHOWS,
  });
  const call = async (method: string, input: unknown = {}) => {
    const result = await core.dispatcher.dispatch(method, input, desktopUser);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  try {
    await call('demo.use');
    const started = performance.now();
    await call('sync.start', { mode: 'full' });
    const status = await waitFor(
      'the full sync',
      async () => {
        const s = (await call('sync.status')) as SyncStatus;
        return s.running ? null : s;
      },
      300_000,
    );
    if (status.phase !== 'done' || status.showCount !== SHOWS) {
      throw new Error(
        `The sync ended ${status.phase} with ${status.showCount} shows: ${status.error ?? ''}`,
      );
    }
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    await core.dispose();
  }
}

/** `archivist serve` on the data folder, as a separate process. */
async function serve(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['bin/archivist.js', 'serve', '--data-dir', dataDir, '--demo-shows', String(SHOWS)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  );
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open: (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return { url, child };
}

function perfOf(page: Page): Promise<BrowsePerf> {
  return page.evaluate(() => (globalThis as unknown as { __browsePerf: BrowsePerf }).__browsePerf);
}

async function firstPaint(page: Page): Promise<number> {
  return waitFor(
    'the first rows',
    async () => {
      const t = (await perfOf(page)).firstRows;
      return t !== null && t > 0 ? t : null;
    },
    30_000,
  );
}

/** The three figures, measured in Chromium against a browser host at `url` serving `SHOWS` shows. */
export async function measureBrowse(url: string): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  let browser: Browser | null = null;
  try {
    const launch = playwrightConfig.use?.launchOptions ?? {};
    browser = await chromium.launch({
      ...launch,
      args: [...(launch.args ?? []), '--enable-precise-memory-info'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: PERF_SCRIPT });
    const page = await context.newPage();

    // First paint: a cold load, then warm reloads (the token is kept for the tab).
    const loads: number[] = [];
    await page.goto(url);
    loads.push(await firstPaint(page));
    for (let i = 0; i < 4; i++) {
      await page.reload();
      loads.push(await firstPaint(page));
    }
    figures.push(
      figure('browse.first_paint.ms', percentile(loads, 50), 'ms', '<= 1000', {
        note: `median of ${loads.length} loads; cold ${Math.round(loads[0] ?? 0)} ms, worst ${Math.round(Math.max(...loads))} ms`,
      }),
    );

    // Search as you type, several queries, key by key; each query cleared before the next.
    const search = page.getByRole('searchbox', { name: 'Search shows' });
    await search.click();
    for (const query of QUERIES) {
      await page.keyboard.type(query, { delay: KEY_DELAY_MS });
      await page.waitForTimeout(400);
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Backspace');
      await page.waitForTimeout(400);
    }
    const perf = await perfOf(page);
    const times = perf.keys.map((k) => k.ms);
    // BENCH_VERBOSE=1 lists the slowest keystrokes, to see which texts make the tail.
    if (process.env.BENCH_VERBOSE) {
      const slow = [...perf.keys].sort((a, b) => b.ms - a.ms).slice(0, 12);
      console.log(slow.map((k) => `   ${Math.round(k.ms)} ms  "${k.text}"`).join('\n'));
    }
    const typed = QUERIES.reduce((n, q) => n + q.length + 1, 0);
    figures.push(
      figure('browse.search.p95.ms', percentile(times, 95), 'ms', '<= 50', {
        note: `${times.length} of ${typed} keystrokes answered; p50 ${Math.round(percentile(times, 50))} ms, max ${Math.round(Math.max(...times))} ms`,
      }),
    );

    // Heap after scrolling the whole list top to bottom and back, after a collection.
    const grid = page.getByRole('grid', { name: 'Shows' });
    // (String functions: this project's Node typings have no DOM.)
    const height = Number(await grid.evaluate('(el) => el.scrollHeight'));
    const step = 9_000;
    for (const direction of [1, -1]) {
      for (let i = 0; i <= Math.ceil(height / step); i++) {
        const top = direction > 0 ? i * step : height - i * step;
        await grid.evaluate('(el, y) => { el.scrollTop = y; }', top);
        await page.waitForTimeout(25);
      }
    }
    await page.waitForTimeout(500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const rows = await grid.locator('[data-show-id]').count();
    figures.push(
      figure('browse.heap.mb', heap.usedSize / 1024 / 1024, 'MB', '<= 150', {
        note: `after scrolling ${SHOWS} rows down and up; ${rows} rows in the DOM`,
      }),
    );
  } finally {
    await browser?.close();
  }
  return figures;
}

export async function browseBenchmarks(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'archivist-bench-browse-'));
  let child: ChildProcess | null = null;
  try {
    const filled = await prefill(dataDir);
    console.log(`   (catalog of ${SHOWS} shows synced in ${filled.seconds.toFixed(1)} s)`);
    const served = await serve(dataDir);
    child = served.child;

    figures.push(...(await measureBrowse(served.url)));
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

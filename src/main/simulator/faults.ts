import { createPrng, type Prng } from './prng';
import type { FaultRule } from './simulator.types';

/** What the fault rules decided for one request. */
export interface FaultPlan {
  latencyMs: number;
  /** 'slow-commit': the request is committed this long after it arrived, whatever the client does. */
  commitDelayMs: number;
  /** status / retry-after / html-200 / drop / hang: at most one, the first rule that fired. */
  failure: FaultRule | null;
  truncate: FaultRule | null;
  schemaBreak: boolean;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

const TERMINAL_KINDS = new Set<FaultRule['kind']>([
  'status',
  'retry-after',
  'html-200',
  'drop',
  'hang',
]);

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return path.includes(rule.path.toLowerCase());
  // A /g or /y RegExp keeps state between test() calls; a rule must not depend on call history.
  rule.path.lastIndex = 0;
  return rule.path.test(path);
}

/**
 * Decides, per request, which fault rules fire. Probabilities come from a seeded PRNG so a test
 * run that injects "10 % 503" fails the same requests every time.
 */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private readonly rng: Prng;

  constructor(seed: number) {
    // A stream of its own: adding a fault must not change the seeded catalog, nor the reverse.
    this.rng = createPrng((seed ^ 0x5eed_fa17) >>> 0);
  }

  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY }));
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  get active(): number {
    return this.rules.filter((entry) => entry.remaining > 0).length;
  }

  /** `path` is lower-cased, without the API prefix and the query. */
  plan(method: string, path: string): FaultPlan {
    const plan: FaultPlan = {
      latencyMs: 0,
      commitDelayMs: 0,
      failure: null,
      truncate: null,
      schemaBreak: false,
    };
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.remaining <= 0 || !matches(rule, method, path)) continue;
      const terminal = TERMINAL_KINDS.has(rule.kind);
      // A request fails one way only: later failure rules neither fire nor spend their `times`.
      if (terminal && plan.failure) continue;
      if (rule.kind === 'truncated-json' && plan.truncate) continue;
      const probability = rule.probability ?? 1;
      if (probability < 1 && !(this.rng.next() < probability)) continue;
      entry.remaining--;
      if (rule.kind === 'latency') plan.latencyMs += Math.max(0, rule.value ?? 0);
      else if (rule.kind === 'slow-commit') plan.commitDelayMs += Math.max(0, rule.value ?? 1000);
      else if (rule.kind === 'schema-break') plan.schemaBreak = true;
      else if (rule.kind === 'truncated-json') plan.truncate = rule;
      else plan.failure = rule;
    }
    return plan;
  }
}

/** What a station's reverse proxy / SSO gateway answers instead of JSON: a login page, with 200. */
export const LOGIN_PAGE_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Cablecast Frontdoor - Sign In</title>
</head>
<body>
  <main class="frontdoor-login">
    <h1>Sign in to Cablecast</h1>
    <form method="post" action="/frontdoor/login">
      <label>Username <input name="username" autocomplete="username"></label>
      <label>Password <input name="password" type="password" autocomplete="current-password"></label>
      <button type="submit">Sign In</button>
    </form>
  </main>
</body>
</html>
`;

/** Wrong-typed values per record kind: clearly invalid, but leaving the id usable for reporting. */
const BREAKERS: Record<string, Record<string, unknown>> = {
  show: { eventDate: 12345, reels: 'x' },
  vod: { vodState: 42, length: 'long' },
  reel: { length: 'x' },
  savedShowSearch: { results: 'x' },
  session: { isAdmin: 'yes', permissions: 'all' },
  systemInfo: { cablecastVersion: 7 },
};

const PLURAL_TO_SINGULAR: Record<string, string> = { shows: 'show', vods: 'vod', reels: 'reel' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a copy of a response body in which the primary record (or the first record of the
 * primary list) carries wrong-typed fields. The stored data is never touched.
 */
export function breakSchema(body: unknown): unknown {
  if (!isRecord(body)) return body;
  const out: Record<string, unknown> = { ...body };
  const keys = Object.keys(out).filter((key) => key !== 'meta');
  const primary = keys[0];
  if (primary === undefined) return { id: 'abc' };
  const value = out[primary];
  if (Array.isArray(value)) {
    const list = value as unknown[];
    const first = list[0];
    if (isRecord(first)) {
      const kind = PLURAL_TO_SINGULAR[primary];
      const breaker = (kind && BREAKERS[kind]) ?? { id: 'abc', name: 42 };
      out[primary] = [{ ...first, ...breaker }, ...list.slice(1)];
    } else {
      out[primary] = 'x';
    }
    return out;
  }
  if (isRecord(value)) {
    out[primary] = { ...value, ...(BREAKERS[primary] ?? { id: 'abc' }) };
    return out;
  }
  // A bare DTO: GET /systeminfo by default, or a bare session.
  return { ...out, ...('permissions' in out ? BREAKERS.session : BREAKERS.systemInfo) };
}

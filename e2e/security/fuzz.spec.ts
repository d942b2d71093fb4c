// Fuzzes every HTTP route of the main app with seeded malformed requests over real HTTP.
// The contract under test (README, "HTTP API"): malformed input is a 4xx with a JSON
// `{ error }` saying what is wrong, never a 5xx, an HTML error page or a hang. The requests
// and the contract are in fuzz-values.ts and fuzz-routes.ts, shared with `npm run bench:faults`.
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { E2E } from '../ports';
import { FUZZ_TARGETS, NO_ANSWER, describeOutcome, isForeign, violation } from './fuzz-routes';
import type { MalformedRequest, Outcome, Route } from './fuzz-routes';
import { HANG_MS, PER_ROUTE, inBatches, sendWithFetch } from './fuzz-send';
import { Gen, prng } from './fuzz-values';

const BASE = `http://127.0.0.1:${E2E.app}`;

const totals = { requests: 0, serverErrors: 0, tooLarge: 0 };
const failures: string[] = [];

function record(route: Route, o: Outcome): void {
  totals.requests += 1;
  if (o.status >= 500) totals.serverErrors += 1;
  if (o.status === 431 || o.status === 414) totals.tooLarge += 1;
  const v = violation(route, o);
  if (v) failures.push(`${route.path}: ${v}: ${describeOutcome(o)}`);
}

async function viaRequest(request: APIRequestContext, req: MalformedRequest): Promise<Outcome> {
  const url = `${BASE}${req.path}`;
  const started = Date.now();
  let res: APIResponse;
  try {
    res = req.body
      ? await request.post(url, {
          data: req.body,
          headers: { 'content-type': 'application/x-ndjson' },
          timeout: HANG_MS,
          maxRedirects: 0,
        })
      : await request.get(url, { timeout: HANG_MS, maxRedirects: 0 });
  } catch (err) {
    return { url, status: NO_ANSWER, ms: Date.now() - started, contentType: '', body: String(err) };
  }
  const body = (await res.body()).toString('utf8');
  return {
    url,
    status: res.status(),
    ms: Date.now() - started,
    contentType: res.headers()['content-type'] ?? '',
    body,
  };
}

function expectClean(path: string): void {
  const mine = failures.filter((f) => f.startsWith(`${path}: `));
  expect(mine.slice(0, 10), `${mine.length} bad answers from ${path}`).toEqual([]);
}

test.describe('fuzzing every route', () => {
  test.describe.configure({ timeout: 60_000 });

  test.afterAll(() => {
    console.log(
      `fuzz: ${totals.requests} requests, ${totals.serverErrors} 5xx` +
        ` (${totals.tooLarge} refused by Node as too large, ${failures.length} contract breaches)`,
    );
  });

  for (const target of FUZZ_TARGETS) {
    test(target.name, async ({ request }) => {
      // An export that passes validation costs the server about 0.3 s before its headers
      // (it reads the first page of the history), and about a fifth of these do.
      if (target.route.streamed) test.setTimeout(120_000);
      const g = new Gen(prng(target.seed));
      const headersOnly = target.route.kind === 'sse' || Boolean(target.route.streamed);
      await inBatches(PER_ROUTE, async () => {
        const req = target.next(g);
        const o = headersOnly
          ? await sendWithFetch(BASE, req, true)
          : await viaRequest(request, req);
        if (isForeign(target, o)) {
          totals.requests += 1;
          return;
        }
        record(target.route, o);
      });
      expectClean(target.route.path);
    });
  }
});

// Filters with regular expressions (--http-path, --http-url, --dns-query) run on the server
// against URLs that workloads choose. A backtracking pattern against a crafted path would cost
// time exponential in its length (27 'a's: seconds of a blocked event loop; 40: days), so such
// patterns are refused when the filter is parsed.
test('a regex bomb against a crafted URL is refused at once', async ({ request }) => {
  test.setTimeout(60_000);
  const time = new Date(Date.now() - 20 * 3_600_000).toISOString();
  const line = JSON.stringify({
    flow: {
      time,
      uuid: 'f0220000-0000-4000-8000-0000000bad00',
      verdict: 'FORWARDED',
      Type: 'L7',
      source: { namespace: 'fuzz', pod_name: 'redos-a' },
      destination: { namespace: 'fuzz', pod_name: 'redos-b' },
      l7: { type: 'REQUEST', http: { method: 'GET', url: `http://x/redos/${'a'.repeat(27)}!` } },
    },
  });
  const imported = await request.post(`${BASE}/api/flows/import`, { data: `${line}\n` });
  expect(imported.status()).toBe(200);
  const started = Date.now();
  const res = await request.get(`${BASE}/api/flows`, {
    params: { q: '--http-path redos/(a+)+$' },
    timeout: 30_000,
  });
  const ms = Date.now() - started;
  console.log(`regex bomb: ${res.status()} in ${ms} ms`);
  expect(res.status()).toBe(400);
  expect(((await res.json()) as { error: string }).error).toMatch(/exponential time/);
});

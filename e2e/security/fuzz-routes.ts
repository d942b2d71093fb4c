// The HTTP routes fuzzed with seeded malformed requests, and the contract their answers are
// held to (README, "HTTP API"): malformed input is a 4xx with a JSON `{ error }` saying what
// is wrong, never a 5xx, an HTML error page or a hang. Shared by the fuzzing end-to-end test
// (security/fuzz.spec.ts) and `npm run bench:faults`, which send the same requests.
import { flowId, importBody, queryString, validateBody, type Gen } from './fuzz-values';

export interface Route {
  path: string;
  /** Parameters the route knows, to get fuzzed values past the unknown-parameter check. */
  known: readonly string[];
  /** json: 4xx must be `{ error }`; text: answers 200 whatever the query; sse: streams. */
  kind: 'json' | 'text' | 'sse';
  /** The answer may be large (an export): read only its headers unless it is an error. */
  streamed?: boolean;
}

const WINDOW = ['window', 'from', 'to'];
const MAP = [
  ...WINDOW,
  'namespace',
  'verdict',
  'selector',
  'port',
  'protocol',
  'exclude',
  'series',
];
const ROUTES: Route[] = [
  { path: '/api/status', known: [], kind: 'json' },
  { path: '/api/config', known: [], kind: 'json' },
  { path: '/api/store', known: [], kind: 'json' },
  { path: '/api/policies', known: [], kind: 'json' },
  { path: '/api/flows', known: ['q', 'limit', 'node', 'edge', ...WINDOW], kind: 'json' },
  { path: '/api/flows/stream', known: ['q'], kind: 'sse' },
  { path: '/api/flows/export', known: ['q', ...WINDOW], kind: 'json', streamed: true },
  { path: '/api/map', known: MAP, kind: 'json' },
  { path: '/api/map/stream', known: [...MAP, 'since'], kind: 'sse' },
  { path: '/api/timeline', known: [...WINDOW, 'namespace', 'selector', 'breakdown'], kind: 'json' },
  {
    path: '/api/timeline/drop-edges',
    known: [...WINDOW, 'namespace', 'selector', 'breakdown'],
    kind: 'json',
  },
  { path: '/api/flows/decisions', known: ['id'], kind: 'json' },
  { path: '/api/policies/self-check', known: WINDOW, kind: 'json' },
  { path: '/api/coverage', known: [...WINDOW, 'namespace'], kind: 'json' },
  { path: '/api/recommend', known: [...WINDOW, 'flow', 'workload', 'stableBefore'], kind: 'json' },
  { path: '/healthz', known: [], kind: 'text' },
  { path: '/readyz', known: [], kind: 'text' },
  { path: '/metrics', known: [], kind: 'text' },
];

export interface MalformedRequest {
  method: 'GET' | 'POST';
  /** Path and query, raw: broken escapes stay broken. */
  path: string;
  body?: Buffer;
}

/** One route's stream of malformed requests. */
export interface FuzzTarget {
  /** e.g. `GET /api/flows`. */
  name: string;
  route: Route;
  seed: number;
  /**
   * The path has a segment the requests fill in: one that leaves it (../ after decoding)
   * reaches another route or Next's own 404 page, and only answers of this route are held
   * to its contract.
   */
  dynamicPath?: boolean;
  next(g: Gen): MalformedRequest;
}

const POLICY_ROUTE: Route = {
  path: '/api/policies/<kind>/<ns>/<name>',
  known: ['flow', ...WINDOW],
  kind: 'json',
};

/** GET /api/flows/<id><suffix> with a fuzzed id, and now and then a fuzzed query. */
function flowIdTarget(suffix: string, seed: number): FuzzTarget {
  const path = `/api/flows/<id>${suffix}`;
  return {
    name: `GET ${path}`,
    route: { path, known: [], kind: 'json' },
    seed,
    dynamicPath: true,
    next: (g) => {
      const query = g.chance(0.2) ? queryString(g, []) : '';
      return { method: 'GET', path: `/api/flows/${flowId(g)}${suffix}${query}` };
    },
  };
}

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  ...ROUTES.map((route, index): FuzzTarget => ({
    name: `GET ${route.path}`,
    route,
    seed: 0xf10 + index,
    next: (g) => ({ method: 'GET', path: `${route.path}${queryString(g, route.known)}` }),
  })),
  flowIdTarget('', 0xf1d),
  flowIdTarget('/explain', 0xf1f),
  {
    name: 'GET /api/policies/<kind>/<namespace>/<name>',
    route: POLICY_ROUTE,
    seed: 0xf20,
    dynamicPath: true,
    next: (g) => {
      const segment = (valid: string[]) =>
        g.chance(0.5) ? g.pick(valid) : encodeURIComponent(flowId(g)).slice(0, 300);
      const kind = segment(['cnp', 'ccnp', 'netpol', 'CiliumNetworkPolicy', 'NetworkPolicy']);
      const ns = segment(['shop', '_', 'payments', 'kube-system']);
      const name = segment(['backend-api', 'default-deny', 'deny-egress-to-metadata', 'nope']);
      return {
        method: 'GET',
        path: `/api/policies/${kind}/${ns}/${name}${queryString(g, POLICY_ROUTE.known)}`,
      };
    },
  },
  {
    name: 'POST /api/flows/import',
    route: { path: '/api/flows/import', known: [], kind: 'json' },
    seed: 0xf1e,
    next: (g) => {
      const query = g.chance(0.1) ? queryString(g, []) : '';
      return { method: 'POST', path: `/api/flows/import${query}`, body: importBody(g) };
    },
  },
  {
    name: 'GET /api/lab/drafts',
    route: { path: '/api/lab/drafts', known: [], kind: 'json' },
    seed: 0xf22,
    next: (g) => ({ method: 'GET', path: `/api/lab/drafts${queryString(g, [])}` }),
  },
  {
    name: 'POST /api/lab/validate',
    route: { path: '/api/lab/validate', known: [], kind: 'json' },
    seed: 0xf21,
    next: (g) => ({ method: 'POST', path: '/api/lab/validate', body: validateBody(g) }),
  },
];

export interface Outcome {
  url: string;
  status: number;
  ms: number;
  contentType: string;
  body: string;
}

/** The client's own failure (no answer, or none in time) is reported as this status. */
export const NO_ANSWER = 599;

export function describeOutcome(o: Outcome): string {
  return `${o.status} in ${o.ms} ms: ${o.url.slice(0, 300)} -> ${o.body.slice(0, 200)}`;
}

/** An answer that is not the route's own: a path that left its dynamic segment. */
export function isForeign(target: FuzzTarget, o: Outcome): boolean {
  return Boolean(target.dynamicPath) && o.status === 404 && !o.contentType.includes('json');
}

/** Checks one answer against the contract; returns what is wrong, or null. */
export function violation(route: Route, o: Outcome): string | null {
  if (o.status >= 500) return '5xx';
  // Node's HTTP parser refuses request lines past its header limit before any route
  // runs; that answer has no body to check.
  if (o.status === 431 || o.status === 414) return null;
  if (route.kind === 'text') return o.status === 200 ? null : `text route answered ${o.status}`;
  if (o.status < 400) return null;
  if (!o.contentType.includes('application/json')) return `4xx is ${o.contentType}, not JSON`;
  let body: unknown;
  try {
    body = JSON.parse(o.body);
  } catch {
    return '4xx body is not JSON';
  }
  const b = body as { error?: unknown; found?: unknown };
  // An unknown but well-formed flow id is a 404 with what the history covers.
  if (o.status === 404 && b.found === false) return null;
  if (typeof b.error !== 'string' || b.error.trim() === '') return '4xx without { error }';
  return null;
}
